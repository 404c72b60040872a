using System.Globalization;
using ScottPlot;

namespace Watcher.Reporting;

/// <summary>
/// novelty.png: overlaid histograms of the novelty scores of held-out known images and of unknown images, each
/// as a share of its own group (the groups differ in size), with the calibrated threshold as a vertical line.
/// </summary>
internal static class NoveltyChart
{
    public const int Width = 1200;
    public const int Height = 600;
    private const int Bins = 40;

    public static void Save(ScoreHistogram novelty, string path)
    {
        using var plot = ChartImage.NewPlot("novelty scores: held-out known vs unknown images");
        var known = novelty.KnownScores.Where(double.IsFinite).ToArray();
        var unknown = novelty.UnknownScores.Where(double.IsFinite).ToArray();
        if (known.Length + unknown.Length == 0)
        {
            ChartImage.AddNote(plot, "no novelty scores were recorded");
            ChartImage.SavePng(path, Width, [(plot, Height)]);
            return;
        }

        var all = known.Concat(unknown).ToArray();
        var threshold = novelty.Threshold;
        var min = double.IsFinite(threshold) ? Math.Min(all.Min(), threshold) : all.Min();
        var max = double.IsFinite(threshold) ? Math.Max(all.Max(), threshold) : all.Max();
        if (max - min < 1e-12) (min, max) = (min - 0.5, max + 0.5);
        var width = (max - min) / Bins;

        AddHistogram(plot, known, min, width, ChartImage.Known, Describe("known (held out)", known, threshold));
        AddHistogram(plot, unknown, min, width, ChartImage.Unknown, Describe("unknown", unknown, threshold));
        if (double.IsFinite(threshold))
        {
            var line = plot.Add.VerticalLine(threshold, 2.5f, Colors.Black, LinePattern.Dashed);
            line.LegendText = "threshold " + threshold.ToString("0.####", CultureInfo.InvariantCulture);
        }

        plot.XLabel("novelty score");
        plot.YLabel("share of the group");
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        ChartImage.SavePng(path, Width, [(plot, Height)]);
    }

    private static void AddHistogram(Plot plot, double[] scores, double min, double width, Color color, string legend)
    {
        var counts = new int[Bins];
        foreach (var score in scores)
        {
            counts[Math.Clamp((int)((score - min) / width), 0, Bins - 1)]++;
        }
        var bars = Enumerable.Range(0, Bins).Select(b => new Bar
        {
            Position = min + (b + 0.5) * width,
            Value = scores.Length == 0 ? 0 : counts[b] / (double)scores.Length,
            Size = width,
            FillColor = color.WithAlpha(0.45),
            LineColor = color,
            LineWidth = 1,
        }).ToArray();
        var plottable = plot.Add.Bars(bars);
        plottable.LegendText = legend;
        plottable.Color = color.WithAlpha(0.45);
    }

    // "above" assumes higher means more novel, which is how the threshold is applied.
    private static string Describe(string group, double[] scores, double threshold)
    {
        var n = scores.Length.ToString(CultureInfo.InvariantCulture);
        if (scores.Length == 0 || !double.IsFinite(threshold)) return $"{group} · n={n}";
        var above = scores.Count(s => s > threshold) / (double)scores.Length;
        return $"{group} · n={n} · {above.ToString("0.0%", CultureInfo.InvariantCulture)} above threshold";
    }
}
