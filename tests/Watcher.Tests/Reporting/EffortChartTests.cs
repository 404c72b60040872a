using SkiaSharp;
using Watcher.Reporting;

namespace Watcher.Tests.Reporting;

public sealed class EffortChartTests : IDisposable
{
    private static readonly SKColor Blue = SKColor.Parse("#1f77b4");
    private static readonly SKColor Orange = SKColor.Parse("#ff7f0e");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string ReportDir => Path.Combine(_temp.Path, "report");

    // Watcher names 12 clusters with 48 images (reaching 0.70), then gains 0.001 per queue image up to 0.952 at 300;
    // the recipe names 9 with 36 images (reaching 0.50) and stays there.
    private static EffortPlot Plot()
    {
        var watcher = Enumerable.Range(0, 13).Select(i => (i * 4, 0.7 * i / 12))
            .Concat(Enumerable.Range(49, 252).Select(r => (r, 0.7 + 0.001 * (r - 48)))).ToArray();
        var recipe = Enumerable.Range(0, 10).Select(i => (i * 4, 0.5 * i / 9)).ToArray();
        return new EffortPlot(300, 3925, new EffortSeries("Watcher", watcher, 48), new EffortSeries("published recipe", recipe, 36));
    }

    [Fact]
    public void A_report_with_an_effort_curve_writes_the_chart_and_the_page_shows_it()
    {
        var report = ReportFixture.Build(_temp.Path) with { Effort = Plot() };

        var files = ReportWriter.Write(report, ReportDir);

        var chart = Path.Combine(ReportDir, "effort-curve.png");
        files.Should().Contain(chart);
        using var bitmap = PngCheck.Decode(chart);
        (bitmap.Width, bitmap.Height).Should().Be((1200, 640));
        var all = SKRectI.Create(0, 0, bitmap.Width, bitmap.Height);
        PngCheck.DistinctColours(bitmap, all).Should().BeGreaterThan(50);
        PngCheck.Inked(bitmap, all).Should().BeInRange(0.01, 0.6);
        var html = File.ReadAllText(Path.Combine(ReportDir, "index.html"));
        html.Should().Contain("src=\"effort-curve.png\"").And.Contain("Effort curve");
    }

    [Fact]
    public void The_watcher_curve_is_drawn_above_the_recipe_where_it_is_higher()
    {
        var path = Path.Combine(_temp.Path, "effort.png");

        EffortChart.Save(Plot(), path);

        // Half-way along the budget Watcher is at 0.85 and the recipe at 0.50: in that column the blue line sits
        // well above the orange one (smaller y), and both are drawn.
        using var bitmap = PngCheck.Decode(path);
        var x = bitmap.Width / 2;
        var blue = TopmostRow(bitmap, x, Blue);
        var orange = TopmostRow(bitmap, x, Orange);
        blue.Should().BeGreaterThan(0, "the Watcher curve crosses the middle column");
        orange.Should().BeGreaterThan(0, "the recipe curve crosses the middle column");
        (orange - blue).Should().BeGreaterThan(bitmap.Height / 5, "0.85 against 0.50 on a 0-1 axis is over a third of the plot apart");
    }

    [Fact]
    public void Rewriting_without_an_effort_curve_removes_the_stale_chart()
    {
        ReportWriter.Write(ReportFixture.Build(_temp.Path) with { Effort = Plot() }, ReportDir);

        ReportWriter.Write(ReportFixture.Build(_temp.Path), ReportDir);

        File.Exists(Path.Combine(ReportDir, "effort-curve.png")).Should().BeFalse();
        File.ReadAllText(Path.Combine(ReportDir, "index.html")).Should().NotContain("effort-curve.png");
    }

    [Fact]
    public void Empty_or_non_finite_curves_still_give_a_chart()
    {
        var path = Path.Combine(_temp.Path, "empty.png");
        var empty = new EffortPlot(100, 0, new EffortSeries("Watcher", [], 0), new EffortSeries("published recipe", [(0, double.NaN)], 0));

        EffortChart.Save(empty, path);

        using var bitmap = PngCheck.Decode(path);
        (bitmap.Width, bitmap.Height).Should().Be((1200, 640));
        PngCheck.DistinctColours(bitmap).Should().BeGreaterThan(1, "the chart carries a note");
    }

    // First row from the top, within a few pixels of column x, holding exactly the series colour; -1 when none.
    private static int TopmostRow(SKBitmap bitmap, int x, SKColor colour)
    {
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var dx = -3; dx <= 3; dx++)
            {
                if (bitmap.GetPixel(x + dx, y) == colour) return y;
            }
        }
        return -1;
    }
}
