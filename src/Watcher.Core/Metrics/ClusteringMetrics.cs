namespace Watcher.Core.Metrics;

// External clustering scores. Label values are arbitrary ids: only which items share a label
// matters. Definitions follow scikit-learn so numbers can be compared with published results.
public static class ClusteringMetrics
{
    // numpy's float64 eps, the cut-off scikit-learn uses for negligible mutual-information terms.
    private const double MachineEpsilon = 2.220446049250313e-16;

    // Share of items that are right under the best one-to-one mapping of clusters to classes.
    // With more clusters than classes the unmatched clusters count as wrong, and vice versa.
    public static double Accuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        Contingency table = Contingency.Build(truth, predicted);
        long max = 0;
        foreach (long[] row in table.Counts)
        {
            max = Math.Max(max, row.Max());
        }

        // Maximising matched counts is minimising (max - count).
        double[][] cost = Array.ConvertAll(table.Counts, row => Array.ConvertAll(row, c => (double)(max - c)));
        int[] assignment = Hungarian.Solve(cost);
        long matched = 0;
        for (int k = 0; k < assignment.Length; k++)
        {
            if (assignment[k] >= 0)
            {
                matched += table.Counts[k][assignment[k]];
            }
        }

        return (double)matched / table.Total;
    }

    // Each cluster votes for its majority class.
    public static double Purity(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        Contingency table = Contingency.Build(truth, predicted);
        long majority = 0;
        foreach (long[] row in table.Counts)
        {
            majority += row.Max();
        }

        return (double)majority / table.Total;
    }

    // Mutual information over the arithmetic mean of the two entropies (scikit-learn's default).
    public static double NormalizedMutualInformation(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        Contingency table = Contingency.Build(truth, predicted);
        if (table.ClusterSizes.Length == 1 && table.ClassSizes.Length == 1)
        {
            // Both say "one group": identical partitions, although both entropies are zero.
            return 1.0;
        }

        double mi = MutualInformation(table);
        if (mi == 0)
        {
            return 0;
        }

        double normalizer = (Entropy(table.ClassSizes, table.Total) + Entropy(table.ClusterSizes, table.Total)) / 2;
        return mi / normalizer;
    }

    // Rand index corrected for chance, via the pair confusion counts as scikit-learn computes it.
    public static double AdjustedRandIndex(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        Contingency table = Contingency.Build(truth, predicted);
        long n = table.Total;
        double sumSquares = 0;
        foreach (long[] row in table.Counts)
        {
            foreach (long c in row)
            {
                sumSquares += (double)c * c;
            }
        }

        double clusterSquares = table.ClusterSizes.Sum(s => (double)s * s);
        double classSquares = table.ClassSizes.Sum(s => (double)s * s);

        // Ordered pairs: together in both, only in the prediction, only in the truth, in neither.
        double bothTogether = sumSquares - n;
        double onlyPredicted = clusterSquares - sumSquares;
        double onlyTrue = classSquares - sumSquares;
        double neither = ((double)n * n) - onlyPredicted - onlyTrue - sumSquares;
        if (onlyPredicted == 0 && onlyTrue == 0)
        {
            return 1.0;
        }

        return 2.0 * ((bothTogether * neither) - (onlyTrue * onlyPredicted))
            / (((bothTogether + onlyTrue) * (onlyTrue + neither)) + ((bothTogether + onlyPredicted) * (onlyPredicted + neither)));
    }

    private static double MutualInformation(Contingency table)
    {
        if (table.ClusterSizes.Length == 1 || table.ClassSizes.Length == 1)
        {
            return 0;
        }

        double logN = Math.Log(table.Total);
        double mi = 0;
        for (int k = 0; k < table.ClusterSizes.Length; k++)
        {
            for (int c = 0; c < table.ClassSizes.Length; c++)
            {
                long count = table.Counts[k][c];
                if (count == 0)
                {
                    continue;
                }

                double term = (double)count / table.Total
                    * (Math.Log(count) + logN - Math.Log(table.ClusterSizes[k]) - Math.Log(table.ClassSizes[c]));

                // Terms within rounding of zero are zero, so independent labelings score exactly 0.
                mi += Math.Abs(term) < MachineEpsilon ? 0 : term;
            }
        }

        return Math.Max(0, mi);
    }

    private static double Entropy(long[] sizes, long total)
    {
        double h = 0;
        foreach (long s in sizes)
        {
            if (s > 0)
            {
                double p = (double)s / total;
                h -= p * Math.Log(p);
            }
        }

        return h;
    }
}
