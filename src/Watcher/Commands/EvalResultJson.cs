using Watcher.Cli;
using Watcher.Core.Evaluation;

namespace Watcher.Commands;

/// <summary>The JSON `watcher eval --json` prints (snake_case); field meanings are in the README.</summary>
public sealed record EvalResultJson(
    string Folder, string Model, string Provider, int Images, int Skipped, int Pool, int HeldOut, int UnknownImages,
    IReadOnlyList<string> UnknownClasses,
    int KFound, int ReviewImages, int ProjectionDimension, double ExplainedVariance, double Resolution, double Stability,
    IReadOnlyList<int> KSubsamples, IReadOnlyList<SelectionJson> Selection,
    ClusterScores Cluster, double TrueClassesSilhouette, double SortedAccuracy, FilingScores Filing, UnknownScores? Unknown,
    BaselineJson Baseline, double Seconds, IReadOnlyDictionary<string, double> Timings, EffortCurveJson? EffortCurve)
{
    public static EvalResultJson From(
        EvalOutcome o, EmbeddedFolder embedded, string folder, IReadOnlyList<string> unknownClasses, double seconds, int? reviewerBudget = null)
    {
        var w = o.Watcher;
        var chosen = o.Engine.Curve[o.Engine.ChosenPoint];
        var timings = new Dictionary<string, double> { ["embedding"] = R(embedded.Seconds) };
        foreach (var (k, v) in o.Seconds) timings[k] = R(v);
        foreach (var (k, v) in o.Engine.StageSeconds) timings["engine_" + k] = R(v);
        return new EvalResultJson(
            Path.GetFullPath(folder), embedded.EncoderId, embedded.Provider, embedded.Images.Count, embedded.Skipped,
            o.Pool.Length, o.HeldOutScores.Length, o.UnknownScoresRaw.Length, unknownClasses,
            w.KFound, w.ReviewImages, w.ProjectionDimension, R(o.Engine.ExplainedVariance), chosen.Resolution, R(chosen.Stability),
            chosen.SubsampleClusters,
            o.Engine.Curve.Select(p => new SelectionJson(p.Resolution, R(p.MeanClusters), R(p.Stability))).ToArray(),
            Round(w.Cluster), R(o.TrueClassesSilhouette), R(w.SortedAccuracy), Round(w.Filing), Round(w.Unknown),
            BaselineJson.From(o.Baseline), R(seconds), timings,
            reviewerBudget is { } budget ? EffortCurveJson.From(o, budget) : null);
    }

    internal static double R(double v) => Math.Round(v, 4);

    internal static ClusterScores Round(ClusterScores c) => new(R(c.Acc), R(c.Nmi), R(c.Ari), R(c.Purity), R(c.Silhouette));

    internal static FilingScores Round(FilingScores f) => new(R(f.Correct), R(f.Wrong), R(f.ToReview));

    internal static UnknownScores? Round(UnknownScores? u) => u is null ? null : new(R(u.Auroc), R(u.RecallAt5pct), R(u.Flagged), R(u.FalseFlagged));
}

/// <summary>The published recipe's numbers, on the same embeddings and protocol.</summary>
public sealed record BaselineJson(
    int KFound, int ReviewImages, int ProjectionDimension, ClusterScores Cluster, double SortedAccuracy, FilingScores Filing, UnknownScores? Unknown)
{
    public static BaselineJson From(MethodScores b) => new(
        b.KFound, b.ReviewImages, b.ProjectionDimension, EvalResultJson.Round(b.Cluster), EvalResultJson.R(b.SortedAccuracy),
        EvalResultJson.Round(b.Filing), EvalResultJson.Round(b.Unknown));
}

/// <summary>One point of the automatic choice: Louvain resolution, mean clusters over the subsamples, their agreement.</summary>
public sealed record SelectionJson(double Resolution, double MeanClusters, double Stability);

/// <summary>
/// The effort curve (`--reviewer-budget`): share of every image eval handled that sits under its true name, against
/// images a simulated person has reviewed, for both methods on the same images.
/// </summary>
public sealed record EffortCurveJson(int Budget, int Population, EffortMethodJson Watcher, EffortMethodJson Recipe)
{
    public static EffortCurveJson From(EvalOutcome o, int budget)
    {
        var watcher = EffortCurve.Simulate(o.WatcherEffort, budget);
        var recipe = EffortCurve.Simulate(o.RecipeEffort, budget);
        return new EffortCurveJson(budget, watcher.Population, EffortMethodJson.From(watcher), EffortMethodJson.From(recipe));
    }
}

/// <summary>
/// One method's curve. share_at maps a few budgets to the share reached within them; complete_share is where the
/// curve ends once every cluster is named and the whole queue reviewed, which takes complete_cost images.
/// </summary>
public sealed record EffortMethodJson(
    int ClustersNamed, int NamingImages, int Queue, int QueueReviewed, IReadOnlyDictionary<string, double> ShareAt,
    double CompleteShare, int CompleteCost, IReadOnlyList<EffortPointJson> Points)
{
    public static EffortMethodJson From(EffortResult r) => new(
        r.ClustersNamed, r.NamingImages, r.QueueLength, r.QueueReviewed,
        EffortCurve.Checkpoints(r.Budget).ToDictionary(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture), b => EvalResultJson.R(r.ShareAt(b))),
        EvalResultJson.R(r.CompleteShare), r.CompleteCost,
        r.Points.Select(p => new EffortPointJson(p.Reviewed, EvalResultJson.R(p.Correct))).ToArray());
}

/// <summary>After `reviewed` images looked at, this share of all images is filed under its true name.</summary>
public sealed record EffortPointJson(int Reviewed, double Correct);
