using System.Runtime.CompilerServices;

namespace Watcher.Core.Maths;

// Sample covariance XᵀX/(n-1) of the centred data without a generic matrix library: a block of
// rows is centred and transposed (so each feature is a contiguous run of samples), then the
// upper triangle is filled panel by panel with the register-tiled dot kernel. Each covariance
// entry is owned by one task per block, so the sums are the same on any number of threads.
internal static class Covariance
{
    // A multiple of every SIMD width; short final blocks are zero-padded, which adds nothing.
    private const int RowBlock = 256;
    private const int PanelRows = 32;

    public static double[] Compute(VectorSet data, double[] mean, ParallelOptions parallel)
    {
        int n = data.Rows, d = data.Cols;
        float[] centre = Array.ConvertAll(mean, v => (float)v);
        float[] x = data.Data;
        var block = new float[d * RowBlock];
        var cov = new double[d * d];
        int panels = (d + PanelRows - 1) / PanelRows;

        for (int r0 = 0; r0 < n; r0 += RowBlock)
        {
            int rows = Math.Min(RowBlock, n - r0);
            if (rows < RowBlock)
            {
                Array.Clear(block);
            }

            Parallel.For(0, panels, parallel, p =>
            {
                int c1 = Math.Min(d, (p + 1) * PanelRows);
                for (int r = 0; r < rows; r++)
                {
                    int src = (r0 + r) * d;
                    for (int c = p * PanelRows; c < c1; c++)
                    {
                        block[(c * RowBlock) + r] = x[src + c] - centre[c];
                    }
                }
            });

            Parallel.For(0, panels, parallel, () => new float[PanelRows * d], (p, _, dots) =>
            {
                AccumulatePanel(block, d, p * PanelRows, dots, cov);
                return dots;
            }, _ => { });
        }

        double scale = 1.0 / (n - 1);
        for (int i = 0; i < d; i++)
        {
            for (int j = i; j < d; j++)
            {
                double v = cov[(i * d) + j] * scale;
                cov[(i * d) + j] = v;
                cov[(j * d) + i] = v;
            }
        }

        return cov;
    }

    // Adds this block's contribution to covariance rows [i0, i0 + PanelRows), upper triangle only.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulatePanel(float[] block, int d, int i0, float[] dots, double[] cov)
    {
        int height = Math.Min(PanelRows, d - i0);
        int width = d - i0;
        DotKernel.MultiplyTransposed(
            block.AsSpan(i0 * RowBlock, height * RowBlock), height,
            block.AsSpan(i0 * RowBlock, width * RowBlock), width, RowBlock, dots, width);
        for (int i = 0; i < height; i++)
        {
            int target = ((i0 + i) * d) + i0;
            for (int j = i; j < width; j++)
            {
                cov[target + j] += dots[(i * width) + j];
            }
        }
    }
}
