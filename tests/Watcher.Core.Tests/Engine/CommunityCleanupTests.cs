using FluentAssertions;
using Watcher.Core.Engine;
using Watcher.Core.Graphs;
using Watcher.Core.Maths;
using Xunit;

namespace Watcher.Core.Tests.Engine;

public sealed class CommunityCleanupTests
{
    // Two groups of 6 (0-5 and 6-11) and a pair (12, 13) tied mostly to the second group.
    private static WeightedGraph Graph()
    {
        var edges = new List<(int, int, float)>();
        for (int a = 0; a < 6; a++)
        {
            for (int b = a + 1; b < 6; b++)
            {
                edges.Add((a, b, 1f));
                edges.Add((a + 6, b + 6, 1f));
            }
        }

        edges.AddRange([(12, 13, 1f), (12, 7, 1f), (13, 8, 1f), (12, 0, 1f), (5, 6, 1f)]);
        return WeightedGraph.FromEdges(14, edges);
    }

    private static readonly int[] Raw = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2];

    [Fact]
    public void Small_communities_join_their_best_connected_neighbour()
    {
        int[] labels = CommunityCleanup.Apply(Graph(), new VectorSet(14, 2), Raw, minSize: 3, maxClusters: 10);

        labels.Distinct().Should().HaveCount(2);
        labels[12].Should().Be(labels[7]).And.Be(labels[13]);
        labels[0].Should().Be(1, "cluster ids are numbered by size and the second group grew to 8");
    }

    [Fact]
    public void The_cluster_budget_is_respected()
    {
        int[] labels = CommunityCleanup.Apply(Graph(), new VectorSet(14, 2), Raw, minSize: 1, maxClusters: 1);

        labels.Should().OnlyContain(l => l == 0);
    }

    [Fact]
    public void A_community_with_no_edges_out_joins_the_nearest_centroid()
    {
        var data = new VectorSet([0, 0, 0.1f, 0, 10, 10, 10.1f, 10, 9.9f, 10, 0.2f, 0.1f], 6, 2);
        var graph = WeightedGraph.FromEdges(6, [(0, 1, 1f), (2, 3, 1f), (3, 4, 1f), (2, 4, 1f)]);

        int[] labels = CommunityCleanup.Apply(graph, data, [0, 0, 1, 1, 1, 2], minSize: 2, maxClusters: 5);

        labels[5].Should().Be(labels[0]);
    }
}
