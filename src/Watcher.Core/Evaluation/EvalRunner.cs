using Watcher.Core.Clustering;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Core.Metrics;

namespace Watcher.Core.Evaluation;

// Runs the evaluation protocol on one labelled embedding set: split, cluster the pool with the
// engine and with the published recipe, let the simulated reviewer name both, then file the
// held-out and unknown images as new images and score everything on the same data.
public sealed class EvalRunner(EngineOptions options, TimeProvider? time = null)
{
    private const int SilhouetteSample = 2000;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public EvalOutcome Run(
        VectorSet embeddings, IReadOnlyList<string> relativePaths, IReadOnlyList<string> labels,
        IReadOnlyCollection<string> unknownClasses, string encoderId, IProgress<EngineProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(options);
        EvalRole[] roles = HoldOut.Split(relativePaths, labels, unknownClasses);
        int[] pool = Indices(roles, EvalRole.Pool);
        int[] held = Indices(roles, EvalRole.HeldOut);
        int[] unknown = Indices(roles, EvalRole.Unknown);
        if (held.Length == 0)
        {
            throw new ArgumentException("No image was held out; the folder is too small to evaluate.");
        }

        VectorSet poolSet = embeddings.Select(pool);
        string[] poolTruth = Array.ConvertAll(pool, i => labels[i]);
        var seconds = new Dictionary<string, double>();

        long start = _time.GetTimestamp();
        EngineResult engine = new ClusterEngine(options).Fit(
            poolSet, Array.ConvertAll(pool, i => relativePaths[i]), encoderId, progress, _time);
        seconds["watcher_engine"] = _time.GetElapsedTime(start).TotalSeconds;
        string[] names = SimulatedReviewer.Name(engine.ReviewSamples, poolTruth);
        foreach (ModelCluster cluster in engine.Model.Clusters)
        {
            cluster.Name = names[cluster.Id];
        }

        VectorSet heldSet = embeddings.Select(held);
        VectorSet unknownSet = embeddings.Select(unknown);
        Placement[] heldPlaced = engine.Model.Classify(heldSet, options.MaxDegreeOfParallelism);
        Placement[] unknownPlaced = engine.Model.Classify(unknownSet, options.MaxDegreeOfParallelism);
        double[] heldScores = heldPlaced.Select(p => p.Score).ToArray();
        double[] unknownScores = unknownPlaced.Select(p => p.Score).ToArray();
        MethodScores ours = Score(
            poolSet, poolTruth, engine.Labels, engine.ClusterCount, engine.ReviewSamples.Sum(s => s.Length), engine.ProjectionDimension,
            heldPlaced.Select(p => p.Name!).ToArray(), heldPlaced.Select(p => p.IsUnknown).ToArray(),
            Array.ConvertAll(held, i => labels[i]), heldScores, unknownScores, unknownPlaced.Select(p => p.IsUnknown).ToArray());

        start = _time.GetTimestamp();
        RecipeFit recipe = PublishedRecipe.Fit(poolSet, options.ReviewSamples, options.FlagShare, options.Seed, options.MaxDegreeOfParallelism);
        seconds["baseline_recipe"] = _time.GetElapsedTime(start).TotalSeconds;
        string[] recipeNames = SimulatedReviewer.Name(recipe.ReviewSamples, poolTruth);
        (int[] heldClusters, double[] heldDistances) = PublishedRecipe.Place(recipe, heldSet);
        (int[] unknownClusters, double[] unknownDistances) = PublishedRecipe.Place(recipe, unknownSet);
        MethodScores baseline = Score(
            poolSet, poolTruth, recipe.Labels, recipe.Clusters, recipe.ReviewSamples.Sum(s => s.Length), recipe.Dimension,
            Array.ConvertAll(heldClusters, c => recipeNames[c]), heldDistances.Select(d => d > recipe.Threshold).ToArray(),
            Array.ConvertAll(held, i => labels[i]), heldDistances, unknownDistances,
            unknownDistances.Select(d => d > recipe.Threshold).ToArray());

        return new EvalOutcome
        {
            Watcher = ours,
            Baseline = baseline,
            Engine = engine,
            Recipe = recipe,
            Pool = pool,
            ClusterNames = names,
            HeldOutScores = heldScores,
            UnknownScoresRaw = unknownScores,
            Threshold = engine.Model.Novelty.Threshold,
            WatcherEffort = new EffortSetup(
                [.. Pooled(poolTruth, engine.Labels), .. Placed(held, labels, heldPlaced), .. Placed(unknown, labels, unknownPlaced)],
                names, Array.ConvertAll(engine.ReviewSamples, s => s.Length)),

            // The recipe has no review queue: everything is forced into its nearest centroid.
            RecipeEffort = new EffortSetup(
                [.. Pooled(poolTruth, recipe.Labels), .. Forced(held, labels, heldClusters), .. Forced(unknown, labels, unknownClusters)],
                recipeNames, Array.ConvertAll(recipe.ReviewSamples, s => s.Length)),
            TrueClassesSilhouette = TrueSilhouette(poolSet, poolTruth),
            Seconds = seconds,
        };
    }

    private static MethodScores Score(
        VectorSet poolSet, string[] poolTruth, int[] poolClusters, int k, int reviewImages, int dimension,
        string[] heldNames, bool[] heldFlagged, string[] heldTruth, double[] heldScores, double[] unknownScores, bool[] unknownFlagged)
    {
        int[] truth = Encode(poolTruth);
        var cluster = new ClusterScores(
            ClusteringMetrics.Accuracy(truth, poolClusters),
            ClusteringMetrics.NormalizedMutualInformation(truth, poolClusters),
            ClusteringMetrics.AdjustedRandIndex(truth, poolClusters),
            ClusteringMetrics.Purity(truth, poolClusters),
            k < 2 ? 0 : Silhouette.SampledScore(poolSet, poolClusters, SilhouetteSample, seed: 0));

        int n = heldTruth.Length;
        int right = Enumerable.Range(0, n).Count(i => heldNames[i] == heldTruth[i]);
        int rightFiled = Enumerable.Range(0, n).Count(i => !heldFlagged[i] && heldNames[i] == heldTruth[i]);
        int review = heldFlagged.Count(f => f);
        var filing = new FilingScores(rightFiled / (double)n, (n - review - rightFiled) / (double)n, review / (double)n);

        UnknownScores? unknown = null;
        if (unknownScores.Length > 0)
        {
            bool[] positive = [.. Enumerable.Repeat(false, heldScores.Length), .. Enumerable.Repeat(true, unknownScores.Length)];
            double[] scores = [.. heldScores, .. unknownScores];
            unknown = new UnknownScores(
                DetectionMetrics.AreaUnderRoc(positive, scores),
                DetectionMetrics.RecallAtFalsePositiveRate(positive, scores, 0.05),
                unknownFlagged.Count(f => f) / (double)unknownFlagged.Length,
                review / (double)n);
        }

        return new MethodScores(k, reviewImages, dimension, cluster, right / (double)n, filing, unknown);
    }

    private static double TrueSilhouette(VectorSet poolSet, string[] poolTruth)
    {
        int[] truth = Encode(poolTruth);
        return truth.Distinct().Count() < 2 ? 0 : Silhouette.SampledScore(poolSet, truth, SilhouetteSample, seed: 0);
    }

    private static int[] Encode(string[] labels)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return Array.ConvertAll(labels, l => ids.TryGetValue(l, out int id) ? id : ids[l] = ids.Count);
    }

    private static IEnumerable<EffortImage> Pooled(string[] poolTruth, int[] clusters) =>
        poolTruth.Select((truth, i) => new EffortImage(truth, clusters[i], Queued: false));

    private static IEnumerable<EffortImage> Placed(int[] rows, IReadOnlyList<string> labels, Placement[] placed) =>
        rows.Select((row, i) => new EffortImage(labels[row], placed[i].Cluster, placed[i].IsUnknown));

    private static IEnumerable<EffortImage> Forced(int[] rows, IReadOnlyList<string> labels, int[] clusters) =>
        rows.Select((row, i) => new EffortImage(labels[row], clusters[i], Queued: false));

    private static int[] Indices(EvalRole[] roles, EvalRole role) =>
        Enumerable.Range(0, roles.Length).Where(i => roles[i] == role).ToArray();
}
