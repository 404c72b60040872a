using System.Runtime.CompilerServices;

namespace Watcher.Core.Graphs;

// One level of the Louvain hierarchy. Weights are doubles because aggregated edges sum many
// unit weights, and self-loops (the internal weight of a collapsed community) are kept apart
// from the adjacency lists: they count towards the degree but never pull a node anywhere.
internal sealed class LouvainGraph
{
    private LouvainGraph(int[] offsets, int[] targets, double[] weights, double[] selfLoops)
    {
        NodeCount = selfLoops.Length;
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
        SelfLoops = selfLoops;
        Degrees = new double[NodeCount];
        for (int u = 0; u < NodeCount; u++)
        {
            double degree = 2 * selfLoops[u];
            for (int e = offsets[u]; e < offsets[u + 1]; e++)
            {
                degree += weights[e];
            }

            Degrees[u] = degree;
        }
    }

    public int NodeCount { get; }

    public int[] Offsets { get; }

    public int[] Targets { get; }

    public double[] Weights { get; }

    // Each node's self-loop weight, counted once (an undirected edge from the node to itself).
    public double[] SelfLoops { get; }

    public double[] Degrees { get; }

    public static LouvainGraph From(WeightedGraph graph)
    {
        int n = graph.NodeCount;
        var offsets = new int[n + 1];
        var targets = new List<int>(graph.Targets.Length);
        var weights = new List<double>(graph.Targets.Length);
        var selfLoops = new double[n];
        for (int u = 0; u < n; u++)
        {
            for (int e = graph.Offsets[u]; e < graph.Offsets[u + 1]; e++)
            {
                int v = graph.Targets[e];
                if (v == u)
                {
                    selfLoops[u] += graph.Weights[e];
                }
                else
                {
                    targets.Add(v);
                    weights.Add(graph.Weights[e]);
                }
            }

            offsets[u + 1] = targets.Count;
        }

        return new LouvainGraph(offsets, [.. targets], [.. weights], selfLoops);
    }

    // Collapses each community (community[u] in 0..count-1) into one node whose self-loop carries
    // the community's internal weight and whose edges carry the summed weight to other communities.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LouvainGraph Aggregate(int[] community, int count)
    {
        // Members of each community, grouped by a counting sort so each is walked once.
        var start = new int[count + 1];
        foreach (int c in community)
        {
            start[c + 1]++;
        }

        for (int c = 0; c < count; c++)
        {
            start[c + 1] += start[c];
        }

        var members = new int[NodeCount];
        var next = start[..^1];
        for (int u = 0; u < NodeCount; u++)
        {
            members[next[community[u]]++] = u;
        }

        var offsets = new int[count + 1];
        var targets = new List<int>();
        var weights = new List<double>();
        var selfLoops = new double[count];
        var weightTo = new double[count];
        var touched = new List<int>();
        for (int c = 0; c < count; c++)
        {
            double internalWeight = 0;
            for (int i = start[c]; i < start[c + 1]; i++)
            {
                int u = members[i];
                internalWeight += 2 * SelfLoops[u];
                for (int e = Offsets[u]; e < Offsets[u + 1]; e++)
                {
                    int other = community[Targets[e]];
                    if (other == c)
                    {
                        // Seen once from each end, hence the halving below.
                        internalWeight += Weights[e];
                        continue;
                    }

                    if (weightTo[other] == 0)
                    {
                        touched.Add(other);
                    }

                    weightTo[other] += Weights[e];
                }
            }

            selfLoops[c] = internalWeight / 2;
            touched.Sort();
            foreach (int other in touched)
            {
                targets.Add(other);
                weights.Add(weightTo[other]);
                weightTo[other] = 0;
            }

            touched.Clear();
            offsets[c + 1] = targets.Count;
        }

        return new LouvainGraph(offsets, [.. targets], [.. weights], selfLoops);
    }

    // Modularity of the partition that puts every node of this level in its own community, which is
    // the modularity of the partition of the original graph this level was collapsed from.
    public double SingletonModularity(double totalWeight, double resolution)
    {
        double q = 0;
        for (int u = 0; u < NodeCount; u++)
        {
            double share = Degrees[u] / (2 * totalWeight);
            q += (SelfLoops[u] / totalWeight) - (resolution * share * share);
        }

        return q;
    }
}
