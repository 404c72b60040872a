namespace Watcher.Core.Metrics;

// Scores for a detector where a higher score means "more likely positive" (e.g. out of distribution).
public static class DetectionMetrics
{
    // Area under the ROC curve = probability that a random positive outscores a random negative,
    // ties counting one half. Computed from average ranks (Mann-Whitney U), which gives exactly
    // what scikit-learn's roc_auc_score gives with tied scores.
    public static double AreaUnderRoc(ReadOnlySpan<bool> isPositive, ReadOnlySpan<double> scores)
    {
        int[] order = SortedOrder(isPositive, scores, descending: false, out long positives, out long negatives);
        double positiveRankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = EndOfTies(order, scores, start);

            // Ranks are 1-based; every member of a tie group gets the group's mean rank.
            double meanRank = (start + 1 + end) / 2.0;
            for (int p = start; p < end; p++)
            {
                if (isPositive[order[p]])
                {
                    positiveRankSum += meanRank;
                }
            }

            start = end;
        }

        double u = positiveRankSum - (positives * (positives + 1) / 2.0);
        return u / ((double)positives * negatives);
    }

    public static double RecallAtFalsePositiveRate(ReadOnlySpan<bool> isPositive, ReadOnlySpan<double> scores, double maxFalsePositiveRate) =>
        AtFalsePositiveRate(isPositive, scores, maxFalsePositiveRate).Recall;

    // The lowest threshold that flags at most maxFalsePositiveRate of the negatives. Tied scores
    // are flagged or not together, because no real threshold can split them.
    public static OperatingPoint AtFalsePositiveRate(ReadOnlySpan<bool> isPositive, ReadOnlySpan<double> scores, double maxFalsePositiveRate)
    {
        if (double.IsNaN(maxFalsePositiveRate) || maxFalsePositiveRate < 0 || maxFalsePositiveRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxFalsePositiveRate), maxFalsePositiveRate, "Must be between 0 and 1.");
        }

        int[] order = SortedOrder(isPositive, scores, descending: true, out long positives, out long negatives);

        // The small slack keeps products like 0.29 * 100 = 28.999999999999996 from losing a negative.
        long allowed = (long)Math.Floor((maxFalsePositiveRate * negatives) + 1e-9);
        long truePositives = 0, falsePositives = 0;
        double threshold = double.PositiveInfinity;
        for (int start = 0; start < order.Length;)
        {
            int end = EndOfTies(order, scores, start);
            long groupPositives = 0;
            for (int p = start; p < end; p++)
            {
                groupPositives += isPositive[order[p]] ? 1 : 0;
            }

            long groupNegatives = end - start - groupPositives;
            if (falsePositives + groupNegatives > allowed)
            {
                break;
            }

            truePositives += groupPositives;
            falsePositives += groupNegatives;
            threshold = scores[order[start]];
            start = end;
        }

        return new OperatingPoint(threshold, (double)truePositives / positives, (double)falsePositives / negatives);
    }

    private static int[] SortedOrder(
        ReadOnlySpan<bool> isPositive, ReadOnlySpan<double> scores, bool descending, out long positives, out long negatives)
    {
        if (isPositive.Length != scores.Length)
        {
            throw new ArgumentException($"Got {isPositive.Length} labels and {scores.Length} scores.", nameof(scores));
        }

        positives = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException("Scores must not be NaN.", nameof(scores));
            }

            positives += isPositive[i] ? 1 : 0;
        }

        negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("Both positive and negative examples are required.", nameof(isPositive));
        }

        double[] keys = scores.ToArray();
        if (descending)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = -keys[i];
            }
        }

        int[] order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }

    private static int EndOfTies(int[] order, ReadOnlySpan<double> scores, int start)
    {
        int end = start + 1;
        while (end < order.Length && scores[order[end]] == scores[order[start]])
        {
            end++;
        }

        return end;
    }
}
