namespace Watcher.Core.Engine;

// One point of the automatic-choice curve: at this Louvain resolution, how many clusters the
// subsamples found and how much their partitions agreed (mean pairwise adjusted Rand index on
// the images they share).
public sealed record ResolutionPoint(double Resolution, double MeanClusters, double Stability, IReadOnlyList<int> SubsampleClusters);
