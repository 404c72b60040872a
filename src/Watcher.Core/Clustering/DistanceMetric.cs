namespace Watcher.Core.Clustering;

public enum DistanceMetric
{
    Euclidean,

    // 1 - cos(x, y); a zero vector is treated as orthogonal to everything, as scikit-learn does.
    Cosine,
}
