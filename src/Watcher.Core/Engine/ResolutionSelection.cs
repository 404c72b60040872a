using Watcher.Core.Clustering;
using Watcher.Core.Graphs;
using Watcher.Core.Metrics;

namespace Watcher.Core.Engine;

// Picks the Louvain resolution (and with it the number of clusters) by stability: the pool is
// subsampled several times, each subsample's neighbour graph is partitioned, and the resolution
// whose partitions agree best on shared images wins. A structure that is really there is found
// again from any large part of the data; a split that is not there lands somewhere different
// each time. Silhouette cannot do this job: it rewards few, coarse clusters (FINDINGS.md 1-2).
internal static class ResolutionSelection
{
    public static (IReadOnlyList<ResolutionPoint> Curve, int Chosen) Run(
        WeightedGraph graph, EngineOptions options, int minClusterSize, ParallelOptions parallel)
    {
        int n = graph.NodeCount;
        var masks = new bool[options.Subsamples][];
        for (int b = 0; b < masks.Length; b++)
        {
            var random = new Random(options.Seed + (7919 * (b + 1)));
            masks[b] = new bool[n];
            for (int i = 0; i < n; i++)
            {
                masks[b][i] = random.NextDouble() < options.SubsampleFraction;
            }
        }

        var subgraphs = new (WeightedGraph Graph, int[] Original)[masks.Length];
        for (int b = 0; b < masks.Length; b++)
        {
            subgraphs[b] = (graph.InducedSubgraph(masks[b], out int[] original), original);
        }

        int resolutions = options.Resolutions.Count;
        var partitions = new int[resolutions * masks.Length][];
        var counts = new int[resolutions * masks.Length];
        int scaledMinimum = Math.Max(1, (int)Math.Round(minClusterSize * options.SubsampleFraction));
        Parallel.For(0, partitions.Length, parallel, job =>
        {
            int r = job / masks.Length, b = job % masks.Length;
            (WeightedGraph sub, int[] original) = subgraphs[b];
            CommunityResult result = Louvain.Detect(sub, options.Resolutions[r], new Random(options.Seed + job));
            var full = new int[n];
            Array.Fill(full, -1);
            for (int i = 0; i < original.Length; i++)
            {
                full[original[i]] = result.Labels[i];
            }

            partitions[job] = full;
            counts[job] = CountAtLeast(result.Labels, result.Count, scaledMinimum);
        });

        var curve = new List<ResolutionPoint>(resolutions);
        for (int r = 0; r < resolutions; r++)
        {
            double agreement = 0;
            int pairs = 0;
            for (int a = 0; a < masks.Length; a++)
            {
                for (int b = a + 1; b < masks.Length; b++)
                {
                    agreement += SharedAgreement(partitions[(r * masks.Length) + a], partitions[(r * masks.Length) + b]);
                    pairs++;
                }
            }

            int[] found = counts.AsSpan(r * masks.Length, masks.Length).ToArray();
            curve.Add(new ResolutionPoint(options.Resolutions[r], found.Average(), agreement / pairs, found));
        }

        return (curve, Choose(curve, options));
    }

    // The finest resolution whose stability is within StabilityTolerance (relative) of the most
    // stable one wins, as long as it stays within the review budget: over-clustering costs a few
    // more review images, while a too-coarse partition puts two kinds of image under one name.
    internal static int Choose(IReadOnlyList<ResolutionPoint> curve, EngineOptions options)
    {
        var affordable = Enumerable.Range(0, curve.Count).Where(i => curve[i].MeanClusters <= options.MaxClusters).ToList();
        if (affordable.Count == 0)
        {
            return Enumerable.Range(0, curve.Count).MinBy(i => curve[i].MeanClusters);
        }

        double best = affordable.Max(i => curve[i].Stability);
        return affordable.Where(i => curve[i].Stability >= best * (1 - options.StabilityTolerance))
            .OrderByDescending(i => curve[i].Resolution)
            .First();
    }

    private static double SharedAgreement(int[] first, int[] second)
    {
        var a = new List<int>();
        var b = new List<int>();
        for (int i = 0; i < first.Length; i++)
        {
            if (first[i] >= 0 && second[i] >= 0)
            {
                a.Add(first[i]);
                b.Add(second[i]);
            }
        }

        return a.Count < 2 ? 0 : ClusteringMetrics.AdjustedRandIndex(a.ToArray(), b.ToArray());
    }

    private static int CountAtLeast(int[] labels, int count, int minimum) =>
        Math.Max(1, LabelCompaction.Sizes(labels, count).Count(s => s >= minimum));
}
