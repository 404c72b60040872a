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
}
