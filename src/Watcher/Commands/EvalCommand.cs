using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Watcher.Cli;
using Watcher.Core.Engine;
using Watcher.Core.Evaluation;
using Watcher.Embedding;

namespace Watcher.Commands;

/// <summary>
/// watcher eval &lt;folder&gt;: each sub-folder is a true class. Clusters the pool with Watcher's engine and with the
/// published recipe on the same embeddings, names clusters with a simulated reviewer, files held-out and unknown
/// images, and reports both side by side (protocol: FINDINGS.md section 4).
/// </summary>
public static class EvalCommand
{
    public static Command Create(GlobalOptions global)
    {
        var folder = new Argument<string>("folder") { Description = "Labelled folder: one sub-folder per true class." };
        var unknown = new Option<string?>("--unknown") { Description = "Comma-separated classes kept out of the pool and filed as new, never-seen images." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on stdout." };
        var report = new Option<string?>("--report") { Description = "Write pictures (selection curve, 2-D map, contact sheets) and index.html to this folder." };
        var saveModel = new Option<string?>("--save-model") { Description = "Save the model built from the pool (names from the simulated reviewer) to this file." };
        var budget = new Option<int?>("--reviewer-budget")
        {
            Description = "Also report the effort curve: share of all images filed under their true name as a simulated person reviews " +
                "up to this many images (cluster samples, largest cluster first, then the unknown queue).",
        };
        var command = new Command("eval", "Measure clustering, filing and unknown detection against the published recipe on a labelled folder.")
            { folder, unknown, json, report, saveModel, budget };
        command.SetAction(async (parse, ct) =>
        {
            using var context = CommandContext.Create(parse, global);
            var unknownClasses = (parse.GetValue(unknown) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return await RunAsync(context, parse.GetValue(folder)!, unknownClasses, parse.GetValue(json), parse.GetValue(report),
                parse.GetValue(saveModel), parse.GetValue(budget), ct).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(CommandContext context, string folder, string[] unknownClasses, bool json,
        string? reportDir, string? saveModel, int? reviewerBudget, CancellationToken ct)
    {
        // Checked before the slow part: embedding a folder takes minutes on a CPU.
        if (reviewerBudget < 1) throw new InvalidDataException($"--reviewer-budget must be at least 1 image (got {reviewerBudget}).");
        var logger = context.Logger<EvalResultJson>();
        var clock = Stopwatch.StartNew();
        var embedded = await FolderEmbedder.RunAsync(context.Get<EncoderFactory>(), folder, logger, ct).ConfigureAwait(false);
        var labels = embedded.Images.Select(i => i.Label).ToArray();
        var classes = labels.Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var missing = unknownClasses.Where(u => !classes.Contains(u)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"--unknown names {string.Join(", ", missing)}, which is not a sub-folder of {Path.GetFullPath(folder)} " +
                $"(classes: {string.Join(", ", classes.Order(StringComparer.Ordinal))}).");
        if (classes.Count - unknownClasses.Length < 2 || labels.Any(string.IsNullOrEmpty))
            throw new InvalidDataException("eval needs images in at least two class sub-folders (files directly in the folder have no class).");

        var options = context.Settings.Clustering;
        var progress = new SyncProgress<EngineProgress>(p => logger.LogInformation("clustering: stage {Number}/{Count}, {Stage}", p.StageNumber, p.StageCount, p.Stage));
        var outcome = new EvalRunner(options).Run(embedded.Vectors, embedded.Images.Select(i => i.RelativePath).ToArray(), labels,
            unknownClasses, embedded.EncoderId, progress);
        var result = EvalResultJson.From(outcome, embedded, folder, unknownClasses, clock.Elapsed.TotalSeconds, reviewerBudget);

        if (saveModel is not null)
        {
            var path = Path.GetFullPath(saveModel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var stream = File.Create(path)) ModelFile.Write(outcome.Engine.Model, stream);
            logger.LogInformation("Saved the model ({Clusters} clusters, encoder {Encoder}) to {Path}", outcome.Engine.ClusterCount, embedded.EncoderId, path);
        }
        if (reportDir is not null)
        {
            var index = EvalReportBuilder.Write(outcome, embedded, result, reportDir, unknownClasses);
            logger.LogInformation("Report written: {Index}", index);
        }

        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(result, JsonOutput.Options));
        else Print(result);
        return 0;
    }

    private static void Print(EvalResultJson r)
    {
        var table = new Table().AddColumn("").AddColumn(new TableColumn("Watcher").RightAligned()).AddColumn(new TableColumn("published recipe").RightAligned());
        var b = r.Baseline;
        table.AddRow("clusters found", $"{r.KFound}", $"{b.KFound}");
        table.AddRow("images reviewed", $"{r.ReviewImages}", $"{b.ReviewImages}");
        table.AddRow("projection (D)", $"{r.ProjectionDimension}", $"{b.ProjectionDimension}");
        table.AddRow("pool accuracy / purity", $"{r.Cluster.Acc:F3} / {r.Cluster.Purity:F3}", $"{b.Cluster.Acc:F3} / {b.Cluster.Purity:F3}");
        table.AddRow("NMI / ARI", $"{r.Cluster.Nmi:F3} / {r.Cluster.Ari:F3}", $"{b.Cluster.Nmi:F3} / {b.Cluster.Ari:F3}");
        table.AddRow("silhouette (embedding space)", $"{r.Cluster.Silhouette:F3}", $"{b.Cluster.Silhouette:F3}");
        table.AddRow("held-out sorted correctly", $"{r.SortedAccuracy:F3}", $"{b.SortedAccuracy:F3}");
        table.AddRow("  filed right / wrong / to review", Filing(r.Filing), Filing(b.Filing));
        if (r.Unknown is { } u && b.Unknown is { } bu)
        {
            table.AddRow("unknown AUROC", $"{u.Auroc:F3}", $"{bu.Auroc:F3}");
            table.AddRow("unknown recall at 5% false flags", $"{u.RecallAt5pct:F3}", $"{bu.RecallAt5pct:F3}");
            table.AddRow("unknowns flagged / known flagged", $"{u.Flagged:F3} / {u.FalseFlagged:F3}", $"{bu.Flagged:F3} / {bu.FalseFlagged:F3}");
        }
        if (r.EffortCurve is { } e)
        {
            foreach (var at in e.Watcher.ShareAt.Keys)
                table.AddRow($"filed correctly after {at} reviewed", $"{e.Watcher.ShareAt[at]:F3}", $"{e.Recipe.ShareAt[at]:F3}");
            table.AddRow("  everything reviewed (images)", $"{e.Watcher.CompleteShare:F3} ({e.Watcher.CompleteCost})", $"{e.Recipe.CompleteShare:F3} ({e.Recipe.CompleteCost})");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"{r.Images} images ({r.Pool} pool, {r.HeldOut} held out, {r.UnknownImages} unknown), {r.Model} on {r.Provider}, {r.Seconds:F1} s"));
    }

    private static string Filing(FilingScores f) => $"{f.Correct:F3} / {f.Wrong:F3} / {f.ToReview:F3}";

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
