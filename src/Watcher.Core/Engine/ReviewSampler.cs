using Watcher.Core.Maths;

namespace Watcher.Core.Engine;

// The few images a person sees to name a cluster: the most typical ones (nearest the centroid),
// skipping any image that is a near-copy of one already chosen, so four shots of one burst do not
// use up the review. Spreading the samples further out was measured and rejected: in a mixed
// cluster the outer images are where the minority classes live, so spread samples let a minority
// name the cluster (CIFAR-10: 0.31 of held-out images filed right with samples spread over the
// typical half, 0.41 with the most typical). See docs/decisions.md.
public static class ReviewSampler
{
    // How many of the most typical members are considered; enough to skip a burst of near-copies
    // and small enough that the pairwise distances among them cost nothing.
    private const int Candidates = 64;

    // Two images are near-copies when they are closer than half the median distance between a
    // core image and its nearest neighbour: much closer than the cluster's images usually are.
    private const double NearCopyShareOfMedian = 0.5;

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
        float[] centre = centroid.ToArray();
        int[] candidates = members
            .OrderBy(i => DenseOps.SquaredDistance(projected.Row(i), centre)).ThenBy(i => i)
            .Take(Math.Max(Candidates, perCluster)).ToArray();
        if (candidates.Length <= perCluster)
        {
            return candidates;
        }

        double nearCopy = NearCopyDistance(projected, candidates);
        var picked = new List<int>(perCluster);
        foreach (int candidate in candidates)
        {
            if (picked.TrueForAll(p => DenseOps.SquaredDistance(projected.Row(p), projected.Row(candidate)) >= nearCopy))
            {
                picked.Add(candidate);
                if (picked.Count == perCluster)
                {
                    return picked.ToArray();
                }
            }
        }

        // A cluster made of near-copies: fill up with the most typical of the rest.
        picked.AddRange(candidates.Where(c => !picked.Contains(c)).Take(perCluster - picked.Count));
        return picked.ToArray();
    }

    // Squared distance below which two candidates count as near-copies (the distances are squared).
    private static double NearCopyDistance(VectorSet projected, int[] candidates)
    {
        var nearest = new double[candidates.Length];
        Array.Fill(nearest, double.PositiveInfinity);
        for (int a = 0; a < candidates.Length; a++)
        {
            for (int b = a + 1; b < candidates.Length; b++)
            {
                double d = DenseOps.SquaredDistance(projected.Row(candidates[a]), projected.Row(candidates[b]));
                nearest[a] = Math.Min(nearest[a], d);
                nearest[b] = Math.Min(nearest[b], d);
            }
        }

        Array.Sort(nearest);
        double median = nearest[nearest.Length / 2];
        return NearCopyShareOfMedian * NearCopyShareOfMedian * median;
    }
}
