using Watcher.Core.Maths;

namespace Watcher.Core.Engine;

// The few images a person sees to name a cluster. The first is the most typical (nearest the
// centroid); the rest are spread out by farthest-point selection, but only among the more
// typical half, so the person sees the cluster's range without being shown its outliers,
// which would make a pure cluster look mixed.
public static class ReviewSampler
{
    public static int[][] Choose(VectorSet projected, int[] labels, int clusters, int perCluster)
    {
        ArgumentNullException.ThrowIfNull(projected);
        ArgumentNullException.ThrowIfNull(labels);
        return Choose(projected, labels, DenseOps.GroupMeans(projected, labels, clusters, DenseOps.Parallelism(1)), perCluster);
    }

    // For callers that already have the centroids (the engine stores them in the model).
    internal static int[][] Choose(VectorSet projected, int[] labels, VectorSet centroids, int perCluster)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perCluster);
        int clusters = centroids.Rows;
        var members = new List<int>[clusters];
        for (int c = 0; c < clusters; c++)
        {
            members[c] = [];
        }

        for (int i = 0; i < labels.Length; i++)
        {
            members[labels[i]].Add(i);
        }

        var chosen = new int[clusters][];
        for (int c = 0; c < clusters; c++)
        {
            chosen[c] = ChooseOne(projected, members[c], centroids.Row(c), perCluster);
        }

        return chosen;
    }

    private static int[] ChooseOne(VectorSet projected, List<int> members, ReadOnlySpan<float> centroid, int perCluster)
    {
        if (members.Count == 0)
        {
            return [];
        }

        float[] centre = centroid.ToArray();
        int[] byTypicality = members.OrderBy(i => DenseOps.SquaredDistance(projected.Row(i), centre)).ThenBy(i => i).ToArray();
        int coreSize = Math.Min(byTypicality.Length, Math.Max(perCluster, byTypicality.Length / 2));
        var core = byTypicality.AsSpan(0, coreSize);
        var picked = new List<int> { core[0] };
        var nearestPicked = new double[coreSize];
        for (int p = 0; p < coreSize; p++)
        {
            nearestPicked[p] = DenseOps.SquaredDistance(projected.Row(core[p]), projected.Row(core[0]));
        }

        while (picked.Count < Math.Min(perCluster, coreSize))
        {
            int far = 0;
            for (int p = 1; p < coreSize; p++)
            {
                if (nearestPicked[p] > nearestPicked[far])
                {
                    far = p;
                }
            }

            picked.Add(core[far]);
            for (int p = 0; p < coreSize; p++)
            {
                nearestPicked[p] = Math.Min(nearestPicked[p], DenseOps.SquaredDistance(projected.Row(core[p]), projected.Row(core[far])));
            }
        }

        return picked.ToArray();
    }
}
