using Watcher.Core.Engine;

namespace Watcher.Core.Evaluation;

// Everything one evaluation produced: the scores for both methods and what a report draws.
// Indices (Pool, ReviewSamples) refer to the rows of the evaluated embedding set.
public sealed class EvalOutcome
{
    public required MethodScores Watcher { get; init; }

    public required MethodScores Baseline { get; init; }

    public required EngineResult Engine { get; init; }

    public required RecipeFit Recipe { get; init; }

#pragma warning disable CA1819 // Plain arrays hand off to the report writer as they are.
    public required int[] Pool { get; init; }

    public required string[] ClusterNames { get; init; }

    public required double[] HeldOutScores { get; init; }

    public required double[] UnknownScoresRaw { get; init; }
#pragma warning restore CA1819

    public required double Threshold { get; init; }

    // Where every image (pool, held-out, unknown) sits for each method, for the effort curve.
    public required EffortSetup WatcherEffort { get; init; }

    public required EffortSetup RecipeEffort { get; init; }

    // Silhouette of the true classes themselves, measured like the two methods' clusterings: a
    // yardstick showing how far silhouette is from "right" on this set (decisions.md).
    public required double TrueClassesSilhouette { get; init; }

    public required IReadOnlyDictionary<string, double> Seconds { get; init; }
}
