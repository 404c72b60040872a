using System.Globalization;
using ScottPlot;

namespace Watcher.Reporting;

/// <summary>
/// selection.png: clusters found (left axis) and subsample stability (right axis) across the resolution grid,
/// with the automatic choice marked; plus, when given, the published recipe's silhouette-by-K curve below.
/// </summary>
internal static class SelectionChart
{
    public const int Width = 1200;
    public const int PanelHeight = 560;

    public static void Save(IReadOnlyList<SelectionPoint> selection, IReadOnlyList<SelectionPoint>? baseline, string path)
    {
        using var main = BuildSelection(selection);
        if (baseline is null)
        {
            ChartImage.SavePng(path, Width, [(main, PanelHeight)]);
            return;
        }
        using var recipe = BuildBaseline(baseline);
        ChartImage.SavePng(path, Width, [(main, PanelHeight), (recipe, PanelHeight)]);
    }

    private static Plot BuildSelection(IReadOnlyList<SelectionPoint> points)
    {
        var plot = ChartImage.NewPlot("automatic choice: clusters found and stability by resolution");
        var usable = Usable(points);
        if (usable.Count == 0)
        {
            ChartImage.AddNote(plot, "no resolution grid was recorded");
            return plot;
        }
        var scale = AxisScale.For(usable.Select(p => p.Resolution));
        var xs = usable.Select(p => scale.Forward(p.Resolution)).ToArray();

        var clusters = plot.Add.Scatter(xs, usable.Select(p => p.MeanClusters).ToArray(), ChartImage.Known);
        clusters.LegendText = "clusters found (mean over subsamples)";
        clusters.LineWidth = 2;
        clusters.MarkerSize = 7;

        var stability = plot.Add.Scatter(xs, usable.Select(p => Finite(p.Stability)).ToArray(), Color.FromHex("#ff7f0e"));
        stability.LegendText = "subsample stability";
        stability.LineWidth = 2;
        stability.MarkerSize = 7;
        stability.MarkerShape = MarkerShape.FilledSquare;
        stability.Axes.YAxis = plot.Axes.Right;

        foreach (var chosen in usable.Where(p => p.Chosen))
        {
            var x = scale.Forward(chosen.Resolution);
            var line = plot.Add.VerticalLine(x, 1.5f, ChartImage.Highlight, LinePattern.Dashed);
            line.LegendText = string.Create(CultureInfo.InvariantCulture,
                $"chosen: resolution {Format(chosen.Resolution)}, {chosen.MeanClusters:0.#} clusters, stability {chosen.Stability:0.000}");
            var ring = plot.Add.Marker(x, chosen.MeanClusters, MarkerShape.OpenCircle, 22, ChartImage.Highlight);
            ring.LineWidth = 3;
            var ringRight = plot.Add.Marker(x, Finite(chosen.Stability), MarkerShape.OpenCircle, 22, ChartImage.Highlight);
            ringRight.LineWidth = 3;
            ringRight.Axes.YAxis = plot.Axes.Right;
        }

        plot.XLabel(scale.IsLog ? "resolution (log scale)" : "resolution");
        plot.YLabel("clusters found");
        plot.Axes.Right.Label.Text = "subsample stability";
        plot.Axes.Right.Label.FontSize = plot.Axes.Left.Label.FontSize;
        scale.Apply(plot.Axes.Bottom);
        plot.Axes.SetLimitsY(0, Math.Max(1, usable.Max(p => p.MeanClusters)) * 1.08, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, 1.05, plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot BuildBaseline(IReadOnlyList<SelectionPoint> points)
    {
        var plot = ChartImage.NewPlot("published recipe: silhouette by K");
        var usable = Usable(points);
        if (usable.Count == 0)
        {
            ChartImage.AddNote(plot, "no K grid was recorded");
            return plot;
        }
        var silhouette = plot.Add.Scatter(usable.Select(p => p.Resolution).ToArray(), usable.Select(p => Finite(p.Stability)).ToArray(), Color.FromHex("#2ca02c"));
        silhouette.LegendText = "silhouette";
        silhouette.LineWidth = 2;
        silhouette.MarkerSize = 7;
        foreach (var chosen in usable.Where(p => p.Chosen))
        {
            var ring = plot.Add.Marker(chosen.Resolution, Finite(chosen.Stability), MarkerShape.OpenCircle, 22, ChartImage.Highlight);
            ring.LineWidth = 3;
            ring.LegendText = string.Create(CultureInfo.InvariantCulture, $"chosen: K = {chosen.Resolution:0}, silhouette {chosen.Stability:0.000}");
        }
        plot.XLabel("K (clusters)");
        plot.YLabel("silhouette");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    // NaN/infinite rows would make ScottPlot's autoscale give up on the whole axis.
    private static List<SelectionPoint> Usable(IReadOnlyList<SelectionPoint> points) =>
        points.Where(p => double.IsFinite(p.Resolution) && double.IsFinite(p.MeanClusters)).OrderBy(p => p.Resolution).ToList();

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
