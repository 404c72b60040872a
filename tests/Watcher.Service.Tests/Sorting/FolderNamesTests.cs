using Watcher.Service.Sorting;

namespace Watcher.Service.Tests.Sorting;

public sealed class FolderNamesTests
{
    [Theory]
    [InlineData("  cats ", "cats")]
    [InlineData("golf balls", "golf balls")]
    [InlineData("Ünïcödé 猫", "Ünïcödé 猫")]
    [InlineData("receipts-2026", "receipts-2026")]
    public void A_good_name_becomes_its_trimmed_self(string name, string folder) =>
        FolderNames.Validate(name).Should().Be(folder);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("..", "'..'")]
    [InlineData("a/b", "cannot contain")]
    [InlineData("a\\b", "cannot contain")]
    [InlineData("what?", "cannot contain")]
    [InlineData("tab\there", "control")]
    [InlineData("trailing.", "end with '.'")]
    [InlineData("_unknown", "Watcher's own folders")]
    [InlineData("cluster-07", "nobody has named")]
    [InlineData("CON", "reserved device name")]
    [InlineData("nul.txt", "reserved device name")]
    public void A_name_that_cannot_be_a_folder_everywhere_is_refused_with_the_reason(string name, string reason) =>
        FluentActions.Invoking(() => FolderNames.Validate(name)).Should().Throw<ArgumentException>().WithMessage($"*{reason}*");

    [Fact]
    public void A_name_longer_than_a_hundred_characters_is_refused() =>
        FluentActions.Invoking(() => FolderNames.Validate(new string('x', 101))).Should().Throw<ArgumentException>().WithMessage("*at most 100*");

    [Fact]
    public void Placeholders_are_numbered_with_two_digits_and_recognised() =>
        (FolderNames.Unnamed(3), FolderNames.IsPlaceholder("cluster-03"), FolderNames.IsPlaceholder("cluster-x"))
            .Should().Be(("cluster-03", true, false));
}
