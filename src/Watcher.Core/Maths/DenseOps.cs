using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Watcher.Core.Maths;

// Small building blocks shared by PCA and k-means. Reductions have a fixed order, so results
// never depend on how many threads ran.
internal static class DenseOps
{
    private const int RowsPerChunk = 1024;
    private const int MaxChunks = 16;
    private const int ReduceBlock = 4096;

    // At most 8M doubles (64 MB) of per-chunk partial sums, however large k × d gets.
    private const int PartialBudget = 1 << 23;

    public static ParallelOptions Parallelism(int maxDegree) =>
        new() { MaxDegreeOfParallelism = maxDegree <= 0 ? -1 : maxDegree };

    // dst[i] += src[i], widening to double so sums over 100k rows keep float-level accuracy.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddWidened(ReadOnlySpan<float> src, Span<double> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            int half = Vector<double>.Count;
            for (; i + width <= src.Length; i += width)
            {
                Vector.Widen(new Vector<float>(src[i..]), out Vector<double> lo, out Vector<double> hi);
                Span<double> d0 = dst.Slice(i, half);
                Span<double> d1 = dst.Slice(i + half, half);
                (new Vector<double>(d0) + lo).CopyTo(d0);
                (new Vector<double>(d1) + hi).CopyTo(d1);
            }
        }

        for (; i < src.Length; i++)
        {
            dst[i] += src[i];
        }
    }

    // sums[labels[r] * d + c] += data[r, c]; labels may be null, meaning every row goes to group 0.
    // Rows are split into a fixed number of contiguous chunks (set by the data size, never by the
    // thread count), each summed into its own buffer in row order and then combined in chunk
    // order, so the result is bit-identical on any machine while every task streams rows
    // sequentially through memory.
    // Mean of each group's rows (a group with no rows gets zeros): cluster centroids.
    public static VectorSet GroupMeans(VectorSet data, int[] labels, int groups, ParallelOptions parallel)
    {
        int d = data.Cols;
        var sums = new double[groups * d];
        GroupSums(data, labels, groups, sums, parallel);
        int[] counts = Clustering.LabelCompaction.Sizes(labels, groups);
        var means = new VectorSet(groups, d);
        for (int c = 0; c < groups; c++)
        {
            for (int j = 0; j < d; j++)
            {
                means.Data[(c * d) + j] = (float)(sums[(c * d) + j] / Math.Max(1, counts[c]));
            }
        }

        return means;
    }

    public static void GroupSums(VectorSet data, int[]? labels, int groups, double[] sums, ParallelOptions parallel)
    {
        int n = data.Rows, size = groups * data.Cols;
        int chunks = SumChunks(n, size);
        if (chunks == 1)
        {
            Array.Clear(sums, 0, size);
            SumRows(data, labels, 0, n, sums);
            return;
        }

        double[][] partial = new double[chunks][];
        try
        {
            Parallel.For(0, chunks, parallel, c =>
            {
                partial[c] = ArrayPool<double>.Shared.Rent(size);
                Array.Clear(partial[c], 0, size);
                (int start, int end) = ChunkRange(n, chunks, c);
                SumRows(data, labels, start, end, partial[c]);
            });
            CombinePartials(partial, sums, size, parallel);
        }
        finally
        {
            foreach (double[]? buffer in partial)
            {
                if (buffer is not null)
                {
                    ArrayPool<double>.Shared.Return(buffer);
                }
            }
        }
    }

    // The chunking behind GroupSums, shared with k-means' fused assign-and-sum pass so both add
    // the same rows in the same order and give bit-identical sums.
    public static int SumChunks(int rows, int size) => Math.Clamp(Math.Min(rows / RowsPerChunk, PartialBudget / size), 1, MaxChunks);

    public static (int Start, int End) ChunkRange(int rows, int chunks, int chunk) =>
        ((int)((long)rows * chunk / chunks), (int)((long)rows * (chunk + 1) / chunks));

    // sums[..size] = partial[0] + partial[1] + ... in chunk order, whatever thread produced each chunk.
    public static void CombinePartials(double[][] partial, double[] sums, int size, ParallelOptions parallel)
    {
        int blocks = (size + ReduceBlock - 1) / ReduceBlock;
        Parallel.For(0, blocks, parallel, b =>
        {
            int start = b * ReduceBlock;
            Span<double> target = sums.AsSpan(start, Math.Min(ReduceBlock, size - start));
            partial[0].AsSpan(start, target.Length).CopyTo(target);
            for (int c = 1; c < partial.Length; c++)
            {
                TensorPrimitives.Add(target, partial[c].AsSpan(start, target.Length), target);
            }
        });
    }

    // Adds rows start..end-1 to their groups' sums, in row order (labels null: all to group 0).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumRows(VectorSet data, int[]? labels, int start, int end, double[] sums)
    {
        int d = data.Cols;
        float[] x = data.Data;
        for (int r = start; r < end; r++)
        {
            int group = labels is null ? 0 : labels[r];
            AddWidened(x.AsSpan(r * d, d), sums.AsSpan(group * d, d));
        }
    }

    public static double[] ColumnMeans(VectorSet data, ParallelOptions parallel)
    {
        var sums = new double[data.Cols];
        GroupSums(data, null, 1, sums, parallel);
        for (int c = 0; c < sums.Length; c++)
        {
            sums[c] /= data.Rows;
        }

        return sums;
    }

    public static float[] RowSquaredNorms(VectorSet data, ParallelOptions parallel)
    {
        var norms = new float[data.Rows];
        Parallel.For(0, data.Rows, parallel, r => norms[r] = TensorPrimitives.SumOfSquares(data.Row(r)));
        return norms;
    }

    // Mean over columns of the population variance, as scikit-learn scales its k-means tolerance.
    public static double MeanColumnVariance(VectorSet data, ParallelOptions parallel)
    {
        if (data.Rows == 0)
        {
            return 0;
        }

        float[] mean = Array.ConvertAll(ColumnMeans(data, parallel), v => (float)v);
        var perRow = new double[data.Rows];
        Parallel.For(0, data.Rows, parallel, r => perRow[r] = SquaredDistance(data.Row(r), mean));

        double total = 0;
        foreach (double v in perRow)
        {
            total += v;
        }

        return total / data.Rows / data.Cols;
    }

    // Differences are taken in float (exact enough: one rounding each) and squared and summed in
    // double, so long vectors with many small terms do not lose the tail of the sum.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Vectors must have the same length.", nameof(b));
        }

        double sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> acc = Vector<double>.Zero;
            int width = Vector<float>.Count;
            for (; i + width <= a.Length; i += width)
            {
                Vector.Widen(new Vector<float>(a[i..]) - new Vector<float>(b[i..]), out Vector<double> lo, out Vector<double> hi);
                acc += (lo * lo) + (hi * hi);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < a.Length; i++)
        {
            double diff = a[i] - b[i];
            sum += diff * diff;
        }

        return sum;
    }
}
