using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Watcher.Core.Maths;

namespace Watcher.Core.Clustering;

// Assignment step shared by Lloyd iterations and prediction. Distances use
// ||x||² - 2x·c + ||c||² so the expensive part is one blocked A·Bᵀ per row block; a row
// block and a chunk of centroids stay in L2 while the register-tiled kernel runs over them.
internal static class NearestCentroid
{
    private const int RowBlock = 128;
    private const int CentroidChunk = 256;

    // Writes each row's nearest centroid and squared distance; returns how many labels changed.
    public static int Assign(
        VectorSet data, float[] rowNorms, VectorSet centroids, int[] labels, float[] distances, ParallelOptions parallel)
    {
        int n = data.Rows, k = centroids.Rows;
        var centroidNorms = new float[k];
        for (int j = 0; j < k; j++)
        {
            centroidNorms[j] = TensorPrimitives.SumOfSquares<float>(centroids.Row(j));
        }

        int chunk = Math.Min(k, CentroidChunk);
        int blocks = (n + RowBlock - 1) / RowBlock;
        int changed = 0;
        Parallel.For(0, blocks, parallel, () => new float[RowBlock * chunk], (b, _, dots) =>
        {
            int localChanged = AssignBlock(data, rowNorms, centroids, centroidNorms, b * RowBlock, chunk, dots, labels, distances);
            Interlocked.Add(ref changed, localChanged);
            return dots;
        }, _ => { });
        return changed;
    }

    // Kept out of the lambda so it can be marked for full optimisation: tiered JIT otherwise runs
    // the first seconds of a fit on unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AssignBlock(
        VectorSet data, float[] rowNorms, VectorSet centroids, float[] centroidNorms, int r0, int chunk, float[] dots,
        int[] labels, float[] distances)
    {
        int d = data.Cols, k = centroids.Rows;
        int rows = Math.Min(RowBlock, data.Rows - r0);
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
        VectorSet data, float[] rowNorms, VectorSet targets, float[] floor, float[] dest, ParallelOptions parallel)
    {
        int n = data.Rows, t = targets.Rows;
        var targetNorms = new float[t];
        for (int j = 0; j < t; j++)
        {
            targetNorms[j] = TensorPrimitives.SumOfSquares<float>(targets.Row(j));
        }

        int blocks = (n + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, parallel, () => new float[RowBlock * t], (b, _, dots) =>
        {
            FloorBlock(data, rowNorms, targets, targetNorms, floor, b * RowBlock, dots, dest);
            return dots;
        }, _ => { });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FloorBlock(
        VectorSet data, float[] rowNorms, VectorSet targets, float[] targetNorms, float[] floor, int r0, float[] dots, float[] dest)
    {
        int n = data.Rows, d = data.Cols, t = targets.Rows;
        int rows = Math.Min(RowBlock, n - r0);
        DotKernel.MultiplyTransposed(data.Data.AsSpan(r0 * d, rows * d), rows, targets.Data, t, d, dots, t);
        for (int i = 0; i < rows; i++)
        {
            int r = r0 + i;
            for (int j = 0; j < t; j++)
            {
                float dist = Math.Max(0f, rowNorms[r] + targetNorms[j] - (2f * dots[(i * t) + j]));
                dest[(j * n) + r] = Math.Min(floor[r], dist);
            }
        }
    }
}
