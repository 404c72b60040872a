namespace Watcher.Core.Clustering;

public sealed class KMeansOptions
{
    public int Clusters { get; init; } = 8;

    // Independent k-means++ seedings; the run with the lowest inertia wins (scikit-learn's n_init).
    public int Restarts { get; init; } = 1;

    public int MaxIterations { get; init; } = 300;

    // Relative to the mean per-feature variance, as in scikit-learn, so it does not depend on the data's scale.
    public double Tolerance { get; init; } = 1e-4;

    public int Seed { get; init; }

    // Zero or negative means "use every core".
    public int MaxDegreeOfParallelism { get; init; }
}
