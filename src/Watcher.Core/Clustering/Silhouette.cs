using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Watcher.Core.Maths;

namespace Watcher.Core.Clustering;

// Silhouette as scikit-learn defines it: a = mean distance to the rest of the own cluster,
// b = lowest mean distance to another cluster, s = (b - a) / max(a, b), and s = 0 for a
// point alone in its cluster. Rows are first reordered so each cluster is a contiguous run;
// a block of distances then reduces to one vectorised sum per cluster run instead of a
// scatter per pair, which keeps the exact O(n²) pass close to the cost of the dot products.
public static class Silhouette
{
    private const int RowBlock = 64;
    private const int ColumnChunk = 512;

    public static double Score(VectorSet data, int[] labels, DistanceMetric metric = DistanceMetric.Euclidean, int maxDegreeOfParallelism = 0)
    {
        double[] samples = Samples(data, labels, metric, maxDegreeOfParallelism);
        double sum = 0;
        foreach (double s in samples)
        {
            sum += s;
        }

        return sum / samples.Length;
    }

    // Silhouette of a random subset (drawn without replacement from the seed), computed only
    // among the subset's points, like scikit-learn's silhouette_score(sample_size=...).
    public static double SampledScore(
        VectorSet data, int[] labels, int sampleSize, int seed,
        DistanceMetric metric = DistanceMetric.Euclidean, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 2);
        if (sampleSize >= data.Rows)
        {
            return Score(data, labels, metric, maxDegreeOfParallelism);
        }

        var random = new Random(seed);
        int[] indices = new int[data.Rows];
        for (int i = 0; i < indices.Length; i++)
        {
            indices[i] = i;
        }

        for (int i = 0; i < sampleSize; i++)
        {
            int j = random.Next(i, indices.Length);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        int[] chosen = indices[..sampleSize];
        return Score(data.Select(chosen), Array.ConvertAll(chosen, i => labels[i]), metric, maxDegreeOfParallelism);
    }

    public static double[] Samples(VectorSet data, int[] labels, DistanceMetric metric = DistanceMetric.Euclidean, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != data.Rows)
        {
            throw new ArgumentException($"Got {labels.Length} labels for {data.Rows} vectors.", nameof(labels));
        }

        int n = data.Rows;
        int[] compact = LabelCompaction.Compact(labels, out int clusters);
        if (clusters < 2 || clusters > n - 1)
        {
            throw new ArgumentException($"Silhouette needs 2 to n-1 clusters; got {clusters} for {n} vectors.", nameof(labels));
        }

        // Counting sort by cluster: order[p] is the original row at sorted position p.
        var starts = new int[clusters + 1];
        foreach (int c in compact)
        {
            starts[c + 1]++;
        }

        for (int c = 0; c < clusters; c++)
        {
            starts[c + 1] += starts[c];
        }

        var order = new int[n];
        var fill = (int[])starts.Clone();
        for (int i = 0; i < n; i++)
        {
            order[fill[compact[i]]++] = i;
        }

        ParallelOptions parallel = DenseOps.Parallelism(maxDegreeOfParallelism);
        VectorSet sorted = data.Select(order);
        if (metric == DistanceMetric.Cosine)
        {
            Parallel.For(0, n, parallel, r =>
            {
                Span<float> row = sorted.Row(r);
                float norm = TensorPrimitives.Norm<float>(row);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(row, norm, row);
                }
            });
        }

        float[] norms = DenseOps.RowSquaredNorms(sorted, parallel);
        var result = new double[n];
        int blocks = (n + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, parallel, () => new Workspace(clusters), (b, _, work) =>
        {
            ScoreBlock(sorted, norms, metric, starts, b * RowBlock, work);
            int rows = Math.Min(RowBlock, n - (b * RowBlock));
            for (int i = 0; i < rows; i++)
            {
                int original = order[(b * RowBlock) + i];
                result[original] = Value(work.ClusterSums.AsSpan(i * clusters, clusters), starts, compact[original]);
            }

            return work;
        }, _ => { });
        return result;
    }

    // Sums, for each row of the block, its distances to every cluster's members (itself excluded).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScoreBlock(VectorSet sorted, float[] norms, DistanceMetric metric, int[] starts, int r0, Workspace work)
    {
        int n = sorted.Rows, d = sorted.Cols, clusters = starts.Length - 1;
        int rows = Math.Min(RowBlock, n - r0);
        Array.Clear(work.ClusterSums);
        for (int j0 = 0; j0 < n; j0 += ColumnChunk)
        {
            int width = Math.Min(ColumnChunk, n - j0);
            DotKernel.MultiplyTransposed(
                sorted.Data.AsSpan(r0 * d, rows * d), rows, sorted.Data.AsSpan(j0 * d, width * d), width, d, work.Distances, width);
            for (int i = 0; i < rows; i++)
            {
                Span<float> dist = work.Distances.AsSpan(i * width, width);
                ToDistances(dist, norms[r0 + i], norms.AsSpan(j0, width), metric);
                int self = r0 + i - j0;
                if ((uint)self < (uint)width)
                {
                    dist[self] = 0;
                }

                AddClusterRuns(dist, j0, starts, work.ClusterSums.AsSpan(i * clusters, clusters));
            }
        }
    }

    private static void ToDistances(Span<float> dots, float rowNorm, ReadOnlySpan<float> columnNorms, DistanceMetric metric)
    {
        if (metric == DistanceMetric.Cosine)
        {
            // Rows are unit length (or zero), so the dot is the cosine; clip like scikit-learn.
            TensorPrimitives.Subtract(1f, dots, dots);
            TensorPrimitives.Clamp(dots, 0f, 2f, dots);
            return;
        }

        TensorPrimitives.MultiplyAdd(dots, -2f, columnNorms, dots);
        TensorPrimitives.Add(dots, rowNorm, dots);
        TensorPrimitives.Max(dots, 0f, dots);
        TensorPrimitives.Sqrt(dots, dots);
    }

    // Columns are in cluster order, so each cluster's share of this chunk is one contiguous run.
    private static void AddClusterRuns(ReadOnlySpan<float> dist, int j0, int[] starts, Span<double> sums)
    {
        int end = j0 + dist.Length;
        int cluster = Array.BinarySearch(starts, j0);
        cluster = cluster >= 0 ? cluster : ~cluster - 1;
        for (int at = j0; at < end; cluster++)
        {
            int runEnd = Math.Min(end, starts[cluster + 1]);
            if (runEnd > at)
            {
                sums[cluster] += TensorPrimitives.Sum(dist.Slice(at - j0, runEnd - at));
                at = runEnd;
            }
        }
    }

    private static double Value(ReadOnlySpan<double> sums, int[] starts, int own)
    {
        int ownSize = starts[own + 1] - starts[own];
        if (ownSize <= 1)
        {
            return 0;
        }

        double a = sums[own] / (ownSize - 1);
        double b = double.PositiveInfinity;
        for (int c = 0; c < sums.Length; c++)
        {
            if (c != own)
            {
                b = Math.Min(b, sums[c] / (starts[c + 1] - starts[c]));
            }
        }

        double scale = Math.Max(a, b);
        return scale > 0 ? (b - a) / scale : 0;
    }

    private sealed class Workspace(int clusters)
    {
        public float[] Distances { get; } = new float[RowBlock * ColumnChunk];

        public double[] ClusterSums { get; } = new double[RowBlock * clusters];
    }
}
