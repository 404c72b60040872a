namespace Watcher.Reporting;

/// <summary>One setting tried by the automatic choice: how many clusters it found and how stable they were.</summary>
public sealed record SelectionPoint(double Resolution, double MeanClusters, double Stability, bool Chosen);

/// <summary>What a reviewer needs to judge one cluster; <see cref="SamplePaths"/> are absolute image paths.</summary>
public sealed record ClusterCard(int Id, string Name, int Size, string MajorityTruth, double Purity, IReadOnlyList<string> SamplePaths);

/// <summary>Novelty scores of held-out known and unknown images, and the calibrated threshold.</summary>
public sealed record ScoreHistogram(IReadOnlyList<double> KnownScores, IReadOnlyList<double> UnknownScores, double Threshold);

/// <summary>
/// Everything <c>watcher eval --report</c> shows. MapX, MapY and MapCluster run in parallel (one entry per pool image).
/// BaselineSelection may be null; for the baseline recipe Resolution = K, MeanClusters = K and Stability = silhouette.
/// MetricsJson is shown verbatim.
/// </summary>
public sealed record EvalReport(
    string Title,
    IReadOnlyList<SelectionPoint> Selection,
    IReadOnlyList<float> MapX,
    IReadOnlyList<float> MapY,
    IReadOnlyList<int> MapCluster,
    IReadOnlyList<ClusterCard> Clusters,
    ScoreHistogram Novelty,
    IReadOnlyList<SelectionPoint>? BaselineSelection,
    string MetricsJson);
