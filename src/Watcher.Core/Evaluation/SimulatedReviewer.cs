namespace Watcher.Core.Evaluation;

// Stands in for the person who names each cluster after looking at its review samples: the
// name is the true label most of the samples carry; on a tie, the label of the first (most
// typical) sample among the tied ones.
public static class SimulatedReviewer
{
    public static string[] Name(IReadOnlyList<IReadOnlyList<int>> reviewSamples, IReadOnlyList<string> truth)
    {
        ArgumentNullException.ThrowIfNull(reviewSamples);
        ArgumentNullException.ThrowIfNull(truth);
        var names = new string[reviewSamples.Count];
        for (int c = 0; c < names.Length; c++)
        {
            IReadOnlyList<int> shown = reviewSamples[c];
            if (shown.Count == 0)
            {
                names[c] = $"cluster-{c:00}";
                continue;
            }

            names[c] = shown.Select((index, rank) => (Label: truth[index], rank))
                .GroupBy(x => x.Label, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Min(x => x.rank))
                .First().Key;
        }

        return names;
    }
}
