using System.Globalization;
using ScottPlot;

namespace Watcher.Reporting;

/// <summary>
/// map.png: the pool's 2-D map, one point per image, coloured (and past ten clusters, shaped) by cluster, with a
/// legend of id + name outside the data area and each cluster's id printed at its centre so 40 clusters stay legible.
/// </summary>
internal static class MapChart
{
    public const int Width = 1200;
    public const int Height = 900;

    // Past this many rows the legend runs off the bottom of a 900 px image; the centre labels still name every cluster.
    private const int MaxLegendRows = 42;

    public static void Save(EvalReport report, string path)
    {
        using var plot = ChartImage.NewPlot($"map of the pool · {report.MapX.Count.ToString(CultureInfo.InvariantCulture)} images");
        var names = report.Clusters.ToDictionary(c => c.Id, c => c.Name);
        var groups = Enumerable.Range(0, report.MapX.Count)
            .Where(i => float.IsFinite(report.MapX[i]) && float.IsFinite(report.MapY[i]))
            .GroupBy(i => report.MapCluster[i])
            .ToList();
        if (groups.Count == 0)
        {
            ChartImage.AddNote(plot, "no points to map");
            ChartImage.SavePng(path, Width, [(plot, Height)]);
            return;
        }

        var markerSize = report.MapX.Count > 3000 ? 3f : report.MapX.Count > 800 ? 5f : 7f;
        var labels = new List<(int Id, double X, double Y, Color Color)>();
        var legendRows = 0;
        // Unclustered points go first (underneath), then clusters in id order; labels after all points so none is hidden.
        foreach (var group in groups.OrderBy(g => g.Key >= 0).ThenBy(g => g.Key))
        {
            var xs = group.Select(i => (double)report.MapX[i]).ToArray();
            var ys = group.Select(i => (double)report.MapY[i]).ToArray();
            var (color, shape) = group.Key < 0 ? (ChartImage.Muted, MarkerShape.FilledCircle) : ChartImage.Series(group.Key);
            var points = plot.Add.ScatterPoints(xs, ys, color.WithAlpha(group.Key < 0 ? 0.5 : 0.75));
            points.MarkerShape = shape;
            points.MarkerSize = group.Key < 0 ? Math.Max(2, markerSize - 2) : markerSize;
            if (group.Key >= 0) labels.Add((group.Key, Median(xs), Median(ys), color));

            legendRows++;
            if (groups.Count <= MaxLegendRows || legendRows < MaxLegendRows)
            {
                AddLegendRow(plot, LegendText(group.Key, names, xs.Length), color, shape);
            }
            else if (legendRows == MaxLegendRows)
            {
                var rest = (groups.Count - MaxLegendRows + 1).ToString(CultureInfo.InvariantCulture);
                AddLegendRow(plot, $"… {rest} more: see the ids on the map", Colors.White, MarkerShape.None);
            }
        }
        foreach (var (id, x, y, color) in labels) AddCentreLabel(plot, id, x, y, color);

        plot.XLabel("discriminant 1 (the direction that best separates the clusters)");
        plot.YLabel("discriminant 2");
        var legend = plot.ShowLegend(Edge.Right);
        legend.Legend.FontSize = groups.Count > 30 ? 11 : 13;
        ChartImage.SavePng(path, Width, [(plot, Height)]);
    }

    // Manual rows: the plotted markers are a few pixels wide, too small to match a colour in the legend.
    private static void AddLegendRow(Plot plot, string text, Color color, MarkerShape shape) =>
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = text,
            MarkerShape = shape,
            MarkerSize = 10,
            MarkerFillColor = color,
            MarkerLineColor = color,
            LineWidth = 0,
        });

    private static string LegendText(int id, Dictionary<int, string> names, int count)
    {
        var size = count.ToString(CultureInfo.InvariantCulture);
        if (id < 0) return $"unclustered ({size})";
        var name = names.TryGetValue(id, out var n) && n.Length > 0 ? ChartImage.Clip(n, 26) : "unnamed";
        return $"{ContactSheet.IdText(id)} · {name} ({size})";
    }

    private static void AddCentreLabel(Plot plot, int id, double x, double y, Color color)
    {
        var label = plot.Add.Text(ContactSheet.IdText(id), x, y);
        label.Alignment = Alignment.MiddleCenter;
        label.LabelFontSize = 13;
        label.LabelBold = true;
        label.LabelFontColor = Colors.Black;
        label.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
        label.LabelBorderColor = color;
        label.LabelBorderWidth = 1.5f;
        label.LabelPadding = 2;
    }

    // The median, not the mean: one stray point should not drag the label away from the cluster's body.
    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
