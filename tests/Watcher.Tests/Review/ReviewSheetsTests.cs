using SkiaSharp;
using Watcher.Reporting;
using Watcher.Review;
using Watcher.Tests.Reporting;

namespace Watcher.Tests.Review;

// The sheets `watcher review` writes: a row per cluster, a numbered grid per page of the unknown queue.
public sealed class ReviewSheetsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_queue_page_is_a_grid_of_six_across_with_the_number_in_each_cells_corner()
    {
        var photos = SharedData.Sample(SharedData.Imagenette, 1).Take(8).Select(p => p.Path).ToList();
        var page = new QueuePage(20, 12, photos.Select((p, i) => new QueueImage(100 + i, p, 0.5)).ToList());

        var result = new ReviewSheets(Path.Combine(_temp.Path, "sheets")).WriteQueuePage(page, 2);

        result.Error.Should().BeNull();
        result.Path.Should().Be(Path.Combine(_temp.Path, "sheets", "unknowns-02.png"));
        using var sheet = PngCheck.Decode(result.Path!);
        (sheet.Width, sheet.Height).Should().Be((8 + 6 * 208, 56 + 8 + 2 * 208));
        SKRectI Cell(int i) => SKRectI.Create(8 + i % 6 * 208, 64 + i / 6 * 208, 200, 200);
        for (var i = 0; i < photos.Count; i++)
        {
            PngCheck.DistinctColours(sheet, Cell(i)).Should().BeGreaterThan(100, $"cell {i} holds a photo, not a placeholder");
            // The badge: dark background with white digits in the top-left corner.
            var badge = Cell(i);
            sheet.GetPixel(badge.Left + 2, badge.Top + 15).Red.Should().BeLessThan(90, $"cell {i} has its number badge");
            PngCheck.DistinctColours(sheet, SKRectI.Create(badge.Left, badge.Top, 30, 30)).Should().BeGreaterThan(3, "the badge has a digit");
        }
        // Cells past the last image stay blank.
        PngCheck.Inked(sheet, Cell(8)).Should().Be(0);
    }

    [Fact]
    public void A_cluster_sheet_is_one_row_of_its_samples_named_after_the_clusters_folder()
    {
        var photos = SharedData.Sample(SharedData.Imagenette, 1).Take(4).Select(p => p.Path).ToList();
        var cluster = new ReviewCluster(6, "cluster-07", 31, Proposed: true, photos);

        var result = new ReviewSheets(_temp.Path).WriteCluster(cluster);

        result.Path.Should().Be(Path.Combine(_temp.Path, "cluster-07.png"), "the sheet is named after the folder the person sees");
        using var sheet = PngCheck.Decode(result.Path!);
        (sheet.Width, sheet.Height).Should().Be(ContactSheet.SizeFor(4));
        PngCheck.DistinctColours(sheet, SKRectI.Create(8, 64, 200, 200)).Should().BeGreaterThan(300);
    }

    [Fact]
    public void A_sheet_that_cannot_be_written_is_reported_not_thrown()
    {
        var blocker = _temp.Write("not-a-folder", [1]);
        var cluster = new ReviewCluster(1, "cluster-01", 5, Proposed: true, []);

        var result = new ReviewSheets(blocker).WriteCluster(cluster);

        result.Path.Should().BeNull();
        result.Error.Should().Contain("Could not write the sheet");
    }
}
