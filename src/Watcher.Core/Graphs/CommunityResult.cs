namespace Watcher.Core.Graphs;

public sealed class CommunityResult
{
    public CommunityResult(int[] labels, int count, double modularity)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Labels = labels;
        Count = count;
        Modularity = modularity;
    }

#pragma warning disable CA1819 // The label array is the natural hand-off to metrics and storage.
    // Community of every node, 0..Count-1, numbered by decreasing size (ties: the community
    // holding the smaller node index first), so equal partitions always get equal labels.
    public int[] Labels { get; }
#pragma warning restore CA1819

    public int Count { get; }

    // Modularity of Labels on the input graph at the resolution the detection used.
    public double Modularity { get; }
}
