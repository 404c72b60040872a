using Watcher.Core.Clustering;
using Watcher.Core.Graphs;
using Watcher.Core.Maths;

namespace Watcher.Core.Engine;

// Turns raw communities into clusters a person can review: communities too small to be worth
// naming are folded into the community they share most neighbour edges with, and if there are
// still more than the review budget allows, the smallest are folded the same way.
internal static class CommunityCleanup
{
    public static int[] Apply(WeightedGraph graph, VectorSet projected, int[] labels, int minSize, int maxClusters)
    {
        int[] current = (int[])labels.Clone();
        while (true)
        {
            int count = current.Max() + 1;
            int[] sizes = LabelCompaction.Sizes(current, count);

            int live = sizes.Count(s => s > 0);
            int smallest = -1;
            for (int c = 0; c < count; c++)
            {
                if (sizes[c] > 0 && (smallest < 0 || sizes[c] < sizes[smallest]))
                {
                    smallest = c;
                }
            }

            if (live <= 1 || (sizes[smallest] >= minSize && live <= maxClusters))
            {
                // Numbered by decreasing size, so cluster 0 is the largest and the numbering does
                // not depend on Louvain's internal order.
                return LabelCompaction.BySize(current, out _);
            }

            int target = BestConnected(graph, current, smallest, sizes) ?? NearestCentroid(projected, current, smallest, sizes);
            for (int i = 0; i < current.Length; i++)
            {
                if (current[i] == smallest)
                {
                    current[i] = target;
                }
            }
        }
    }

    private static int? BestConnected(WeightedGraph graph, int[] labels, int community, int[] sizes)
    {
        var weight = new Dictionary<int, double>();
        for (int node = 0; node < labels.Length; node++)
        {
            if (labels[node] != community)
            {
                continue;
            }

            for (int e = graph.Offsets[node]; e < graph.Offsets[node + 1]; e++)
            {
                int other = labels[graph.Targets[e]];
                if (other != community)
                {
                    weight[other] = weight.GetValueOrDefault(other) + graph.Weights[e];
                }
            }
        }

        if (weight.Count == 0)
        {
            return null;
        }

        return weight.OrderByDescending(p => p.Value).ThenByDescending(p => sizes[p.Key]).ThenBy(p => p.Key).First().Key;
    }

    // For a community with no edge to any other (a clump of identical images, say), the
    // community whose centroid is nearest takes it.
    private static int NearestCentroid(VectorSet projected, int[] labels, int community, int[] sizes)
    {
        VectorSet centroids = DenseOps.GroupMeans(projected, labels, sizes.Length, DenseOps.Parallelism(1));
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < sizes.Length; c++)
        {
            if (c == community || sizes[c] == 0)
            {
                continue;
            }

            double distance = DenseOps.SquaredDistance(centroids.Row(c), centroids.Row(community));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = c;
            }
        }

        return best;
    }
}
