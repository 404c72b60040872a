using Watcher.Review;

namespace Watcher.Tests.Review;

// The review prompts' input: numbers and ranges, names with spaces, and every mistake a sentence.
public sealed class ReviewInputParserTests
{
    [Theory]
    [InlineData("1 dogs", new[] { 1 }, "dogs")]
    [InlineData("1,3-5 dogs", new[] { 1, 3, 4, 5 }, "dogs")]
    [InlineData("1, 3 - 5 golden dogs", new[] { 1, 3, 4, 5 }, "golden dogs")]
    [InlineData("  2  gas   pumps  ", new[] { 2 }, "gas   pumps")]
    [InlineData("5,1,1-2 cats", new[] { 1, 2, 5 }, "cats")]
    [InlineData("4-4 x", new[] { 4 }, "x")]
    [InlineData("1 2024 photos", new[] { 1 }, "2024 photos")]
    [InlineData("2 \"big dogs\"", new[] { 2 }, "big dogs")]
    [InlineData("2 'big dogs'", new[] { 2 }, "big dogs")]
    [InlineData("10-12 last ones", new[] { 10, 11, 12 }, "last ones")]
    [InlineData("* misc", new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, "misc")]
    public void Numbers_and_a_name_file_those_images_under_the_name(string line, int[] numbers, string name)
    {
        var command = ReviewInputParser.ParseQueueCommand(line, pageCount: 12);

        var file = command.Should().BeOfType<QueueCommand.File>().Which;
        file.Numbers.Should().Equal(numbers);
        file.Name.Should().Be(name);
    }

    [Theory]
    [InlineData("i 2,4", new[] { 2, 4 })]
    [InlineData("I 3-1x", null)]
    [InlineData("ignore 1-3", new[] { 1, 2, 3 })]
    [InlineData("i  7 , 2", new[] { 2, 7 })]
    [InlineData("i *", new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    public void I_and_numbers_ignore_those_images(string line, int[]? numbers)
    {
        var command = ReviewInputParser.ParseQueueCommand(line, pageCount: 12);

        if (numbers is null)
        {
            command.Should().BeOfType<QueueCommand.Invalid>();
            return;
        }
        command.Should().BeOfType<QueueCommand.Ignore>().Which.Numbers.Should().Equal(numbers);
    }

    [Theory]
    [InlineData("", typeof(QueueCommand.Next))]
    [InlineData("   ", typeof(QueueCommand.Next))]
    [InlineData(null, typeof(QueueCommand.Quit))]
    [InlineData("q", typeof(QueueCommand.Quit))]
    [InlineData(" Q ", typeof(QueueCommand.Quit))]
    [InlineData("quit", typeof(QueueCommand.Quit))]
    [InlineData("?", typeof(QueueCommand.Help))]
    [InlineData("help", typeof(QueueCommand.Help))]
    public void Single_keys_page_quit_and_ask_for_help(string? line, Type expected)
    {
        ReviewInputParser.ParseQueueCommand(line, pageCount: 12).Should().BeOfType(expected);
    }

    [Theory]
    [InlineData("1,3-5", "Give a name after the numbers")]
    [InlineData("13 dogs", "There is no image 13 on this page (1-12)")]
    [InlineData("0 dogs", "There is no image 0 on this page")]
    [InlineData("99999999999 dogs", "There is no image 99999999999")]
    [InlineData("2,14-15 dogs", "There is no image 14")]
    [InlineData("5-3 dogs", "The range 5-3 runs backwards; write 3-5")]
    [InlineData("1,,2 dogs", "'' is not a number or a range")]
    [InlineData("1-2-3 dogs", "'1-2-3' is not a number or a range")]
    [InlineData("12monkeys", "'12monkeys' is not a number or a range")]
    [InlineData("dogs 1", "'dogs 1' is not a command. Type ? for help.")]
    [InlineData("i", "Say which images to ignore")]
    [InlineData("i 2 dogs", "Ignore takes numbers only")]
    [InlineData("i 30", "There is no image 30")]
    [InlineData("* \"\"", "Give a name after the numbers")]
    public void Bad_input_is_explained_instead_of_acted_on(string line, string message)
    {
        var command = ReviewInputParser.ParseQueueCommand(line, pageCount: 12);

        command.Should().BeOfType<QueueCommand.Invalid>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void An_empty_page_has_no_numbers_to_pick()
    {
        ReviewInputParser.ParseQueueCommand("* dogs", pageCount: 0).Should().BeOfType<QueueCommand.Invalid>()
            .Which.Message.Should().Be("There are no images on this page.");
        ReviewInputParser.ParseQueueCommand("1 dogs", pageCount: 0).Should().BeOfType<QueueCommand.Invalid>();
    }

    [Theory]
    [InlineData("1 2024 photos", "1", "2024 photos")]
    [InlineData("1 ,2 x", "1 ,2", "x")]
    [InlineData("1- 3 x y", "1- 3", "x y")]
    [InlineData("7", "7", "")]
    public void The_numbers_end_at_the_first_space_not_next_to_a_comma_or_dash(string text, string selection, string remainder)
    {
        ReviewInputParser.SplitSelection(text).Should().Be((selection, remainder));
    }

    [Theory]
    [InlineData(null, typeof(ClusterAnswer.Quit))]
    [InlineData("", typeof(ClusterAnswer.Skip))]
    [InlineData("  ", typeof(ClusterAnswer.Skip))]
    [InlineData("q", typeof(ClusterAnswer.Quit))]
    [InlineData("QUIT", typeof(ClusterAnswer.Quit))]
    [InlineData("?", typeof(ClusterAnswer.Help))]
    [InlineData("quite good", typeof(ClusterAnswer.Name))]
    public void A_cluster_answer_skips_quits_asks_for_help_or_names(string? line, Type expected)
    {
        ReviewInputParser.ParseClusterAnswer(line).Should().BeOfType(expected);
    }

    [Theory]
    [InlineData("dogs", "dogs")]
    [InlineData("  gas pumps  ", "gas pumps")]
    [InlineData("\"french horns\"", "french horns")]
    [InlineData("../escape", "../escape")]
    public void A_cluster_name_is_passed_on_as_typed_for_the_daemon_to_judge(string line, string name)
    {
        ReviewInputParser.ParseClusterAnswer(line).Should().Be(new ClusterAnswer.Name(name));
    }
}
