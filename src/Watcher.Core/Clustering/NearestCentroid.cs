using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Watcher.Core.Maths;

namespace Watcher.Core.Clustering;

// Assignment step shared by Lloyd iterations, k-means++ and prediction. Distances use
// ||x||² - 2x·c + ||c||² so the expensive part is one blocked A·Bᵀ per row block; a row
// block and a chunk of centroids stay in L2 while the register-tiled kernel runs over them.
// Every dot product comes out bit-identical however rows and centroids are batched (see
// DotKernel), so the shared multi-run passes below give each run exactly what a pass of its own would.
internal static class NearestCentroid
{
    private const int RowBlock = 128;
    private const int CentroidChunk = 256;

    // A shared pass keeps a row block in L2 next to every run's centroids and partial sums, so
    // its blocks are smaller than RowBlock.
    private const int PassRowBlock = 64;

    // Writes each row's nearest centroid and squared distance; returns how many labels changed.
    public static int Assign(
        VectorSet data, float[] rowNorms, VectorSet centroids, int[] labels, float[] distances, ParallelOptions parallel)
    {
        int n = data.Rows, k = centroids.Rows;
        float[] centroidNorms = SquaredNorms(centroids);
        int chunk = Math.Min(k, CentroidChunk);
        int blocks = (n + RowBlock - 1) / RowBlock;
        int changed = 0;
        Parallel.For(0, blocks, parallel, () => new float[RowBlock * chunk], (b, _, dots) =>
        {
            int r0 = b * RowBlock;
            int localChanged = AssignBlock(
                data, rowNorms, centroids, centroidNorms, r0, Math.Min(RowBlock, n - r0), chunk, dots, labels, distances);
            Interlocked.Add(ref changed, localChanged);
            return dots;
        }, _ => { });
        return changed;
    }

    // Assigns the rows to every run's centroids and, when `sum` is set, leaves in each run's Sums
    // the per-cluster sums of its new labels. A pass over data that does not fit in cache is
    // bound by memory bandwidth, so each row block is read from memory once and then, from L2,
    // assigned against every run and added to that run's sums. Rows go through DenseOps' fixed
    // chunks in row order, so the sums are bit-identical to DenseOps.GroupSums and do not depend
    // on the thread count. All runs must have the same number of centroids.
    public static void AssignAndSum(
        VectorSet data, float[] rowNorms, IReadOnlyList<AssignmentRun> runs, bool sum, ParallelOptions parallel)
    {
        int n = data.Rows, k = runs[0].Centroids.Rows, size = k * data.Cols, count = runs.Count;
        var norms = new float[count][];
        for (int q = 0; q < count; q++)
        {
            norms[q] = SquaredNorms(runs[q].Centroids);
        }

        int chunk = Math.Min(k, CentroidChunk);
        int chunks = DenseOps.SumChunks(n, size);
        var changed = new int[count];
        double[][][] partial = sum ? runs.Select(run => run.PartialSums(chunks, size)).ToArray() : [];
        Parallel.For(0, chunks, parallel, () => new float[RowBlock * chunk], (c, _, dots) =>
        {
            (int start, int end) = DenseOps.ChunkRange(n, chunks, c);
            // Cleared by the worker that fills it, so the buffer is already in that core's cache.
            for (int q = 0; q < partial.Length; q++)
            {
                Array.Clear(partial[q][c]);
            }

            for (int r0 = start; r0 < end; r0 += PassRowBlock)
            {
                int rows = Math.Min(PassRowBlock, end - r0);
                for (int q = 0; q < count; q++)
                {
                    AssignmentRun run = runs[q];
                    int local = AssignBlock(data, rowNorms, run.Centroids, norms[q], r0, rows, chunk, dots, run.Labels, run.Distances);
                    Interlocked.Add(ref changed[q], local);
                    if (sum)
                    {
                        DenseOps.SumRows(data, run.Labels, r0, r0 + rows, partial[q][c]);
                    }
                }
            }

            return dots;
        }, _ => { });

        for (int q = 0; q < count; q++)
        {
            runs[q].Changed = changed[q];
            if (sum)
            {
                DenseOps.CombinePartials(partial[q], runs[q].Sums, size, parallel);
            }
        }
    }

    // Kept out of the lambda so it can be marked for full optimisation: tiered JIT otherwise runs
    // the first seconds of a fit on unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AssignBlock(
        VectorSet data, float[] rowNorms, VectorSet centroids, float[] centroidNorms, int r0, int rows, int chunk, float[] dots,
        int[] labels, float[] distances)
    {
        int d = data.Cols, k = centroids.Rows;
        Span<float> best = stackalloc float[RowBlock];
        Span<int> bestIndex = stackalloc int[RowBlock];
        best.Fill(float.PositiveInfinity);
        bestIndex.Clear();

        for (int c0 = 0; c0 < k; c0 += chunk)
        {
            int count = Math.Min(chunk, k - c0);
            DotKernel.MultiplyTransposed(
                data.Data.AsSpan(r0 * d, rows * d), rows, centroids.Data.AsSpan(c0 * d, count * d), count, d, dots, count);
            ReadOnlySpan<float> norms = centroidNorms.AsSpan(c0, count);
            for (int i = 0; i < rows; i++)
            {
                ReadOnlySpan<float> row = dots.AsSpan(i * count, count);
                float bestValue = best[i];
                int bestJ = bestIndex[i];
                for (int j = 0; j < row.Length; j++)
                {
                    // ||x||² is the same for every centroid, so it is left out of the comparison.
                    float value = norms[j] - (2f * row[j]);
                    if (value < bestValue)
                    {
                        bestValue = value;
                        bestJ = c0 + j;
                    }
                }

                best[i] = bestValue;
                bestIndex[i] = bestJ;
            }
        }

        int changed = 0;
        for (int i = 0; i < rows; i++)
        {
            int r = r0 + i;
            if (labels[r] != bestIndex[i])
            {
                labels[r] = bestIndex[i];
                changed++;
            }

            // Rounding can push the expanded form slightly below zero for points on a centroid.
            distances[r] = Math.Max(0f, rowNorms[r] + best[i]);
        }

        return changed;
    }

    // dest[t * n + r] = min(floor[r], ||x_r - target_t||²): the k-means++ potential if target t were added.
    public static void DistancesWithFloor(
        VectorSet data, float[] rowNorms, VectorSet targets, float[] floor, float[] dest, ParallelOptions parallel) =>
        DistancesWithFloors(data, rowNorms, targets, [floor], targets.Rows, dest, parallel);

    // As DistancesWithFloor, with targets in groups of `groupSize` and group g floored by floors[g]:
    // several k-means++ seedings share one pass over the data.
    public static void DistancesWithFloors(
        VectorSet data, float[] rowNorms, VectorSet targets, float[][] floors, int groupSize, float[] dest, ParallelOptions parallel)
    {
        int n = data.Rows, t = targets.Rows;
        float[] targetNorms = SquaredNorms(targets);
        int blocks = (n + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, parallel, () => new float[RowBlock * t], (b, _, dots) =>
        {
            FloorBlock(data, rowNorms, targets, targetNorms, floors, groupSize, b * RowBlock, dots, dest);
            return dots;
        }, _ => { });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FloorBlock(
        VectorSet data, float[] rowNorms, VectorSet targets, float[] targetNorms, float[][] floors, int groupSize, int r0,
        float[] dots, float[] dest)
    {
        int n = data.Rows, d = data.Cols, t = targets.Rows;
        int rows = Math.Min(RowBlock, n - r0);
        DotKernel.MultiplyTransposed(data.Data.AsSpan(r0 * d, rows * d), rows, targets.Data, t, d, dots, t);
        for (int j = 0; j < t; j++)
        {
            float[] floor = floors[j / groupSize];
            for (int i = 0; i < rows; i++)
            {
                int r = r0 + i;
                float dist = Math.Max(0f, rowNorms[r] + targetNorms[j] - (2f * dots[(i * t) + j]));
                dest[(j * n) + r] = Math.Min(floor[r], dist);
            }
        }
    }

    private static float[] SquaredNorms(VectorSet vectors)
    {
        var norms = new float[vectors.Rows];
        for (int j = 0; j < norms.Length; j++)
        {
            norms[j] = TensorPrimitives.SumOfSquares<float>(vectors.Row(j));
        }

        return norms;
    }
}

// One k-means run's side of a shared assignment pass: its centroids go in; its labels, squared
// distances, per-cluster sums and the number of changed labels come out.
internal sealed class AssignmentRun
{
    private double[][]? _partialSums;

    public AssignmentRun(VectorSet centroids, int rows)
    {
        Centroids = centroids;
        Labels = new int[rows];
        Array.Fill(Labels, -1);
        Distances = new float[rows];
        Sums = new double[centroids.Rows * centroids.Cols];
    }

    public VectorSet Centroids { get; set; }

    public int[] Labels { get; }

    public float[] Distances { get; }

    public double[] Sums { get; }

    public int Changed { get; set; }

    // One buffer per summing chunk, kept for the whole run: a shared pool cannot hold several
    // runs' worth, and renting them anew every iteration made most of a fit's garbage.
    public double[][] PartialSums(int chunks, int size)
    {
        if (_partialSums is null || _partialSums.Length != chunks || _partialSums[0].Length != size)
        {
            _partialSums = new double[chunks][];
            for (int c = 0; c < chunks; c++)
            {
                _partialSums[c] = new double[size];
            }
        }

        return _partialSums;
    }
}
