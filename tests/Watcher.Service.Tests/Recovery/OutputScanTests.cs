using Watcher.Catalog;
using Watcher.Service.Recovery;

namespace Watcher.Service.Tests.Recovery;

public sealed class OutputScanTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("dogs/a.jpg", "dogs", ImageStatus.Filed)]
    [InlineData("cluster-07/a.jpg", "cluster-07", ImageStatus.Filed)]
    [InlineData("_unknown/a.jpg", "_unknown", ImageStatus.Unknown)]
    [InlineData("_rejected/notes.jpg", "_rejected", ImageStatus.Rejected)]
    [InlineData("_ignored/a.jpg", "_ignored", ImageStatus.Ignored)]
    [InlineData("dogs/puppies/a.jpg", "dogs", ImageStatus.Filed)]
    public void A_file_takes_its_status_and_folder_from_the_first_folder_under_output(string relative, string folder, ImageStatus status)
    {
        _temp.Write(relative, [1, 2, 3]);

        OutputListing listing = OutputScan.List(_temp.Path);

        listing.Files.Should().ContainSingle().Which.Should().Be(new OutputFile(_temp.File(relative), folder, 3));
        listing.Files[0].Status.Should().Be(status);
        listing.Skipped.Should().BeEmpty();
    }

    [Fact]
    public void Links_unfinished_copies_and_loose_files_are_reported_not_listed()
    {
        _temp.Write("dogs/a.jpg", [1]);
        _temp.Write("dogs/.b.jpg.watcher-tmp", [2]);
        _temp.Write("loose.jpg", [3]);
        _temp.Write("elsewhere/c.jpg", [4]);
        File.CreateSymbolicLink(_temp.File("dogs/link.jpg"), _temp.File("elsewhere/c.jpg"));
        Directory.CreateSymbolicLink(_temp.File("linked"), _temp.File("elsewhere"));

        OutputListing listing = OutputScan.List(_temp.Path);

        listing.Files.Select(f => f.Path).Should().Equal(_temp.File("dogs/a.jpg"), _temp.File("elsewhere/c.jpg"));
        listing.Skipped.Select(s => (s.Path, s.Reason)).Should().BeEquivalentTo(new[]
        {
            (_temp.File("dogs/.b.jpg.watcher-tmp"), "an unfinished copy a move left behind"),
            (_temp.File("dogs/link.jpg"), "a symbolic link"),
            (_temp.File("linked"), "a symbolic link"),
            (_temp.File("loose.jpg"), "directly in the output folder, in no cluster's folder"),
        });
    }

    [Fact]
    public void A_missing_output_folder_lists_nothing()
    {
        OutputScan.List(_temp.File("nowhere")).Files.Should().BeEmpty();
    }
}
