using Watcher.Core.Maths;

namespace Watcher.Core.Tests.TestData;

// Seeded Gaussian blobs, so clustering tests have a known ground truth and never flake.
internal static class Blobs
{
    public static (VectorSet Data, int[] Labels, VectorSet Centres) Generate(
        int clusters, int perCluster, int dim, double spread, double noise, int seed)
    {
        var random = new Random(seed);
        var centres = new VectorSet(clusters, dim);
        for (int i = 0; i < centres.Data.Length; i++)
        {
            centres.Data[i] = (float)((random.NextDouble() * 2 - 1) * spread);
        }

        int n = clusters * perCluster;
        var data = new VectorSet(n, dim);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            // Interleave clusters so no algorithm can profit from the rows being sorted.
            int c = i % clusters;
            labels[i] = c;
            for (int j = 0; j < dim; j++)
            {
                data.Data[i * dim + j] = centres.Data[c * dim + j] + (float)(Gaussian(random) * noise);
            }
        }

        return (data, labels, centres);
    }

    public static VectorSet Uniform(int rows, int cols, int seed, double scale = 1)
    {
        var random = new Random(seed);
        var set = new VectorSet(rows, cols);
        for (int i = 0; i < set.Data.Length; i++)
        {
            set.Data[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return set;
    }

    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
