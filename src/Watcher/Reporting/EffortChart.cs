using System.Globalization;
using ScottPlot;

namespace Watcher.Reporting;

/// <summary>
/// effort-curve.png: share of all images filed under their true name against images a simulated person has reviewed,
/// Watcher and the published recipe on one axis, each with a dotted line where naming clusters ends.
/// </summary>
internal static class EffortChart
{
    public const string FileName = "effort-curve.png";
    public const int Width = 1200;
    public const int Height = 640;

    private static readonly Color RecipeColour = Color.FromHex("#ff7f0e");

    public static void Save(EffortPlot effort, string path)
    {
        ArgumentNullException.ThrowIfNull(effort);
        using var plot = ChartImage.NewPlot(string.Create(CultureInfo.InvariantCulture,
            $"effort: share of all {effort.Population:N0} images filed under their true name"));
        if (effort.Budget < 1 || (Usable(effort.Watcher).Count == 0 && Usable(effort.Recipe).Count == 0))
        {
            ChartImage.AddNote(plot, "no effort curve was recorded");
            ChartImage.SavePng(path, Width, [(plot, Height)]);
            return;
        }

        AddSeries(plot, effort.Watcher, effort.Budget, ChartImage.Known);
        AddSeries(plot, effort.Recipe, effort.Budget, RecipeColour);

        plot.XLabel("images a person has reviewed (cluster samples, then the unknown queue)");
        plot.YLabel("share filed under the true name");
        // Fixed axes: the budget is the question asked, and a share is read against the whole 0-1 range.
        plot.Axes.SetLimits(0, effort.Budget, 0, 1.02);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
        plot.ShowLegend(Alignment.LowerRight);
        ChartImage.SavePng(path, Width, [(plot, Height)]);
    }

    private static void AddSeries(Plot plot, EffortSeries series, int budget, Color colour)
    {
        var points = Usable(series);
        if (points.Count == 0) return;

        // The curve is a step function that holds its last value to the budget: the person stopped, or ran out of work.
        var last = points[^1];
        if (last.Reviewed < budget) points.Add((budget, last.Correct));
        var line = plot.Add.Scatter(points.Select(p => (double)p.Reviewed).ToArray(), points.Select(p => p.Correct).ToArray(), colour);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2.5f;
        line.MarkerSize = 0;
        line.LegendText = string.Create(CultureInfo.InvariantCulture,
            $"{series.Label}: {ShareAt(points, budget):0.000} at {budget}, {ShareAt(points, series.NamingImages):0.000} once named");

        if (series.NamingImages > 0 && series.NamingImages <= budget)
        {
            var named = plot.Add.VerticalLine(series.NamingImages, 1.5f, colour, LinePattern.Dotted);
            named.LegendText = string.Create(CultureInfo.InvariantCulture, $"{series.Label}: clusters named after {series.NamingImages} images");
        }
    }

    private static double ShareAt(List<(int Reviewed, double Correct)> points, int reviewed) =>
        points.LastOrDefault(p => p.Reviewed <= reviewed).Correct;

    // NaN shares would make ScottPlot give up on the whole axis; points are kept in the order reviewed.
    private static List<(int Reviewed, double Correct)> Usable(EffortSeries series) =>
        series.Points.Where(p => double.IsFinite(p.Correct) && p.Reviewed >= 0).OrderBy(p => p.Reviewed).ToList();
}
