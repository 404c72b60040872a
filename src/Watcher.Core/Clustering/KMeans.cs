using Watcher.Core.Maths;

namespace Watcher.Core.Clustering;

public sealed class KMeans
{
    // A shared pass pays off once its arithmetic outweighs reading the data from memory, which
    // a few runs' worth of centroids already achieve; more would only crowd the caches.
    private const int BatchCentroids = 256;
    private const int MaxBatchRuns = 16;

    // Per-row state of a batched run (labels, distances, k-means++ candidate distances) is
    // kept under this, so very large data falls back to fewer runs at a time.
    private const long BatchBytes = 256L << 20;

    private readonly KMeansOptions _options;

    public KMeans(KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Clusters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Restarts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxIterations);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Tolerance);
        _options = options;
    }

    public KMeansResult Fit(VectorSet data) => Fit(data, new Random(_options.Seed));

    // The caller's Random is consumed in order by each restart's seeding, so a given seed
    // always reproduces the same result regardless of the number of threads.
    public KMeansResult Fit(VectorSet data, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(random);
        if (data.Rows < _options.Clusters)
        {
            throw new ArgumentException($"{data.Rows} vectors cannot form {_options.Clusters} clusters.", nameof(data));
        }

        ParallelOptions parallel = DenseOps.Parallelism(_options.MaxDegreeOfParallelism);
        float[] rowNorms = DenseOps.RowSquaredNorms(data, parallel);
        double tolerance = _options.Tolerance * DenseOps.MeanColumnVariance(data, parallel);

        // Restarts run in batches that share every pass over the data (see Lloyd). Seeding a batch
        // draws from `random` in restart order, and the first lowest inertia wins, so the result
        // is the same as running the restarts one by one.
        int batch = BatchSize(data.Rows, _options.Clusters);
        KMeansResult? best = null;
        for (int first = 0; first < _options.Restarts; first += batch)
        {
            int count = Math.Min(batch, _options.Restarts - first);
            VectorSet[] starts = KMeansPlusPlus.SeedMany(data, rowNorms, _options.Clusters, count, random, parallel);
            foreach (KMeansResult result in Lloyd.RunMany(data, rowNorms, starts, _options.MaxIterations, tolerance, parallel))
            {
                if (best is null || result.Inertia < best.Inertia)
                {
                    best = result;
                }
            }
        }

        return best!;
    }

    public static int[] Predict(VectorSet data, VectorSet centroids, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(centroids);
        if (data.Cols != centroids.Cols)
        {
            throw new ArgumentException($"Data has {data.Cols} columns, centroids {centroids.Cols}.", nameof(centroids));
        }

        ParallelOptions parallel = DenseOps.Parallelism(maxDegreeOfParallelism);
        var labels = new int[data.Rows];
        NearestCentroid.Assign(data, DenseOps.RowSquaredNorms(data, parallel), centroids, labels, new float[data.Rows], parallel);
        return labels;
    }

    private static int BatchSize(int rows, int clusters)
    {
        long perRun = (long)rows * sizeof(float) * (6 + (int)Math.Log(clusters));
        return (int)Math.Clamp(Math.Min(BatchCentroids / clusters, BatchBytes / perRun), 1, MaxBatchRuns);
    }
}
