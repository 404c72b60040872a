namespace Watcher.Core.Engine;

// What one clustering run produced: the model to save, and the diagnostics a person or a report
// wants (which cluster each pool image landed in, the review samples as pool indices, the
// selection curve and how long each stage took).
public sealed class EngineResult
{
    public required ClusterModel Model { get; init; }

#pragma warning disable CA1819 // Plain arrays are the natural hand-off to metrics and storage.
    public required int[] Labels { get; init; }

    public required int[][] ReviewSamples { get; init; }
#pragma warning restore CA1819

    public required IReadOnlyList<ResolutionPoint> Curve { get; init; }

    public required int ChosenPoint { get; init; }

    public required double ExplainedVariance { get; init; }

    public required double Modularity { get; init; }

    public required IReadOnlyDictionary<string, double> StageSeconds { get; init; }

    public int ClusterCount => Model.Clusters.Count;

    public int ProjectionDimension => Model.Projection.ComponentCount;
}
