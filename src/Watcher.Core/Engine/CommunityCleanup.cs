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
            var sizes = new int[count];
            foreach (int l in current)
            {
                sizes[l]++;
            }

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
                return Compact(current);
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

    // Cluster ids numbered by decreasing size (ties: lowest first member), so cluster 0 is the
    // largest and the numbering does not depend on Louvain's internal order.
    internal static int[] Compact(int[] labels)
    {
        var firstSeen = new Dictionary<int, int>();
        var sizes = new Dictionary<int, int>();
        for (int i = 0; i < labels.Length; i++)
        {
            firstSeen.TryAdd(labels[i], i);
            sizes[labels[i]] = sizes.GetValueOrDefault(labels[i]) + 1;
        }

        var order = sizes.Keys.OrderByDescending(c => sizes[c]).ThenBy(c => firstSeen[c]).ToList();
        var map = new Dictionary<int, int>();
        for (int i = 0; i < order.Count; i++)
        {
            map[order[i]] = i;
        }

        return Array.ConvertAll(labels, l => map[l]);
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
        int d = projected.Cols, count = sizes.Length;
        var sums = new double[count * d];
        for (int i = 0; i < labels.Length; i++)
        {
            Span<float> row = projected.Row(i);
            for (int j = 0; j < d; j++)
            {
                sums[(labels[i] * d) + j] += row[j];
            }
        }

        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < count; c++)
        {
            if (c == community || sizes[c] == 0)
            {
                continue;
            }

            double distance = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = (sums[(c * d) + j] / sizes[c]) - (sums[(community * d) + j] / sizes[community]);
                distance += diff * diff;
            }

            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = c;
            }
        }

        return best;
    }
}
