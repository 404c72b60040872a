namespace Watcher.Core.Clustering;

/// <summary>Renumbers arbitrary label values to 0..count-1 in order of first appearance, so they can index arrays.</summary>
internal static class LabelCompaction
{
    public static int[] Compact(ReadOnlySpan<int> labels, out int count)
    {
        var map = new Dictionary<int, int>();
        var compact = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (!map.TryGetValue(labels[i], out int id))
            {
                id = map.Count;
                map.Add(labels[i], id);
            }

            compact[i] = id;
        }

        count = map.Count;
        return compact;
    }

    /// <summary>How many labels carry each value 0..count-1.</summary>
    public static int[] Sizes(ReadOnlySpan<int> labels, int count)
    {
        var sizes = new int[count];
        foreach (int label in labels)
        {
            sizes[label]++;
        }

        return sizes;
    }

    /// <summary>
    /// Renumbers to 0..count-1 by decreasing group size, ties broken by first appearance, so the numbering
    /// depends only on the partition and group 0 is the largest.
    /// </summary>
    public static int[] BySize(ReadOnlySpan<int> labels, out int count)
    {
        int[] compact = Compact(labels, out count);
        int[] sizes = Sizes(compact, count);
        var rank = new int[count];
        for (int c = 0; c < count; c++)
        {
            rank[c] = c;
        }

        Array.Sort(rank, (a, b) => sizes[a] != sizes[b] ? sizes[b].CompareTo(sizes[a]) : a.CompareTo(b));
        var label = new int[count];
        for (int i = 0; i < count; i++)
        {
            label[rank[i]] = i;
        }

        for (int u = 0; u < compact.Length; u++)
        {
            compact[u] = label[compact[u]];
        }

        return compact;
    }
}
