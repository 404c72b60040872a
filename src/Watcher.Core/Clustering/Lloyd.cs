using Watcher.Core.Maths;

namespace Watcher.Core.Clustering;

// k-means runs from given starting centres. The loop mirrors scikit-learn's Lloyd: stop when
// labels repeat (strict convergence) or the centres move less than the tolerance, then re-assign
// once so the returned labels always belong to the returned centres.
// Several runs (restarts) advance in lock step and share every pass over the data: a pass is
// bound by memory bandwidth, so serving four runs from one read costs little more than one.
// Each run does exactly the arithmetic it would do alone, so results do not depend on batching.
internal static class Lloyd
{
    public static KMeansResult Run(
        VectorSet data, float[] rowNorms, VectorSet initial, int maxIterations, double tolerance, ParallelOptions parallel) =>
        RunMany(data, rowNorms, [initial], maxIterations, tolerance, parallel)[0];

    public static KMeansResult[] RunMany(
        VectorSet data, float[] rowNorms, IReadOnlyList<VectorSet> starts, int maxIterations, double tolerance, ParallelOptions parallel)
    {
        RunState[] runs = starts.Select(start => new RunState(start, data.Rows)).ToArray();
        for (int it = 0; it < maxIterations; it++)
        {
            RunState[] active = runs.Where(run => !run.Finished).ToArray();
            if (active.Length == 0)
            {
                break;
            }

            NearestCentroid.AssignAndSum(data, rowNorms, active.Select(run => run.Pass).ToArray(), sum: true, parallel);
            foreach (RunState run in active)
            {
                run.Advance(data, it, tolerance);
            }
        }

        // A run stopped by the tolerance or the iteration limit has moved its centres since its
        // last assignment; one shared pass makes its labels belong to the returned centres.
        AssignmentRun[] stale = runs.Where(run => !run.Strict).Select(run => run.Pass).ToArray();
        if (stale.Length > 0)
        {
            NearestCentroid.AssignAndSum(data, rowNorms, stale, sum: false, parallel);
        }

        int[][] labels = runs.Select(run => run.Pass.Labels).ToArray();
        VectorSet[] centres = runs.Select(run => run.Pass.Centroids).ToArray();
        double[] inertia = Inertia(data, labels, centres, parallel);
        return runs.Select((run, q) => new KMeansResult(labels[q], centres[q], inertia[q], run.Iterations, run.Converged)).ToArray();
    }

    // The expanded distance form loses digits when points sit far from the origin; the reported
    // inertia is what restarts are ranked by, so it is recomputed directly.
    public static double Inertia(VectorSet data, int[] labels, VectorSet centres, ParallelOptions parallel) =>
        Inertia(data, [labels], [centres], parallel)[0];

    // One pass for several runs; each run's total is summed in row order, as for a run alone.
    private static double[] Inertia(VectorSet data, int[][] labels, VectorSet[] centres, ParallelOptions parallel)
    {
        int n = data.Rows, count = labels.Length;
        var perRow = new double[count * n];
        Parallel.For(0, n, parallel, r =>
        {
            for (int q = 0; q < count; q++)
            {
                perRow[(q * n) + r] = DenseOps.SquaredDistance(data.Row(r), centres[q].Row(labels[q][r]));
            }
        });

        var totals = new double[count];
        for (int q = 0; q < count; q++)
        {
            double total = 0;
            foreach (double v in perRow.AsSpan(q * n, n))
            {
                total += v;
            }

            totals[q] = total;
        }

        return totals;
    }

    // Turns the per-cluster sums of the assignment pass into centres; returns whether an empty
    // cluster had to be repaired.
    private static bool Update(VectorSet data, int[] labels, float[] distances, double[] sums, int[] counts, VectorSet next)
    {
        int d = data.Cols, k = next.Rows;
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

    // One run's centres and convergence state between shared passes.
    private sealed class RunState
    {
        private readonly int[] _counts;
        private VectorSet _next;

        public RunState(VectorSet initial, int rows)
        {
            Pass = new AssignmentRun(new VectorSet((float[])initial.Data.Clone(), initial.Rows, initial.Cols), rows);
            _next = new VectorSet(initial.Rows, initial.Cols);
            _counts = new int[initial.Rows];
        }

        public AssignmentRun Pass { get; }

        public int Iterations { get; private set; }

        public bool Strict { get; private set; }

        public bool Converged { get; private set; }

        public bool Finished { get; private set; }

        // Called after a pass has assigned this run's rows with its current centres.
        public void Advance(VectorSet data, int it, double tolerance)
        {
            VectorSet centres = Pass.Centroids;
            bool repaired = Update(data, Pass.Labels, Pass.Distances, Pass.Sums, _counts, _next);
            double shift = 0;
            for (int j = 0; j < centres.Rows; j++)
            {
                shift += DenseOps.SquaredDistance(centres.Row(j), _next.Row(j));
            }

            (Pass.Centroids, _next) = (_next, centres);
            Iterations = it + 1;
            // A repair moves points after the assignment, so only an untouched repeat is a fixed point.
            if (it > 0 && Pass.Changed == 0 && !repaired)
            {
                Strict = Converged = Finished = true;
            }
            else if (shift <= tolerance)
            {
                Converged = Finished = true;
            }
        }
    }
}
