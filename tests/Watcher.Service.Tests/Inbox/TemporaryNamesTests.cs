using Watcher.Service.Inbox;

namespace Watcher.Service.Tests.Inbox;

public sealed class TemporaryNamesTests
{
    [Theory]
    [InlineData("x.part")]
    [InlineData("a.jpg.PART")]
    [InlineData(".hidden.jpg")]
    [InlineData("~$x.jpg")]
    [InlineData("a.crdownload")]
    [InlineData("a.jpg.partial")]
    [InlineData("a.jpg.download")]
    [InlineData("scan.tmp")]
    public void Download_and_editor_scratch_names_are_temporary(string name) =>
        TemporaryNames.IsTemporary(name).Should().BeTrue();

    [Theory]
    [InlineData("a.jpg")]
    [InlineData("party.jpg")]
    [InlineData("holiday.tmp.jpg")]
    [InlineData("x~$.png")]
    public void Ordinary_image_names_are_not_temporary(string name) =>
        TemporaryNames.IsTemporary(name).Should().BeFalse();

    [Fact]
    public void A_file_inside_a_hidden_or_temporary_folder_is_skipped()
    {
        var root = Path.Combine(Path.GetTempPath(), "inbox");

        TemporaryNames.IsSkipped(root, Path.Combine(root, ".sync", "a.jpg")).Should().BeTrue();
        TemporaryNames.IsSkipped(root, Path.Combine(root, "a.jpg.download", "a.jpg")).Should().BeTrue();
        TemporaryNames.IsSkipped(root, Path.Combine(root, "album", "a.jpg")).Should().BeFalse();
    }

    [Fact]
    public void A_path_outside_the_inbox_is_skipped()
    {
        var root = Path.Combine(Path.GetTempPath(), "inbox");

        TemporaryNames.IsSkipped(root, Path.Combine(Path.GetTempPath(), "elsewhere", "a.jpg")).Should().BeTrue();
        TemporaryNames.IsSkipped(root, root).Should().BeTrue();
    }
}
