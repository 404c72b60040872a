namespace Watcher.Core.Graphs;

// An undirected weighted graph in compressed sparse row form: node u's edges are entries
// [Offsets[u], Offsets[u+1]) of Targets/Weights, sorted by target. Every edge between two
// different nodes is stored in both rows; a self-loop is stored once, in its node's row, and
// counts twice towards that node's degree, as networkx does, so modularity matches its numbers.
public sealed class WeightedGraph
{
    private readonly double[] degrees;

    private WeightedGraph(int nodeCount, int[] offsets, int[] targets, float[] weights)
    {
        NodeCount = nodeCount;
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
        degrees = new double[nodeCount];
        double total = 0;
        for (int u = 0; u < nodeCount; u++)
        {
            double degree = 0;
            for (int e = offsets[u]; e < offsets[u + 1]; e++)
            {
                degree += targets[e] == u ? 2.0 * weights[e] : weights[e];
            }

            degrees[u] = degree;
            total += degree;
        }

        TotalWeight = total / 2;
    }

    public int NodeCount { get; }

#pragma warning disable CA1819 // Raw CSR arrays on purpose: algorithms walk them without copying.
    public int[] Offsets { get; }

    public int[] Targets { get; }

    public float[] Weights { get; }
#pragma warning restore CA1819

    // Sum of all edge weights with each undirected edge counted once: m in the modularity formula.
    public double TotalWeight { get; }

    // Sum of the weights of the node's edges (a self-loop counts twice).
    public double Degree(int node)
    {
        CheckNode(node);
        return degrees[node];
    }

    public ReadOnlySpan<int> NeighboursOf(int node)
    {
        CheckNode(node);
        return Targets.AsSpan(Offsets[node], Offsets[node + 1] - Offsets[node]);
    }

    public ReadOnlySpan<float> WeightsOf(int node)
    {
        CheckNode(node);
        return Weights.AsSpan(Offsets[node], Offsets[node + 1] - Offsets[node]);
    }

    // The union-symmetrised kNN graph: i and j are joined when either lists the other. Every edge
    // has weight 1, mutual neighbours included, so density alone never outweighs connectivity.
    public static WeightedGraph FromNeighbours(NeighbourLists lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        int n = lists.Count;
        var from = new List<int>(n * lists.K * 2);
        var to = new List<int>(n * lists.K * 2);
        for (int i = 0; i < n; i++)
        {
            foreach (int j in lists.IndicesOf(i))
            {
                if ((uint)j >= (uint)n)
                {
                    throw new ArgumentException($"Row {i} lists neighbour {j}, outside 0..{n - 1}.", nameof(lists));
                }

                if (j != i)
                {
                    from.Add(i);
                    to.Add(j);
                    from.Add(j);
                    to.Add(i);
                }
            }
        }

        return Build(n, from, to, null);
    }

    // Undirected edges; repeated edges (in either direction) have their weights summed.
    public static WeightedGraph FromEdges(int nodeCount, IEnumerable<(int From, int To, float Weight)> edges)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        ArgumentNullException.ThrowIfNull(edges);
        var from = new List<int>();
        var to = new List<int>();
        var weights = new List<float>();
        foreach ((int a, int b, float w) in edges)
        {
            if ((uint)a >= (uint)nodeCount || (uint)b >= (uint)nodeCount)
            {
                throw new ArgumentException($"Edge ({a}, {b}) is outside 0..{nodeCount - 1}.", nameof(edges));
            }

            if (!float.IsFinite(w) || w <= 0)
            {
                throw new ArgumentException($"Edge ({a}, {b}) has weight {w}; weights must be positive and finite.", nameof(edges));
            }

            from.Add(a);
            to.Add(b);
            weights.Add(w);
            if (a != b)
            {
                from.Add(b);
                to.Add(a);
                weights.Add(w);
            }
        }

        return Build(nodeCount, from, to, weights);
    }

    // The graph restricted to nodes with keep[u] set, renumbered 0.. in original order;
    // originalIndex[new] is the node's index in this graph.
    public WeightedGraph InducedSubgraph(ReadOnlySpan<bool> keep, out int[] originalIndex)
    {
        if (keep.Length != NodeCount)
        {
            throw new ArgumentException($"Expected {NodeCount} flags, got {keep.Length}.", nameof(keep));
        }

        var newIndex = new int[NodeCount];
        var kept = new List<int>();
        for (int u = 0; u < NodeCount; u++)
        {
            newIndex[u] = keep[u] ? kept.Count : -1;
            if (keep[u])
            {
                kept.Add(u);
            }
        }

        originalIndex = [.. kept];
        var offsets = new int[kept.Count + 1];
        var targets = new List<int>();
        var weights = new List<float>();
        for (int i = 0; i < kept.Count; i++)
        {
            int u = kept[i];
            for (int e = Offsets[u]; e < Offsets[u + 1]; e++)
            {
                // Renumbering is monotone, so rows stay sorted by target.
                int v = newIndex[Targets[e]];
                if (v >= 0)
                {
                    targets.Add(v);
                    weights.Add(Weights[e]);
                }
            }

            offsets[i + 1] = targets.Count;
        }

        return new WeightedGraph(kept.Count, offsets, [.. targets], [.. weights]);
    }

    // Groups half-edges by source, sorts each row by target and merges repeats: summing weights
    // when given, otherwise keeping a single weight-1 edge.
    private static WeightedGraph Build(int nodeCount, List<int> from, List<int> to, List<float>? weights)
    {
        var offsets = new int[nodeCount + 1];
        foreach (int u in from)
        {
            offsets[u + 1]++;
        }

        for (int u = 0; u < nodeCount; u++)
        {
            offsets[u + 1] += offsets[u];
        }

        var targets = new int[from.Count];
        var values = new float[from.Count];
        var next = offsets[..^1];
        for (int e = 0; e < from.Count; e++)
        {
            int slot = next[from[e]]++;
            targets[slot] = to[e];
            values[slot] = weights is null ? 1f : weights[e];
        }

        var compactOffsets = new int[nodeCount + 1];
        int write = 0;
        for (int u = 0; u < nodeCount; u++)
        {
            int start = offsets[u], length = offsets[u + 1] - start;
            Array.Sort(targets, values, start, length);
            for (int e = start; e < start + length; e++)
            {
                if (write > compactOffsets[u] && targets[write - 1] == targets[e])
                {
                    if (weights is not null)
                    {
                        values[write - 1] += values[e];
                    }

                    continue;
                }

                targets[write] = targets[e];
                values[write] = values[e];
                write++;
            }

            compactOffsets[u + 1] = write;
        }

        return new WeightedGraph(nodeCount, compactOffsets, targets[..write], values[..write]);
    }

    private void CheckNode(int node)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, NodeCount);
    }
}
