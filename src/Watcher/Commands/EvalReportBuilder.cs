using System.Text.Json;
using Watcher.Cli;
using Watcher.Core.Engine;
using Watcher.Core.Evaluation;
using Watcher.Reporting;

namespace Watcher.Commands;

/// <summary>Turns an evaluation into the pictures and page of `watcher eval --report`.</summary>
public static class EvalReportBuilder
{
    private static readonly JsonSerializerOptions Indented = new(JsonOutput.Options) { WriteIndented = true };

    public static string Write(EvalOutcome o, EmbeddedFolder embedded, EvalResultJson result, string directory, IReadOnlyList<string> unknownClasses)
    {
        var pool = embedded.Vectors.Select(o.Pool);
        var projected = o.Engine.Model.Projection.Transform(pool);
        var (mapX, mapY) = MapLayout.Discriminant(projected, o.Engine.Labels);

        var cards = new List<ClusterCard>();
        for (var c = 0; c < o.Engine.ClusterCount; c++)
        {
            var members = Enumerable.Range(0, pool.Rows).Where(i => o.Engine.Labels[i] == c).ToArray();
            var truth = members.GroupBy(i => embedded.Images[o.Pool[i]].Label, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
            cards.Add(new ClusterCard(c, o.ClusterNames[c], members.Length, truth.Key, truth.Count() / (double)members.Length,
                o.Engine.ReviewSamples[c].Select(i => embedded.Images[o.Pool[i]].FullPath).ToArray()));
        }

        var chosen = o.Engine.ChosenPoint;
        var selection = o.Engine.Curve.Select((p, i) => new SelectionPoint(p.Resolution, p.MeanClusters, p.Stability, i == chosen)).ToArray();
        var baseline = o.Recipe.Curve.Select(p => new SelectionPoint(p.K, p.K, p.Silhouette, p.K == o.Recipe.Clusters)).ToArray();
        var title = $"{Path.GetFileName(result.Folder.TrimEnd('/', '\\'))} · {result.Model}" +
            (unknownClasses.Count > 0 ? $" · unknown: {string.Join(", ", unknownClasses)}" : "");
        var report = new EvalReport(title, selection, mapX, mapY, o.Engine.Labels, cards,
            new ScoreHistogram(o.HeldOutScores, o.UnknownScoresRaw, o.Threshold), baseline,
            JsonSerializer.Serialize(result, Indented), Effort(result.EffortCurve));
        ReportWriter.Write(report, directory);
        return Path.Combine(Path.GetFullPath(directory), "index.html");
    }

    private static EffortPlot? Effort(EffortCurveJson? e) => e is null ? null : new EffortPlot(
        e.Budget, e.Population, Series("Watcher", e.Watcher), Series("published recipe", e.Recipe));

    private static EffortSeries Series(string label, EffortMethodJson m) =>
        new(label, m.Points.Select(p => (p.Reviewed, p.Correct)).ToArray(), m.NamingImages);
}
