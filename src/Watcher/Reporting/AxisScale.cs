using System.Globalization;
using ScottPlot;

namespace Watcher.Reporting;

/// <summary>
/// Resolution grids are usually geometric (0.05 … 5): on a linear axis every small value piles up at the left
/// edge, so a positive grid spanning 20x or more is drawn on a log10 axis with ticks labelled in real values.
/// </summary>
internal sealed class AxisScale
{
    private AxisScale(bool isLog) => IsLog = isLog;

    public bool IsLog { get; }

    public static AxisScale For(IEnumerable<double> values)
    {
        var list = values.ToList();
        var log = list.Count > 2 && list.Min() > 0 && list.Max() / list.Min() >= 20;
        return new AxisScale(log);
    }

    public double Forward(double value) => IsLog ? Math.Log10(value) : value;

    public void Apply(IAxis axis)
    {
        if (!IsLog) return;
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => Math.Pow(10, exponent).ToString("0.###", CultureInfo.InvariantCulture),
        };
    }
}
