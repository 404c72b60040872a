using Watcher.Core.Graphs;

namespace Watcher.Core.Tests.Graphs;

public class WeightedGraphTests
{
    [Fact]
    public void FromNeighbours_builds_the_union_with_unit_weights_and_no_self_loops()
    {
        // 0-1 and 0-2 listed from both ends, 1→2 and 4→3 from one, 1 and 3 repeat a neighbour and 4 lists itself.
        var lists = new NeighbourLists(5, 2, [1, 2, 0, 0, 0, 1, 2, 2, 4, 3], new float[10]);

        WeightedGraph graph = WeightedGraph.FromNeighbours(lists);

        graph.NodeCount.Should().Be(5);
        graph.NeighboursOf(0).ToArray().Should().Equal(1, 2);
        graph.NeighboursOf(1).ToArray().Should().Equal(0, 2);
        graph.NeighboursOf(2).ToArray().Should().Equal(0, 1, 3);
        graph.NeighboursOf(3).ToArray().Should().Equal(2, 4);
        graph.NeighboursOf(4).ToArray().Should().Equal(3);
        graph.Weights.Should().OnlyContain(w => w == 1f);
        graph.Offsets.Should().Equal(0, 2, 4, 7, 9, 10);
        graph.Degree(2).Should().Be(3);
        graph.Degree(4).Should().Be(1);
        graph.TotalWeight.Should().Be(5, "edges 0-1, 0-2, 1-2, 2-3, 3-4");
    }

    [Fact]
    public void FromNeighbours_rejects_indices_outside_the_graph()
    {
        var lists = new NeighbourLists(2, 1, [1, 2], new float[2]);

        FluentActions.Invoking(() => WeightedGraph.FromNeighbours(lists)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void FromEdges_sums_duplicates_in_either_direction_and_counts_self_loops_twice_in_degree()
    {
        WeightedGraph graph = WeightedGraph.FromEdges(4, [(0, 1, 1f), (1, 0, 0.5f), (1, 2, 2f), (2, 2, 3f), (2, 2, 1f)]);

        graph.NeighboursOf(0).ToArray().Should().Equal(1);
        graph.WeightsOf(0).ToArray().Should().Equal(1.5f);
        graph.NeighboursOf(1).ToArray().Should().Equal(0, 2);
        graph.WeightsOf(1).ToArray().Should().Equal(1.5f, 2f);
        graph.NeighboursOf(2).ToArray().Should().Equal(1, 2);
        graph.WeightsOf(2).ToArray().Should().Equal(2f, 4f);
        graph.NeighboursOf(3).ToArray().Should().BeEmpty();

        graph.Degree(0).Should().Be(1.5);
        graph.Degree(1).Should().Be(3.5);
        graph.Degree(2).Should().Be(10, "edge to 1 (2) plus the self-loop (4) counted twice");
        graph.Degree(3).Should().Be(0);
        graph.TotalWeight.Should().Be(7.5, "1.5 + 2 + 4, each edge once");
        Enumerable.Range(0, 4).Sum(graph.Degree).Should().Be(2 * graph.TotalWeight);
    }

    [Theory]
    [InlineData(0, 4, 1f)]
    [InlineData(-1, 0, 1f)]
    [InlineData(0, 1, 0f)]
    [InlineData(0, 1, -2f)]
    [InlineData(0, 1, float.NaN)]
    public void FromEdges_rejects_bad_edges(int from, int to, float weight)
    {
        FluentActions.Invoking(() => WeightedGraph.FromEdges(4, [(from, to, weight)])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void InducedSubgraph_keeps_edges_between_kept_nodes_and_renumbers_them()
    {
        // A 5-cycle with weights 1..5 and a self-loop on node 3.
        WeightedGraph graph = WeightedGraph.FromEdges(5, [(0, 1, 1f), (1, 2, 2f), (2, 3, 3f), (3, 4, 4f), (4, 0, 5f), (3, 3, 6f)]);

        WeightedGraph sub = graph.InducedSubgraph([true, false, true, true, true], out int[] originalIndex);

        originalIndex.Should().Equal(0, 2, 3, 4);
        sub.NodeCount.Should().Be(4);
        sub.NeighboursOf(0).ToArray().Should().Equal(3);
        sub.WeightsOf(0).ToArray().Should().Equal(5f);
        sub.NeighboursOf(1).ToArray().Should().Equal(2);
        sub.WeightsOf(1).ToArray().Should().Equal(3f);
        sub.NeighboursOf(2).ToArray().Should().Equal(1, 2, 3);
        sub.WeightsOf(2).ToArray().Should().Equal(3f, 6f, 4f);
        sub.NeighboursOf(3).ToArray().Should().Equal(0, 2);
        sub.TotalWeight.Should().Be(3 + 4 + 5 + 6);
        sub.Degree(2).Should().Be(3 + 4 + 12);
    }

    [Fact]
    public void InducedSubgraph_requires_one_flag_per_node()
    {
        WeightedGraph graph = WeightedGraph.FromEdges(3, [(0, 1, 1f)]);

        FluentActions.Invoking(() => graph.InducedSubgraph([true, true], out _)).Should().Throw<ArgumentException>();
    }
}
