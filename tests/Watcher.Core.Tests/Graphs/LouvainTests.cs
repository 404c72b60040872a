using Watcher.Core.Graphs;
using Watcher.Core.Maths;
using Watcher.Core.Metrics;
using Watcher.Core.Tests.TestData;

namespace Watcher.Core.Tests.Graphs;

public class LouvainTests
{
    // Zachary's karate club, as networkx.karate_club_graph() lists it (78 edges, weights ignored).
    private static readonly (int, int)[] KarateEdges =
    [
        (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8), (0, 10), (0, 11), (0, 12), (0, 13), (0, 17),
        (0, 19), (0, 21), (0, 31), (1, 2), (1, 3), (1, 7), (1, 13), (1, 17), (1, 19), (1, 21), (1, 30), (2, 3), (2, 7),
        (2, 8), (2, 9), (2, 13), (2, 27), (2, 28), (2, 32), (3, 7), (3, 12), (3, 13), (4, 6), (4, 10), (5, 6), (5, 10),
        (5, 16), (6, 16), (8, 30), (8, 32), (8, 33), (9, 33), (13, 33), (14, 32), (14, 33), (15, 32), (15, 33), (18, 32),
        (18, 33), (19, 33), (20, 32), (20, 33), (22, 32), (22, 33), (23, 25), (23, 27), (23, 29), (23, 32), (23, 33),
        (24, 25), (24, 27), (24, 31), (25, 31), (26, 29), (26, 33), (27, 33), (28, 31), (28, 33), (29, 32), (29, 33),
        (30, 32), (30, 33), (31, 32), (31, 33), (32, 33),
    ];

    // Members of Mr. Hi's faction (networkx's 'club' attribute); the rest followed the officer.
    private static readonly int[] MrHi = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21];

    // Reference values from networkx 3 (/usr/bin/python3):
    // nx.community.modularity(nx.karate_club_graph(), [MrHi, rest], resolution=γ, weight=None)
    [Theory]
    [InlineData(1.0, 0.3582347140039448)]
    [InlineData(0.5, 0.6086045364891519)]
    [InlineData(2.0, -0.14250493096646943)]
    public void Modularity_of_the_karate_club_split_matches_networkx(double resolution, double expected)
    {
        int[] labels = [.. Enumerable.Range(0, 34).Select(u => MrHi.Contains(u) ? 0 : 1)];

        Louvain.Modularity(Karate(), labels, resolution).Should().BeApproximately(expected, 1e-12);
    }

    // Two triangles joined by 2-3, edge 0-1 given twice (1 + 0.5) and a self-loop of weight 2 on 5.
    // Reference values from networkx 3 with the summed edge (0, 1, 1.5):
    // nx.community.modularity(H, [{0,1,2},{3,4,5}], resolution=γ) and [{0,1},{2,3},{4,5}].
    // By hand for γ = 1: m = 9.5, L = 3.5 and 5, d = 8 and 11: 8.5/9.5 − (8² + 11²)/19² = 0.38227.
    [Theory]
    [InlineData(1.0, new[] { 0, 0, 0, 1, 1, 1 }, 0.3822714681440442)]
    [InlineData(0.5, new[] { 0, 0, 0, 1, 1, 1 }, 0.6385041551246537)]
    [InlineData(1.0, new[] { 5, 5, 9, 9, -1, -1 }, 0.23268698060941823)]
    [InlineData(0.5, new[] { 5, 5, 9, 9, -1, -1 }, 0.40581717451523547)]
    public void Modularity_handles_weights_duplicates_and_self_loops_like_networkx(double resolution, int[] labels, double expected)
    {
        WeightedGraph graph = WeightedGraph.FromEdges(
            6, [(0, 1, 1f), (1, 2, 1f), (0, 2, 1f), (2, 3, 1f), (3, 4, 1f), (4, 5, 1f), (3, 5, 1f), (5, 5, 2f), (1, 0, 0.5f)]);

        Louvain.Modularity(graph, labels, resolution).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Modularity_of_all_singletons_on_the_karate_club_matches_networkx()
    {
        // nx.community.modularity(G, [{u} for u in G], weight=None)
        Louvain.Modularity(Karate(), [.. Enumerable.Range(0, 34)], 1.0).Should().BeApproximately(-0.04980276134122286, 1e-12);
    }

    [Fact]
    public void Detect_reaches_the_known_optimum_on_the_karate_club()
    {
        // The best partition has modularity 0.4198 (Brandes et al. 2008). networkx 3's louvain, seeds
        // 0..99: best 0.41978961209730437, worst 0.3854, above 0.41 for 93 of them.
        WeightedGraph graph = Karate();
        CommunityResult[] results = [.. Enumerable.Range(0, 10).Select(seed => Louvain.Detect(graph, 1.0, new Random(seed)))];

        results.Should().OnlyContain(r => r.Modularity > 0.38 && r.Count >= 3 && r.Count <= 5);
        results.Max(r => r.Modularity).Should().BeApproximately(0.41978961209730437, 1e-9);
        foreach (CommunityResult result in results)
        {
            result.Modularity.Should().BeApproximately(Louvain.Modularity(graph, result.Labels, 1.0), 1e-12);
        }
    }

    [Fact]
    public void Detect_splits_two_cliques_joined_by_one_edge()
    {
        WeightedGraph graph = WeightedGraph.FromEdges(12, [.. Clique(0, 6), .. Clique(6, 6), (5, 6, 1f)]);

        CommunityResult result = Louvain.Detect(graph, 1.0, new Random(1));

        result.Count.Should().Be(2);
        result.Labels.Should().Equal(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
    }

    [Fact]
    public void Detect_finds_every_clique_of_a_ring()
    {
        CommunityResult result = Louvain.Detect(Ring(cliques: 6, size: 5), 1.0, new Random(3));

        result.Count.Should().Be(6);
        result.Labels.Should().Equal(Enumerable.Range(0, 30).Select(u => u / 5));
        // Hand-computed: each clique has 10 internal edges, m = 6·10 + 6 = 66, each degree sum 22.
        result.Modularity.Should().BeApproximately((6 * 10 / 66.0) - (6 * Math.Pow(22 / 132.0, 2)), 1e-12);
    }

    [Fact]
    public void Higher_resolution_never_gives_fewer_communities_on_the_ring()
    {
        WeightedGraph graph = Ring(cliques: 6, size: 5);
        double[] resolutions = [0.02, 0.1, 0.3, 1, 3, 10, 30];

        int[] counts = [.. resolutions.Select(r => Louvain.Detect(graph, r, new Random(5)).Count)];

        counts.Should().BeInAscendingOrder();
        counts[0].Should().BeLessThan(6, "a low resolution merges neighbouring cliques");
        counts[^1].Should().BeGreaterThan(6, "a high resolution breaks the cliques up");
    }

    [Fact]
    public void Same_seed_gives_the_same_result()
    {
        WeightedGraph graph = KnnGraph(Blobs.Generate(4, 150, 10, spread: 1.5, noise: 1, seed: 9).Data, 10);

        CommunityResult first = Louvain.Detect(graph, 1.0, new Random(42));
        CommunityResult second = Louvain.Detect(graph, 1.0, new Random(42));

        second.Labels.Should().Equal(first.Labels);
        second.Count.Should().Be(first.Count);
        second.Modularity.Should().Be(first.Modularity);
    }

    [Fact]
    public void Labels_are_compact_and_numbered_by_decreasing_size_then_lowest_node()
    {
        // Cliques of 4 (nodes 0-3), 6 (4-9), 4 (10-13) and 5 (14-18) in a chain, then isolated node 19.
        WeightedGraph graph = WeightedGraph.FromEdges(
            20, [.. Clique(0, 4), .. Clique(4, 6), .. Clique(10, 4), .. Clique(14, 5), (3, 4, 1f), (9, 10, 1f), (13, 14, 1f)]);

        CommunityResult result = Louvain.Detect(graph, 1.0, new Random(7));

        result.Count.Should().Be(5);
        int[] expected = [.. Enumerable.Repeat(2, 4), .. Enumerable.Repeat(0, 6), .. Enumerable.Repeat(3, 4), .. Enumerable.Repeat(1, 5), 4];
        result.Labels.Should().Equal(expected);
    }

    [Fact]
    public void Graph_without_edges_gives_singletons()
    {
        CommunityResult result = Louvain.Detect(WeightedGraph.FromEdges(3, []), 1.0, new Random(0));

        result.Labels.Should().Equal(0, 1, 2);
        result.Count.Should().Be(3);
        result.Modularity.Should().Be(0);
    }

    [Fact]
    public void Knn_graph_of_separated_blobs_gives_one_community_per_blob()
    {
        (VectorSet data, int[] truth, _) = Blobs.Generate(3, 200, 16, spread: 10, noise: 0.5, seed: 17);
        WeightedGraph graph = KnnGraph(data, 15);

        CommunityResult result = Louvain.Detect(graph, 1.0, new Random(2));

        result.Count.Should().Be(3);
        ClusteringMetrics.Accuracy(truth, result.Labels).Should().Be(1.0);
    }

    private static WeightedGraph Karate() => WeightedGraph.FromEdges(34, KarateEdges.Select(e => (e.Item1, e.Item2, 1f)));

    private static WeightedGraph KnnGraph(VectorSet data, int k) => WeightedGraph.FromNeighbours(NearestNeighbours.SelfJoin(data, k));

    private static IEnumerable<(int, int, float)> Clique(int first, int size) =>
        from a in Enumerable.Range(first, size)
        from b in Enumerable.Range(first, size)
        where a < b
        select (a, b, 1f);

    // Cliques in a cycle, the last node of each joined to the first node of the next.
    private static WeightedGraph Ring(int cliques, int size)
    {
        IEnumerable<(int, int, float)> edges = Enumerable.Range(0, cliques)
            .SelectMany(c => Clique(c * size, size).Append(((c * size) + size - 1, ((c + 1) % cliques) * size, 1f)));
        return WeightedGraph.FromEdges(cliques * size, edges);
    }
}
