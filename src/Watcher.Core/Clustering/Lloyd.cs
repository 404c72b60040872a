using Watcher.Core.Maths;

namespace Watcher.Core.Clustering;

// One k-means run from given starting centres. The loop mirrors scikit-learn's Lloyd: stop when
// labels repeat (strict convergence) or the centres move less than the tolerance, then re-assign
// once so the returned labels always belong to the returned centres.
internal static class Lloyd
{
    public static KMeansResult Run(
        VectorSet data, float[] rowNorms, VectorSet initial, int maxIterations, double tolerance, ParallelOptions parallel)
    {
        int n = data.Rows, d = data.Cols, k = initial.Rows;
        var centres = new VectorSet((float[])initial.Data.Clone(), k, d);
        var next = new VectorSet(k, d);
        var labels = new int[n];
        Array.Fill(labels, -1);
        var distances = new float[n];
        var sums = new double[k * d];
        var counts = new int[k];

        bool strict = false, converged = false;
        int iterations = 0;
        for (int it = 0; it < maxIterations; it++)
        {
            int changed = NearestCentroid.Assign(data, rowNorms, centres, labels, distances, parallel);
            bool repaired = Update(data, labels, distances, sums, counts, next, parallel);
            double shift = 0;
            for (int j = 0; j < k; j++)
            {
                shift += DenseOps.SquaredDistance(centres.Row(j), next.Row(j));
            }

            (centres, next) = (next, centres);
            iterations = it + 1;
            // A repair moves points after the assignment, so only an untouched repeat is a fixed point.
            if (it > 0 && changed == 0 && !repaired)
            {
                strict = converged = true;
                break;
            }

            if (shift <= tolerance)
            {
                converged = true;
                break;
            }
        }

        if (!strict)
        {
            NearestCentroid.Assign(data, rowNorms, centres, labels, distances, parallel);
        }

        return new KMeansResult(labels, centres, Inertia(data, labels, centres, parallel), iterations, converged);
    }

    // The expanded distance form loses digits when points sit far from the origin; the reported
    // inertia is what restarts are ranked by, so it is recomputed directly.
    public static double Inertia(VectorSet data, int[] labels, VectorSet centres, ParallelOptions parallel)
    {
        var perRow = new double[data.Rows];
        Parallel.For(0, data.Rows, parallel, r => perRow[r] = DenseOps.SquaredDistance(data.Row(r), centres.Row(labels[r])));
        double total = 0;
        foreach (double v in perRow)
        {
            total += v;
        }

        return total;
    }

    // Returns whether an empty cluster had to be repaired.
    private static bool Update(
        VectorSet data, int[] labels, float[] distances, double[] sums, int[] counts, VectorSet next, ParallelOptions parallel)
    {
        int d = data.Cols, k = next.Rows;
        DenseOps.GroupSums(data, labels, k, sums, parallel);
        Array.Clear(counts);
        foreach (int label in labels)
        {
            counts[label]++;
        }

        bool repaired = RepairEmpty(data, labels, distances, sums, counts);
        for (int j = 0; j < k; j++)
        {
            Span<float> centre = next.Row(j);
            double inverse = 1.0 / counts[j];
            for (int c = 0; c < d; c++)
            {
                centre[c] = (float)(sums[(j * d) + c] * inverse);
            }
        }

        return repaired;
    }

    // An empty cluster takes the point that is worst served by its current centre, which is the
    // point most likely to start a useful new cluster. Points are only taken from clusters that
    // keep at least one member, so a repair never empties another cluster (k = n with duplicates).
    private static bool RepairEmpty(VectorSet data, int[] labels, float[] distances, double[] sums, int[] counts)
    {
        int d = data.Cols;
        int empty = Array.IndexOf(counts, 0);
        if (empty < 0)
        {
            return false;
        }

        int[] order = new int[labels.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Farthest first; equal distances keep index order so the result is deterministic.
        Array.Sort(order, (x, y) =>
        {
            int byDistance = distances[y].CompareTo(distances[x]);
            return byDistance != 0 ? byDistance : x.CompareTo(y);
        });

        int cursor = 0;
        for (int j = empty; j < counts.Length; j++)
        {
            if (counts[j] != 0)
            {
                continue;
            }

            while (counts[labels[order[cursor]]] < 2)
            {
                cursor++;
            }

            int point = order[cursor++];
            int from = labels[point];
            ReadOnlySpan<float> x = data.Row(point);
            Span<double> fromSum = sums.AsSpan(from * d, d);
            Span<double> toSum = sums.AsSpan(j * d, d);
            for (int c = 0; c < d; c++)
            {
                fromSum[c] -= x[c];
                toSum[c] = x[c];
            }

            counts[from]--;
            counts[j] = 1;
            labels[point] = j;
            distances[point] = 0;
        }

        return true;
    }
}
