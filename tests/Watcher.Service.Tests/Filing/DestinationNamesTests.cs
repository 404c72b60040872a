using Watcher.Service.Filing;

namespace Watcher.Service.Tests.Filing;

public sealed class DestinationNamesTests
{
    [Theory]
    [InlineData("cat.jpg", 1, "cat.jpg")]
    [InlineData("cat.jpg", 2, "cat (2).jpg")]
    [InlineData("cat.tar.gz", 3, "cat.tar (3).gz")]
    [InlineData("README", 2, "README (2)")]
    [InlineData(".hidden", 2, ".hidden (2)")]
    public void Candidates_number_the_stem_and_keep_the_extension(string name, int n, string expected) =>
        DestinationNames.Candidate(name, n).Should().Be(expected);

    [Fact]
    public void A_long_name_is_shortened_without_splitting_an_emoji()
    {
        string name = string.Concat(Enumerable.Repeat("😀", 63)) + "abc.jpg"; // 252 + 7 = 259 bytes

        string candidate = DestinationNames.Candidate(name, 12);

        DestinationNames.Utf8(candidate).Should().BeLessThanOrEqualTo(DestinationNames.MaxNameBytes);
        candidate.Should().EndWith("😀 (12).jpg");
        candidate.Should().NotContain("\uFFFD");
    }

    [Fact]
    public void An_absurdly_long_extension_counts_as_part_of_the_name()
    {
        string name = "x." + new string('e', 300);

        string candidate = DestinationNames.Candidate(name, 2);

        DestinationNames.Utf8(candidate).Should().BeLessThanOrEqualTo(DestinationNames.MaxNameBytes);
        candidate.Should().EndWith(" (2)");
    }

    [Fact]
    public void The_temporary_name_follows_from_the_destination_and_fits_the_limit()
    {
        string folder = Path.Combine(Path.GetTempPath(), "cats");
        string shortTemp = DestinationNames.TempFor(Path.Combine(folder, "cat.jpg"));
        string longA = DestinationNames.TempFor(Path.Combine(folder, new string('a', 250) + "1.jpg"));
        string longB = DestinationNames.TempFor(Path.Combine(folder, new string('a', 250) + "2.jpg"));

        shortTemp.Should().Be(Path.Combine(folder, ".cat.jpg.watcher-tmp"));
        DestinationNames.TempFor(Path.Combine(folder, "cat.jpg")).Should().Be(shortTemp);
        DestinationNames.Utf8(Path.GetFileName(longA)).Should().BeLessThanOrEqualTo(DestinationNames.MaxNameBytes);
        longA.Should().NotBe(longB).And.StartWith(Path.Combine(folder, ".aaa")).And.EndWith(".watcher-tmp");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("..")]
    [InlineData("a/b.jpg")]
    [InlineData("a\\b.jpg")]
    public void Names_that_are_not_plain_file_names_are_refused(string name)
    {
        Action validate = () => DestinationNames.Validate(name);

        validate.Should().Throw<ArgumentException>();
    }
}
