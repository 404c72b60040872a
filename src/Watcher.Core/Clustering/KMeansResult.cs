using Watcher.Core.Maths;

namespace Watcher.Core.Clustering;

public sealed class KMeansResult
{
    public KMeansResult(int[] labels, VectorSet centroids, double inertia, int iterations, bool converged)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(centroids);
        Labels = labels;
        Centroids = centroids;
        Inertia = inertia;
        Iterations = iterations;
        Converged = converged;
    }

#pragma warning disable CA1819 // The label array is the natural hand-off to metrics and storage.
    public int[] Labels { get; }
#pragma warning restore CA1819

    public VectorSet Centroids { get; }

    // Sum of squared euclidean distances from each vector to its centroid.
    public double Inertia { get; }

    public int Iterations { get; }

    public bool Converged { get; }
}
