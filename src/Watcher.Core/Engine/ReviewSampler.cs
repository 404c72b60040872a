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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perCluster);
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
            chosen[c] = ChooseOne(projected, members[c], perCluster);
        }

        return chosen;
    }

    private static int[] ChooseOne(VectorSet projected, List<int> members, int perCluster)
    {
        if (members.Count == 0)
        {
            return [];
        }

        int d = projected.Cols;
        var centroid = new float[d];
        foreach (int i in members)
        {
            Span<float> row = projected.Row(i);
            for (int j = 0; j < d; j++)
            {
                centroid[j] += row[j] / members.Count;
            }
        }

        int[] byTypicality = members.OrderBy(i => DenseOps.SquaredDistance(projected.Row(i), centroid)).ThenBy(i => i).ToArray();
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
