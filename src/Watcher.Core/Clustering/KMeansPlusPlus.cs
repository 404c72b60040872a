using System.Runtime.CompilerServices;
using Watcher.Core.Maths;

namespace Watcher.Core.Clustering;

// Greedy k-means++ as scikit-learn does it: each new centre is the best of 2 + ln k candidates
// drawn with probability proportional to D², which gives noticeably better starts than plain
// k-means++ for the same cost (one blocked distance pass per candidate set).
internal static class KMeansPlusPlus
{
    public static VectorSet Seed(VectorSet data, float[] rowNorms, int k, Random random, ParallelOptions parallel) =>
        SeedMany(data, rowNorms, k, 1, random, parallel)[0];

    // `count` independent seedings side by side, so each pass over the data (bound by memory
    // bandwidth) scores every seeding's candidates at once. Every seeding's random numbers are
    // drawn up front in the order that seeding one after another would draw them, so the centres
    // are exactly those of `count` calls to Seed.
    public static VectorSet[] SeedMany(VectorSet data, float[] rowNorms, int k, int count, Random random, ParallelOptions parallel)
    {
        int n = data.Rows, d = data.Cols;
        int trials = 2 + (int)Math.Log(k);
        var firsts = new int[count];
        var draws = new double[count][];
        for (int q = 0; q < count; q++)
        {
            firsts[q] = random.Next(n);
            draws[q] = new double[(k - 1) * trials];
            for (int i = 0; i < draws[q].Length; i++)
            {
                draws[q][i] = random.NextDouble();
            }
        }

        var centres = new VectorSet[count];
        var closest = new float[count][];
        var potential = new double[count];
        var unbounded = new float[n];
        Array.Fill(unbounded, float.PositiveInfinity);
        var firstDistances = new float[count * n];
        NearestCentroid.DistancesWithFloors(
            data, rowNorms, data.Select(firsts), Enumerable.Repeat(unbounded, count).ToArray(), 1, firstDistances, parallel);
        for (int q = 0; q < count; q++)
        {
            centres[q] = new VectorSet(k, d);
            data.Row(firsts[q]).CopyTo(centres[q].Row(0));
            closest[q] = firstDistances.AsSpan(q * n, n).ToArray();
            potential[q] = Sum(closest[q]);
        }

        var cumulative = new double[n];
        var candidateIds = new int[count * trials];
        var candidateDistances = new float[count * trials * n];
        var potentials = new double[count * trials];
        for (int c = 1; c < k; c++)
        {
            for (int q = 0; q < count; q++)
            {
                double running = 0;
                for (int i = 0; i < n; i++)
                {
                    running += closest[q][i];
                    cumulative[i] = running;
                }

                for (int t = 0; t < trials; t++)
                {
                    candidateIds[(q * trials) + t] = Pick(cumulative, draws[q][((c - 1) * trials) + t] * potential[q]);
                }
            }

            NearestCentroid.DistancesWithFloors(data, rowNorms, data.Select(candidateIds), closest, trials, candidateDistances, parallel);
            Parallel.For(0, count * trials, parallel, t => potentials[t] = Sum(candidateDistances.AsSpan(t * n, n)));

            for (int q = 0; q < count; q++)
            {
                int best = q * trials;
                for (int t = best + 1; t < (q + 1) * trials; t++)
                {
                    if (potentials[t] < potentials[best])
                    {
                        best = t;
                    }
                }

                potential[q] = potentials[best];
                candidateDistances.AsSpan(best * n, n).CopyTo(closest[q]);
                data.Row(candidateIds[best]).CopyTo(centres[q].Row(c));
            }
        }

        return centres;
    }

    // First index whose cumulative weight exceeds the draw, so zero-weight points (already centres)
    // are never chosen while any point has weight; when all weights are zero any point will do.
    private static int Pick(double[] cumulative, double draw)
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (cumulative[mid] > draw)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Sum(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }

        return sum;
    }
}
