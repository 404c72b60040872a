using System.Diagnostics;
using Watcher.Core.Clustering;
using Watcher.Core.Graphs;
using Watcher.Core.Maths;

namespace Watcher.Core.Engine;

// Builds a ClusterModel from a pool of embeddings:
//   PCA projection (variance-based size) → k-nearest-neighbour graph → Louvain communities at
//   the resolution that is most stable across subsamples → small communities folded in →
//   review samples → reference set and novelty calibration.
// Why a neighbour graph and not k-means on centroids: see docs/decisions.md ("Clustering").
public sealed class ClusterEngine
{
    private const int StageCount = 6;
    private readonly EngineOptions _options;

    public ClusterEngine(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    // keys[i] names pool image i (a relative path or a hash); review samples are stored by key.
    public EngineResult Fit(
        VectorSet embeddings, IReadOnlyList<string> keys, string encoderId,
        IProgress<EngineProgress>? progress = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(keys);
        time ??= TimeProvider.System;
        int n = embeddings.Rows;
        if (keys.Count != n)
        {
            throw new ArgumentException($"{keys.Count} keys for {n} embeddings.", nameof(keys));
        }

        int minSize = Math.Max(_options.MinClusterSize, (int)Math.Ceiling(_options.MinClusterShare * n));
        if (n < Math.Max(20, 2 * minSize))
        {
            throw new ArgumentException($"Clustering needs at least {Math.Max(20, 2 * minSize)} images; got {n}.", nameof(embeddings));
        }

        var parallel = DenseOps.Parallelism(_options.MaxDegreeOfParallelism);
        void Stage(string name, int number)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new EngineProgress(name, number, StageCount));
        }

        var timer = new StageTimer(time);
        Stage("projection", 1);
        Pca projection = FitProjection(embeddings, out double explained);
        VectorSet projected = projection.Transform(embeddings, _options.MaxDegreeOfParallelism);
        timer.Lap("projection");

        Stage("neighbour graph", 2);
        VectorSet graphSpace = Prefix(projected, Math.Min(_options.GraphDimensions, projected.Cols));
        NeighbourLists lists = NearestNeighbours.SelfJoin(graphSpace, _options.GraphNeighbours, _options.MaxDegreeOfParallelism);
        WeightedGraph graph = WeightedGraph.FromNeighbours(lists);
        timer.Lap("graph");

        Stage("choosing the number of clusters", 3);
        (IReadOnlyList<ResolutionPoint> curve, int chosen) = ResolutionSelection.Run(graph, _options, minSize, parallel);
        timer.Lap("selection");

        Stage("clustering", 4);
        CommunityResult best = Enumerable.Range(0, _options.FinalRuns)
            .AsParallel().WithDegreeOfParallelism(Math.Max(1, parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount))
            .Select(run => Louvain.Detect(graph, curve[chosen].Resolution, new Random(_options.Seed + (104729 * (run + 1)))))
            .ToList()
            .OrderByDescending(r => r.Modularity).First();
        int[] labels = CommunityCleanup.Apply(graph, projected, best.Labels, minSize, _options.MaxClusters);
        int clusters = labels.Max() + 1;
        timer.Lap("clustering");

        Stage("review samples", 5);
        VectorSet centroids = DenseOps.GroupMeans(projected, labels, clusters, parallel);
        int[][] samples = ReviewSampler.Choose(projected, labels, centroids, _options.ReviewSamples);
        timer.Lap("review");

        Stage("novelty calibration", 6);
        int[] referenceRows = ChooseReferences(n);
        VectorSet references = projected.Select(referenceRows);
        int[] referenceClusters = Array.ConvertAll(referenceRows, r => labels[r]);
        NoveltyCalibration novelty = Calibrate(embeddings, projection.ComponentCount, labels, clusters);
        timer.Lap("calibration");

        int[] sizes = LabelCompaction.Sizes(labels, clusters);
        var modelClusters = Enumerable.Range(0, clusters)
            .Select(c => new ModelCluster(c, sizes[c], samples[c].Select(i => keys[i]).ToArray()))
            .ToArray();
        var model = new ClusterModel(
            encoderId, embeddings.Cols, projection, references, referenceClusters, centroids, modelClusters,
            novelty, _options.FilingNeighbours, time.GetUtcNow());

        return new EngineResult
        {
            Model = model,
            Labels = labels,
            ReviewSamples = samples,
            Curve = curve,
            ChosenPoint = chosen,
            ExplainedVariance = explained,
            Modularity = best.Modularity,
            StageSeconds = timer.Laps,
        };
    }

    // The fewest leading components explaining VarianceToKeep of the variance. Unlike choosing
    // by silhouette (which always prefers the smallest dimension tried, FINDINGS.md 1) this
    // depends only on the variance spectrum, which hardly moves between subsamples.
    private Pca FitProjection(VectorSet embeddings, out double explained)
    {
        int most = Math.Min(Math.Min(_options.MaxProjection, embeddings.Cols), embeddings.Rows - 1);
        Pca full = Pca.Fit(embeddings, most, _options.MaxDegreeOfParallelism);
        double[] ratios = full.ExplainedVarianceRatio();
        int keep = 0;
        double sum = 0;
        while (keep < ratios.Length && sum < _options.VarianceToKeep)
        {
            sum += ratios[keep++];
        }

        keep = Math.Clamp(keep, Math.Min(_options.MinProjection, most), most);
        explained = ratios.Take(keep).Sum();
        if (keep == full.ComponentCount)
        {
            return full;
        }

        return new Pca(
            full.Mean.ToArray(), full.Components[..(keep * full.Dimension)].ToArray(),
            full.ExplainedVariance[..keep].ToArray(), full.TotalVariance);
    }

    private int[] ChooseReferences(int n)
    {
        if (n <= _options.MaxReferences)
        {
            return Enumerable.Range(0, n).ToArray();
        }

        // A uniform sample keeps each cluster's share, so votes stay fair to small clusters too.
        var random = new Random(_options.Seed);
        int[] all = Enumerable.Range(0, n).ToArray();
        random.Shuffle(all);
        int[] chosen = all[.._options.MaxReferences];
        Array.Sort(chosen);
        return chosen;
    }

    // Calibrated out of sample: a fifth of the pool (at most CalibrationSample images) plays
    // "new images" against a projection fitted on the rest. Scoring pool images against the
    // final projection instead would under-state their residuals (the PCA was fitted to them)
    // and flag nearly twice the configured share of genuinely new known images.
    private NoveltyCalibration Calibrate(VectorSet embeddings, int dimension, int[] labels, int clusters)
    {
        int n = embeddings.Rows;
        int count = Math.Clamp(Math.Min(_options.CalibrationSample, n / 5), 2, n - 2);
        int[] order = Enumerable.Range(0, n).ToArray();
        new Random(_options.Seed + 1).Shuffle(order);
        int[] held = order[..count];
        int[] rest = order[count..];
        Array.Sort(held);
        Array.Sort(rest);

        VectorSet restVectors = embeddings.Select(rest);
        VectorSet heldVectors = embeddings.Select(held);
        Pca projection = Pca.Fit(restVectors, Math.Min(dimension, rest.Length - 1), _options.MaxDegreeOfParallelism);
        NeighbourLists near = NearestNeighbours.Query(
            projection.Transform(heldVectors, _options.MaxDegreeOfParallelism),
            projection.Transform(restVectors, _options.MaxDegreeOfParallelism), 1, _options.MaxDegreeOfParallelism);
        double[] residuals = projection.Residuals(heldVectors, _options.MaxDegreeOfParallelism);
        var distances = new double[count];
        for (int i = 0; i < count; i++)
        {
            distances[i] = near.DistancesOf(i)[0];
        }

        return NoveltyCalibration.Fit(
            distances, residuals, Array.ConvertAll(held, h => labels[h]), clusters, _options.FlagShare, _options.PerClusterCalibrationMin);
    }

    private static VectorSet Prefix(VectorSet data, int columns)
    {
        if (columns == data.Cols)
        {
            return data;
        }

        var prefix = new VectorSet(data.Rows, columns);
        for (int i = 0; i < data.Rows; i++)
        {
            data.Row(i)[..columns].CopyTo(prefix.Row(i));
        }

        return prefix;
    }

    private sealed class StageTimer(TimeProvider time)
    {
        private readonly Dictionary<string, double> _laps = [];
        private long _start = time.GetTimestamp();

        public IReadOnlyDictionary<string, double> Laps => _laps;

        public void Lap(string name)
        {
            long now = time.GetTimestamp();
            _laps[name] = time.GetElapsedTime(_start, now).TotalSeconds;
            _start = now;
        }
    }
}
