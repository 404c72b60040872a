using Watcher.Core.Maths;

namespace Watcher.Core.Clustering;

public sealed class KMeans
{
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

        KMeansResult? best = null;
        for (int run = 0; run < _options.Restarts; run++)
        {
            VectorSet start = KMeansPlusPlus.Seed(data, rowNorms, _options.Clusters, random, parallel);
            KMeansResult result = Lloyd.Run(data, rowNorms, start, _options.MaxIterations, tolerance, parallel);
            if (best is null || result.Inertia < best.Inertia)
            {
                best = result;
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
}
