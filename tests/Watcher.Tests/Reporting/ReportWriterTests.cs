using System.Text.RegularExpressions;
using SkiaSharp;
using Watcher.Reporting;

namespace Watcher.Tests.Reporting;

public sealed class ReportWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string ReportDir => Path.Combine(_temp.Path, "report");

    [Fact]
    public void Writes_three_charts_one_sheet_per_cluster_and_the_page()
    {
        var report = ReportFixture.Build(_temp.Path);

        var files = ReportWriter.Write(report, ReportDir);

        var expected = new[] { "selection.png", "map.png", "novelty.png", "clusters/cluster-00.png", "clusters/cluster-01.png", "clusters/cluster-02.png", "index.html" }
            .Select(f => Path.Combine(ReportDir, f.Replace('/', Path.DirectorySeparatorChar)));
        files.Should().BeEquivalentTo(expected);
        files.Should().OnlyContain(f => File.Exists(f) && new FileInfo(f).Length > 0);
        Directory.GetFiles(Path.Combine(ReportDir, "clusters")).Should().HaveCount(report.Clusters.Count);
    }

    [Fact]
    public void Charts_decode_at_their_sizes_and_every_panel_is_drawn()
    {
        ReportWriter.Write(ReportFixture.Build(_temp.Path), ReportDir);

        // selection.png has two stacked panels (automatic choice, published recipe): each must be a chart of its own.
        foreach (var (name, width, height, panels) in new[] { ("selection.png", 1200, 1120, 2), ("map.png", 1200, 900, 1), ("novelty.png", 1200, 600, 1) })
        {
            using var bitmap = PngCheck.Decode(Path.Combine(ReportDir, name));
            (bitmap.Width, bitmap.Height).Should().Be((width, height), name);
            for (var p = 0; p < panels; p++)
            {
                var area = SKRectI.Create(0, p * height / panels, width, height / panels);
                PngCheck.DistinctColours(bitmap, area).Should().BeGreaterThan(50, $"{name} panel {p} should hold lines, points and text");
                PngCheck.Inked(bitmap, area).Should().BeInRange(0.01, 0.6, $"{name} panel {p} should be a chart on a white background");
            }
        }
    }

    [Fact]
    public void Selection_without_a_baseline_is_a_single_panel()
    {
        ReportWriter.Write(ReportFixture.Build(_temp.Path, withBaseline: false), ReportDir);

        using var bitmap = PngCheck.Decode(Path.Combine(ReportDir, "selection.png"));
        (bitmap.Width, bitmap.Height).Should().Be((1200, 560));
    }

    [Fact]
    public void Contact_sheet_shows_real_thumbnails_and_a_grey_placeholder_for_the_missing_file()
    {
        ReportWriter.Write(ReportFixture.Build(_temp.Path), ReportDir);

        using var sheet = PngCheck.Decode(Path.Combine(ReportDir, "clusters", "cluster-01.png"));
        (sheet.Width, sheet.Height).Should().Be((8 + 4 * 208, 56 + 8 + 200 + 8));
        SKRectI Cell(int i) => SKRectI.Create(8 + i * 208, 64, 200, 200);
        foreach (var photo in new[] { 0, 1, 3 })
        {
            PngCheck.DistinctColours(sheet, Cell(photo)).Should().BeGreaterThan(300, $"cell {photo} holds a photo");
        }
        // The top of the placeholder cell, above its "unreadable" label, is flat grey.
        var placeholderTop = Cell(2) with { Bottom = 64 + 60 };
        PngCheck.DistinctColours(sheet, placeholderTop).Should().Be(1);
        sheet.GetPixel(Cell(2).Left + 5, Cell(2).Top + 5).Should().Be(new SKColor(0xbd, 0xbd, 0xbd));
        PngCheck.DistinctColours(sheet, Cell(2)).Should().BeGreaterThan(1, "the placeholder carries a label");
        // The caption bar is dark with light text.
        PngCheck.DistinctColours(sheet, SKRectI.Create(0, 0, sheet.Width, 56)).Should().BeGreaterThan(5);
        sheet.GetPixel(2, 2).Red.Should().BeLessThan(80);
    }

    [Fact]
    public void Page_references_every_png_written_and_shows_the_metrics_verbatim()
    {
        ReportWriter.Write(ReportFixture.Build(_temp.Path), ReportDir);

        var html = File.ReadAllText(Path.Combine(ReportDir, "index.html"));
        var pngs = Directory.GetFiles(ReportDir, "*.png", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(ReportDir, p).Replace(Path.DirectorySeparatorChar, '/')).ToList();
        pngs.Should().HaveCount(6);
        foreach (var png in pngs) html.Should().Contain($"src=\"{png}\"");
        // Nothing else is linked: every src points at a file in the folder.
        Regex.Matches(html, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Should().BeSubsetOf(pngs);
        html.Should().Contain("<pre id=\"metrics\">" + ReportFixture.MetricsJson + "</pre>");
        html.Should().Contain("imagenette-val · mobilenetv3-small · unknown: n01440764");
    }

    [Fact]
    public void Page_is_self_contained()
    {
        ReportWriter.Write(ReportFixture.Build(_temp.Path), ReportDir);

        var html = File.ReadAllText(Path.Combine(ReportDir, "index.html"));
        html.Should().StartWith("<!DOCTYPE html>").And.Contain("<style>");
        html.Should().NotContainAny("http://", "https://", "<link", "<script", "@import", "url(");
    }

    [Fact]
    public void Hostile_names_and_paths_appear_only_html_encoded()
    {
        var report = ReportFixture.Build(_temp.Path);
        var oddPhoto = Path.Combine(_temp.Path, "odd", "a<b>&\"c\".jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(oddPhoto)!);
        File.Copy(report.Clusters[0].SamplePaths[0], oddPhoto);
        var cards = report.Clusters.ToList();
        cards[0] = cards[0] with { SamplePaths = [oddPhoto, .. cards[0].SamplePaths.Skip(1)] };
        report = report with { Clusters = cards, Title = "pool <b>bold</b> & co" };

        ReportWriter.Write(report, ReportDir);

        var html = File.ReadAllText(Path.Combine(ReportDir, "index.html"));
        html.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"x\"");
        html.Should().NotContain("<script").And.NotContain("alert(1)</script>");
        html.Should().Contain("&lt;b&gt;bold&lt;/b&gt; &amp; co").And.NotContain("<b>bold");
        html.Should().Contain("a&lt;b&gt;&amp;\"c\".jpg").And.NotContain("a<b>&");
        // Inside attributes quotes are encoded too, so the alt text cannot break out.
        html.Should().Contain("alt=\"cluster 02 · &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;\"");
        // The odd file name is still a readable photo on the sheet.
        using var sheet = PngCheck.Decode(Path.Combine(ReportDir, "clusters", "cluster-00.png"));
        PngCheck.DistinctColours(sheet, SKRectI.Create(8, 64, 200, 200)).Should().BeGreaterThan(300);
    }

    [Fact]
    public void Rewriting_with_fewer_clusters_removes_the_stale_sheets()
    {
        ReportWriter.Write(ReportFixture.Build(_temp.Path), ReportDir);
        var smaller = ReportFixture.Build(_temp.Path, clusters: 2);

        ReportWriter.Write(smaller, ReportDir);

        Directory.GetFiles(Path.Combine(ReportDir, "clusters")).Select(Path.GetFileName)
            .Should().BeEquivalentTo("cluster-00.png", "cluster-01.png");
        File.ReadAllText(Path.Combine(ReportDir, "index.html")).Should().NotContain("cluster-02.png");
    }

    [Fact]
    public void Mismatched_map_columns_are_refused_before_anything_is_written()
    {
        var report = ReportFixture.Build(_temp.Path);
        report = report with { MapY = report.MapY.Take(10).ToArray() };

        var write = () => ReportWriter.Write(report, ReportDir);

        write.Should().Throw<ArgumentException>().WithMessage("*120 x, 10 y*");
        Directory.Exists(ReportDir).Should().BeFalse();
    }

    [Fact]
    public void Empty_inputs_still_give_every_chart()
    {
        var report = ReportFixture.Build(_temp.Path) with
        {
            Selection = [],
            BaselineSelection = [],
            MapX = [], MapY = [], MapCluster = [],
            Novelty = new ScoreHistogram([], [double.NaN], double.NaN),
            Clusters = [new ClusterCard(7, "", 0, "", double.NaN, [])],
        };

        var files = ReportWriter.Write(report, ReportDir);

        files.Should().HaveCount(5).And.OnlyContain(f => File.Exists(f));
        using var sheet = PngCheck.Decode(Path.Combine(ReportDir, "clusters", "cluster-07.png"));
        (sheet.Width, sheet.Height).Should().Be((8 + 208, 272));
        File.ReadAllText(Path.Combine(ReportDir, "index.html")).Should().Contain("purity n/a");
    }

    [Fact]
    public void Map_tells_forty_clusters_apart()
    {
        var series = Enumerable.Range(0, 40).Select(ChartImage.Series).ToList();

        series.Distinct().Should().HaveCount(40);
        var report = ReportFixture.Build(_temp.Path);
        var ids = Enumerable.Range(0, 2000).Select(i => i % 40).ToArray();
        var random = new Random(3);
        report = report with
        {
            MapX = ids.Select(c => (float)(c % 8 + random.NextDouble() * 0.6)).ToArray(),
            MapY = ids.Select(c => (float)(c / 8 + random.NextDouble() * 0.6)).ToArray(),
            MapCluster = ids,
        };

        ReportWriter.Write(report, ReportDir);

        using var map = PngCheck.Decode(Path.Combine(ReportDir, "map.png"));
        (map.Width, map.Height).Should().Be((1200, 900));
        PngCheck.DistinctColours(map).Should().BeGreaterThan(100);
    }
}
