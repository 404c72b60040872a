namespace Watcher.Core.Evaluation;

// The numbers `watcher eval` reports for one method (Watcher's engine or the published recipe).
// Property names become the JSON fields (snake_case) the issue specifies.
public sealed record ClusterScores(double Acc, double Nmi, double Ari, double Purity, double Silhouette);

public sealed record UnknownScores(
    double Auroc,
    [property: System.Text.Json.Serialization.JsonPropertyName("recall_at_5pct")] double RecallAt5pct,
    double Flagged,
    double FalseFlagged);

// What happens to held-out known images once the novelty gate is applied: filed under their
// true name, filed under a wrong name, or sent to the review queue (flagged as unknown).
public sealed record FilingScores(double Correct, double Wrong, double ToReview);

public sealed record MethodScores(
    int KFound,
    int ReviewImages,
    int ProjectionDimension,
    ClusterScores Cluster,
    double SortedAccuracy,
    FilingScores Filing,
    UnknownScores? Unknown);
