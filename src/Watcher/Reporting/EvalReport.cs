namespace Watcher.Reporting;

/// <summary>One setting tried by the automatic choice: how many clusters it found and how stable they were.</summary>
public sealed record SelectionPoint(double Resolution, double MeanClusters, double Stability, bool Chosen);

/// <summary>What a reviewer needs to judge one cluster; <see cref="SamplePaths"/> are absolute image paths.</summary>
public sealed record ClusterCard(int Id, string Name, int Size, string MajorityTruth, double Purity, IReadOnlyList<string> SamplePaths);

/// <summary>Novelty scores of held-out known and unknown images, and the calibrated threshold.</summary>
public sealed record ScoreHistogram(IReadOnlyList<double> KnownScores, IReadOnlyList<double> UnknownScores, double Threshold);

/// <summary>
/// One method's effort curve: after Reviewed images looked at, share Correct of all images sits under its true name.
/// NamingImages is where naming clusters ends and the unknown queue begins.
/// </summary>
public sealed record EffortSeries(string Label, IReadOnlyList<(int Reviewed, double Correct)> Points, int NamingImages);

/// <summary>The effort curves of Watcher and the published recipe on the same images, up to the reviewer budget.</summary>
public sealed record EffortPlot(int Budget, int Population, EffortSeries Watcher, EffortSeries Recipe);

/// <summary>
/// Everything <c>watcher eval --report</c> shows. MapX, MapY and MapCluster run in parallel (one entry per pool image).
/// BaselineSelection may be null; for the baseline recipe Resolution = K, MeanClusters = K and Stability = silhouette.
/// MetricsJson is shown verbatim. Effort is drawn as effort-curve.png when present (eval ran with --reviewer-budget).
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
    string MetricsJson,
    EffortPlot? Effort = null);
