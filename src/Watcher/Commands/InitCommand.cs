using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Cli;
using Watcher.Hosting;
using Watcher.Service;
using Watcher.Service.Ingest;

namespace Watcher.Commands;

/// <summary>
/// watcher init --from &lt;folder&gt;: bootstrap the clusters from an existing library, in place.
/// It opens the catalog itself, so it runs while the daemon is stopped (the catalog says so
/// clearly if the daemon holds it).
/// </summary>
public static class InitCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create(GlobalOptions global)
    {
        var from = new Option<string>("--from") { Description = "Folder of images you already have; they are catalogued and clustered where they are, never moved.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary to stdout." };
        var command = new Command("init", "Bootstrap the clusters from an existing library instead of waiting for the inbox.") { from, json };
        command.SetAction(async (parse, ct) =>
        {
            using var context = CommandContext.Create(parse, global);
            var s = context.Settings;
            var files = ImageFolder.List(parse.GetValue(from)!).Select(i => i.FullPath).ToList();
            if (files.Count == 0) throw new InvalidDataException($"No files under {Path.GetFullPath(parse.GetValue(from)!)}.");
            var services = new ServiceCollection()
                .AddWatcherLogging(Serilog.Log.Logger)
                .AddWatcherEmbedding(s)
                .AddWatcherDaemon(new DaemonOptions(s.DataDir, s.Inbox, s.Output, s.Bootstrap, s.Duplicates, s.Recluster, s.Ingest, s.Clustering))
                .AddSingleton<LibraryImport>();
            await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
            // What the daemon does before anything else: finish unfinished moves and load the current
            // model with its names, so a second init carries names over instead of proposing everything anew.
            await ActivatorUtilities.CreateInstance<StartupRecovery>(provider).StartAsync(ct).ConfigureAwait(false);
            var logger = context.Logger<LibraryImport>();
            var report = await ProgressDisplay.RunAsync("embedding library", files.Count, logger,
                progress => provider.GetRequiredService<LibraryImport>().RunAsync(files, progress, ct)).ConfigureAwait(false);
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
            else
                Console.WriteLine($"{report.Added} images catalogued in place ({report.AlreadyKnown} already known, {report.Unreadable} unreadable); " +
                    $"{report.Clustering.Clusters} clusters, model version {report.Clustering.Version}. " +
                    "Start the daemon with `watcher run`, then `watcher clusters` and `watcher label <cluster> <name>`.");
            return 0;
        });
        return command;
    }
}
