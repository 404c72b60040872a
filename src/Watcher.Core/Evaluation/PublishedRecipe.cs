using Watcher.Core.Clustering;
using Watcher.Core.Maths;

namespace Watcher.Core.Evaluation;

// The recipe from the public write-ups, run as faithfully as we can so `watcher eval` can put
// numbers next to it: PCA with D picked by silhouette, k-means (k-means++, restarts) with K
// picked by silhouette, reviewers shown the images nearest each centroid, new images filed to
// the nearest centroid, and "unknown" meaning farther from it than 95% of the pool.
public static class PublishedRecipe
{
    public static readonly int[] Dimensions = [8, 16, 32, 64, 128];

    public const int MinClusters = 2;

    public const int MaxClusters = 30;

    public static RecipeFit Fit(VectorSet pool, int reviewSamples, double flagShare, int seed, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(pool);
        int maxK = Math.Min(MaxClusters, pool.Rows - 1);
        RecipeFit? best = null;
        foreach (int d in Dimensions.Where(d => d <= Math.Min(pool.Cols, pool.Rows - 1)))
        {
            Pca pca = Pca.Fit(pool, d, maxDegreeOfParallelism);
            VectorSet projected = pca.Transform(pool, maxDegreeOfParallelism);
            var fits = new (int K, double Silhouette, KMeansResult Result)[maxK - MinClusters + 1];
            Parallel.For(MinClusters, maxK + 1, DenseOps.Parallelism(maxDegreeOfParallelism), k =>
            {
                KMeansResult result = new KMeans(new KMeansOptions { Clusters = k, Restarts = 4, Seed = seed + k, MaxDegreeOfParallelism = 1 })
                    .Fit(projected);
                double silhouette = Silhouette.SampledScore(projected, result.Labels, 2000, seed, maxDegreeOfParallelism: 1);
                fits[k - MinClusters] = (k, silhouette, result);
            });

            var top = fits.MaxBy(f => f.Silhouette);
            if (best is null || top.Silhouette > best.Silhouette)
            {
                best = Build(pool, pca, projected, top.Result, top.Silhouette, fits.Select(f => (f.K, f.Silhouette)).ToArray(), reviewSamples, flagShare);
            }
        }

        return best ?? throw new ArgumentException("The pool is too small for the published recipe.", nameof(pool));
    }

    // Nearest centroid in the recipe's projection, and the distance to it as the novelty score.
    public static (int[] Clusters, double[] Distances) Place(RecipeFit fit, VectorSet embeddings, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(embeddings);
        VectorSet projected = fit.Projection.Transform(embeddings, maxDegreeOfParallelism);
        int[] clusters = KMeans.Predict(projected, fit.Centroids, maxDegreeOfParallelism);
        var distances = new double[embeddings.Rows];
        for (int i = 0; i < distances.Length; i++)
        {
            distances[i] = Math.Sqrt(DenseOps.SquaredDistance(projected.Row(i), fit.Centroids.Row(clusters[i])));
        }

        return (clusters, distances);
    }

    private static RecipeFit Build(
        VectorSet pool, Pca pca, VectorSet projected, KMeansResult result, double silhouette,
        IReadOnlyList<(int K, double Silhouette)> curve, int reviewSamples, double flagShare)
    {
        int k = result.Centroids.Rows;
        var samples = new int[k][];
        for (int c = 0; c < k; c++)
        {
            samples[c] = Enumerable.Range(0, pool.Rows).Where(i => result.Labels[i] == c)
                .OrderBy(i => DenseOps.SquaredDistance(projected.Row(i), result.Centroids.Row(c)))
                .Take(reviewSamples).ToArray();
        }

        double[] poolDistances = Enumerable.Range(0, pool.Rows)
            .Select(i => Math.Sqrt(DenseOps.SquaredDistance(projected.Row(i), result.Centroids.Row(result.Labels[i]))))
            .OrderBy(v => v).ToArray();
        double threshold = flagShare <= 0 ? double.PositiveInfinity
            : poolDistances[Math.Min(poolDistances.Length - 1, (int)Math.Floor((1 - flagShare) * (poolDistances.Length - 1)))];
        return new RecipeFit(pca.ComponentCount, k, silhouette, curve, pca, result.Centroids, result.Labels, samples, threshold);
    }
}

public sealed record RecipeFit(
    int Dimension,
    int Clusters,
    double Silhouette,
    IReadOnlyList<(int K, double Silhouette)> Curve,
    Pca Projection,
    VectorSet Centroids,
    int[] Labels,
    int[][] ReviewSamples,
    double Threshold);
