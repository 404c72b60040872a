using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Cli;
using Watcher.Embedding;
using Watcher.Service;
using Watcher.Service.Ingest;
using Watcher.Service.Recovery;

namespace Watcher.Commands;

/// <summary>
/// watcher doctor [--quick] [--rebuild] [--json]: checks the catalog against the folders, or
/// rebuilds it from them. It opens the catalog itself, so it runs while the daemon is stopped
/// (a running daemon holds the catalog lock, and doctor says so). Never moves or deletes an image.
/// </summary>
public static class DoctorCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create(GlobalOptions global)
    {
        var rebuild = new Option<bool>("--rebuild")
        {
            Description = "Set the catalog and embeddings aside (renamed *.broken-<time>, never deleted) and rebuild them from the output folders; the daemon must be stopped.",
        };
        var quick = new Option<bool>("--quick") { Description = "Check file sizes only, not SHA-256 (much faster on a large library)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON report to stdout." };
        var command = new Command("doctor", "Check the catalog against the folders (exit 1 when something is wrong); --rebuild rebuilds it from them.") { rebuild, quick, json };
        command.SetAction(async (parse, ct) =>
        {
            using var context = CommandContext.Create(parse, global);
            return parse.GetValue(rebuild)
                ? await RebuildAsync(context, parse.GetValue(json), ct).ConfigureAwait(false)
                : await CheckAsync(context, global.CommandLine(parse, "doctor --rebuild"), parse.GetValue(quick), parse.GetValue(json), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> CheckAsync(CommandContext context, string recovery, bool quick, bool json, CancellationToken ct)
    {
        string dataDir = Path.GetFullPath(context.Settings.DataDir);
        if (!File.Exists(Path.Combine(dataDir, "catalog.db")) && !CatalogDb.HasHistory(dataDir))
        {
            Console.WriteLine(json ? "{\"healthy\":true,\"catalog\":null}" : $"No catalog in {dataDir} yet: nothing to check.");
            return 0;
        }

        CatalogDb catalog;
        try
        {
            catalog = CatalogDb.Open(dataDir);
        }
        catch (CatalogUnusableException ex)
        {
            string sentence = ex.WithRecovery(recovery);
            Console.WriteLine(json
                ? JsonSerializer.Serialize(new { Healthy = false, Catalog = ex.CatalogPath, Unusable = new { Fault = ex.Fault.ToString(), Message = sentence } }, Json)
                : sentence);
            return 1;
        }

        using (catalog)
        {
            var check = new CatalogCheck(catalog, new ModelStore(dataDir), dataDir, Path.GetFullPath(context.Settings.Output.Dir));
            // Hashing every file is the long part; it runs off the caller's thread so the progress bar moves.
            CheckReport report = await ProgressDisplay.RunAsync(quick ? "checking sizes" : "checking files", catalog.CountImages(), context.Logger<CatalogCheck>(),
                progress => Task.Run(() => check.Run(quick, progress, ct), ct)).ConfigureAwait(false);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { report.Healthy, Report = report }, Json));
            }
            else
            {
                DoctorOutput.PrintCheck(report, recovery);
            }

            return report.Healthy ? 0 : 1;
        }
    }

    private static async Task<int> RebuildAsync(CommandContext context, bool json, CancellationToken ct)
    {
        var s = context.Settings;
        var options = new DaemonOptions(s.DataDir, s.Inbox, s.Output, s.Bootstrap, s.Duplicates, s.Recluster, s.Ingest, s.Clustering);
        options.Validate();
        string dataDir = Path.GetFullPath(s.DataDir);
        string output = Path.GetFullPath(s.Output.Dir);
        var logger = context.Logger<CatalogRebuild>();
        var clock = Stopwatch.StartNew();

        // The lock first: while the daemon runs this fails, before anything is set aside.
        using CatalogLock owner = CatalogLock.Take(dataDir);
        if (!Directory.Exists(output) || !Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Any())
        {
            throw new DirectoryNotFoundException($"The output folder {output} holds no files, so there is nothing to rebuild the catalog from (is --output or the config right?); nothing was changed.");
        }

        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        var aside = owner.SetAside(now).ToList();
        if (EmbeddingStore.SetAside(dataDir, now) is { } embeddings)
        {
            aside.Add(embeddings);
        }

        foreach (string path in aside)
        {
            logger.LogWarning("Set aside (not deleted): {Path}", path);
        }

        logger.LogInformation("Hashing the files under {Output}", output);
        RebuildPlan plan = RebuildPlan.Make(output);
        using CatalogDb catalog = CatalogDb.CreateForRebuild(owner);
        using EncoderSession session = EncoderSession.Open(context.Get<EncoderFactory>(), dataDir, context.Logger<EncoderSession>());
        var rebuild = new CatalogRebuild(catalog, session, new ModelStore(dataDir), TimeProvider.System, logger);
        RebuildReport report = await ProgressDisplay.RunAsync("re-embedding", plan.ToEmbed.Count, logger,
            progress => rebuild.RunAsync(plan, aside, options.Inbox.Paths.Select(Path.GetFullPath).ToList(), progress, ct)).ConfigureAwait(false);
        report = report with { Seconds = clock.Elapsed.TotalSeconds };
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, Json));
        }
        else
        {
            DoctorOutput.PrintRebuild(report, output);
        }

        return 0;
    }
}
