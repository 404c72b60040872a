using System.Runtime.CompilerServices;
using Watcher.Core.Clustering;

namespace Watcher.Core.Graphs;

// Louvain community detection (Blondel et al. 2008) with a resolution parameter γ, using the same
// modularity as networkx: Q = Σ_c [ L_c/m − γ (d_c / 2m)² ], where L_c is the weight of edges
// inside c (each once), d_c the summed degree of c and m the total edge weight. Each level moves
// single nodes to the neighbouring community with the best gain until a pass gains too little,
// then collapses communities into nodes and repeats on the smaller graph.
public static class Louvain
{
    // networkx's default threshold: a level or pass that gains less modularity than this ends.
    private const double MinimumGain = 1e-7;

    // A move must beat staying put by more than rounding noise, relative to the node's degree, or
    // two equally good communities could swap a node back and forth forever.
    private const double MoveTolerance = 1e-10;

    public static CommunityResult Detect(WeightedGraph graph, double resolution, Random random, int maxLevels = 20)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(random);
        CheckResolution(resolution);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLevels);

        int n = graph.NodeCount;
        var membership = new int[n];
        for (int u = 0; u < n; u++)
        {
            membership[u] = u;
        }

        double m = graph.TotalWeight;
        if (m > 0)
        {
            LouvainGraph level = LouvainGraph.From(graph);
            double modularity = level.SingletonModularity(m, resolution);
            for (int l = 0; l < maxLevels && level.NodeCount > 1; l++)
            {
                int[] community = MoveNodes(level, m, resolution, random, out bool moved);
                if (!moved)
                {
                    break;
                }

                int[] compact = LabelCompaction.Compact(community, out int count);
                for (int u = 0; u < n; u++)
                {
                    membership[u] = compact[membership[u]];
                }

                level = level.Aggregate(compact, count);
                double next = level.SingletonModularity(m, resolution);
                if (next - modularity <= MinimumGain)
                {
                    break;
                }

                modularity = next;
            }
        }

        int[] labels = LabelCompaction.BySize(membership, out int communities);
        return new CommunityResult(labels, communities, Modularity(graph, labels, resolution));
    }

    // networkx's modularity(G, communities, resolution) for a partition given as one label per node.
    // A graph without edges has modularity 0 (networkx would divide by zero).
    public static double Modularity(WeightedGraph graph, ReadOnlySpan<int> labels, double resolution)
    {
        ArgumentNullException.ThrowIfNull(graph);
        CheckResolution(resolution);
        if (labels.Length != graph.NodeCount)
        {
            throw new ArgumentException($"Expected {graph.NodeCount} labels, got {labels.Length}.", nameof(labels));
        }

        double m = graph.TotalWeight;
        if (m <= 0)
        {
            return 0;
        }

        int[] compact = LabelCompaction.Compact(labels, out int count);
        var inside = new double[count];
        var degree = new double[count];
        for (int u = 0; u < graph.NodeCount; u++)
        {
            int c = compact[u];
            degree[c] += graph.Degree(u);
            for (int e = graph.Offsets[u]; e < graph.Offsets[u + 1]; e++)
            {
                int v = graph.Targets[e];
                if (compact[v] == c)
                {
                    // Ordinary edges are stored at both ends, self-loops once.
                    inside[c] += v == u ? graph.Weights[e] : graph.Weights[e] / 2.0;
                }
            }
        }

        double q = 0;
        for (int c = 0; c < count; c++)
        {
            double share = degree[c] / (2 * m);
            q += (inside[c] / m) - (resolution * share * share);
        }

        return q;
    }

    // The local moving phase on one level: returns each node's community (an index of one of the
    // level's nodes) and whether any node left its own singleton. Fully optimised from the first
    // call: it runs once per level, too few times for tiered JIT to promote it in time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] MoveNodes(LouvainGraph level, double m, double resolution, Random random, out bool moved)
    {
        int n = level.NodeCount;
        int[] offsets = level.Offsets, targets = level.Targets;
        double[] weights = level.Weights, degrees = level.Degrees;
        var community = new int[n];
        var total = new double[n];
        var order = new int[n];
        for (int u = 0; u < n; u++)
        {
            community[u] = u;
            total[u] = degrees[u];
            order[u] = u;
        }

        random.Shuffle(order);

        var weightTo = new double[n];
        var touched = new int[n];
        moved = false;
        while (true)
        {
            double passGain = 0;
            int moves = 0;
            foreach (int u in order)
            {
                double degree = degrees[u];
                if (offsets[u] == offsets[u + 1])
                {
                    continue;
                }

                int touchedCount = 0;
                for (int e = offsets[u]; e < offsets[u + 1]; e++)
                {
                    int c = community[targets[e]];
                    if (weightTo[c] == 0)
                    {
                        touched[touchedCount++] = c;
                    }

                    weightTo[c] += weights[e];
                }

                // Score of joining c, in edge-weight units (m × the modularity gain over leaving u
                // alone): the weight u would bring inside minus the expected share at resolution γ.
                int own = community[u];
                total[own] -= degree;
                double factor = resolution * degree / (2 * m);
                double ownScore = weightTo[own] - (factor * total[own]);
                int best = own;
                double bestScore = ownScore;
                for (int t = 0; t < touchedCount; t++)
                {
                    int c = touched[t];
                    double score = weightTo[c] - (factor * total[c]);
                    if (score > bestScore)
                    {
                        best = c;
                        bestScore = score;
                    }

                    weightTo[c] = 0;
                }

                if (best != own && bestScore - ownScore > MoveTolerance * degree)
                {
                    community[u] = best;
                    passGain += (bestScore - ownScore) / m;
                    moves++;
                }
                else
                {
                    best = own;
                }

                total[best] += degree;
            }

            moved |= moves > 0;
            if (moves == 0 || passGain <= MinimumGain)
            {
                return community;
            }
        }
    }

    private static void CheckResolution(double resolution)
    {
        if (!double.IsFinite(resolution) || resolution < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Resolution must be finite and non-negative.");
        }
    }
}
