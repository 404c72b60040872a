using Watcher.Core.Clustering;
namespace Watcher.Core.Metrics;

// Counts of (predicted cluster, true class) pairs after mapping arbitrary label values to 0..k-1.
internal sealed class Contingency
{
    private Contingency(long[][] counts, long[] clusterSizes, long[] classSizes, long total)
    {
        Counts = counts;
        ClusterSizes = clusterSizes;
        ClassSizes = classSizes;
        Total = total;
    }

    // Counts[cluster][class]
    public long[][] Counts { get; }

    public long[] ClusterSizes { get; }

    public long[] ClassSizes { get; }

    public long Total { get; }

    public static Contingency Build(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"Got {truth.Length} true labels and {predicted.Length} predicted labels.", nameof(predicted));
        }

        if (truth.Length == 0)
        {
            throw new ArgumentException("At least one label is required.", nameof(truth));
        }

        int[] classes = LabelCompaction.Compact(truth, out int classCount);
        int[] clusters = LabelCompaction.Compact(predicted, out int clusterCount);
        var counts = new long[clusterCount][];
        for (int k = 0; k < clusterCount; k++)
        {
            counts[k] = new long[classCount];
        }

        var clusterSizes = new long[clusterCount];
        var classSizes = new long[classCount];
        for (int i = 0; i < classes.Length; i++)
        {
            counts[clusters[i]][classes[i]]++;
            clusterSizes[clusters[i]]++;
            classSizes[classes[i]]++;
        }

        return new Contingency(counts, clusterSizes, classSizes, truth.Length);
    }
}
