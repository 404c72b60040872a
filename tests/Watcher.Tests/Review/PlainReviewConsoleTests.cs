using Watcher.Review;

namespace Watcher.Tests.Review;

// Piped input: answers read line by line, echoed after their prompt, and the end of input is null.
public sealed class PlainReviewConsoleTests
{
    [Fact]
    public async Task Answers_are_read_in_order_and_echoed_then_the_end_of_input_is_null()
    {
        using var input = new StringReader("gas pumps\n\n");
        using var output = new StringWriter();
        var console = new PlainReviewConsole(input, output);

        (await console.AskAsync("Name for cluster 3:", CancellationToken.None)).Should().Be("gas pumps");
        (await console.AskAsync("Name for cluster 4:", CancellationToken.None)).Should().Be("");
        (await console.AskAsync("Name for cluster 5:", CancellationToken.None)).Should().BeNull();
        console.Line("done", Tone.Done);

        output.ToString().Split(Environment.NewLine).Should().Equal(
            "Name for cluster 3: gas pumps", "Name for cluster 4: ", "Name for cluster 5: (end of input)", "done", "");
    }
}
