using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Embedding;
using Watcher.Service.Api;
using Watcher.Service.Clustering;
using Watcher.Service.Filing;
using Watcher.Service.Inbox;
using Watcher.Service.Ingest;
using Watcher.Service.Options;
using Watcher.Service.Review;
using Watcher.Service.Sorting;
using Watcher.Service.Web;

namespace Watcher.Service;

/// <summary>Every setting the daemon needs, bound from config and command-line overrides by the host.</summary>
public sealed record DaemonOptions(
    string DataDir, InboxOptions Inbox, OutputOptions Output, BootstrapOptions Bootstrap, DuplicateOptions Duplicates,
    ReclusterOptions Recluster, IngestOptions Ingest, EngineOptions Clustering)
{
    /// <summary>Clear errors for settings that would lose or loop images, before anything starts.</summary>
    public void Validate()
    {
        Inbox.Validate();
        Clustering.Validate();
        string output = Full(Output.Dir);
        string data = Full(DataDir);
        foreach (string inbox in Inbox.Paths.Select(Full))
        {
            if (Inside(output, inbox) || Inside(inbox, output))
            {
                throw new InvalidOperationException($"The inbox {inbox} and the output {output} must not contain one another: filed images would be taken in again.");
            }

            if (Inside(data, inbox) || Inside(inbox, data))
            {
                throw new InvalidOperationException($"The inbox {inbox} and the data folder {data} must not contain one another.");
            }
        }

        if (Bootstrap.MinImages < 2)
        {
            throw new InvalidOperationException("Watcher:Bootstrap:MinImages must be at least 2.");
        }

        if (Ingest.MaxBatch < 1 || Ingest.GatherMilliseconds < 0)
        {
            throw new InvalidOperationException("Watcher:Ingest:MaxBatch must be at least 1 and GatherMilliseconds not negative.");
        }
    }

    private static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static bool Inside(string parent, string child) =>
        child == parent || child.StartsWith(parent + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

/// <summary>Explicit registrations of the daemon's parts; hosted services start in this order.</summary>
public static class DaemonRegistration
{
    public static IServiceCollection AddWatcherDaemon(this IServiceCollection services, DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Inbox.Paths = options.Inbox.Paths.Select(Path.GetFullPath).Distinct().ToList();
        options.Validate();
        string dataDir = Path.GetFullPath(options.DataDir);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options.Inbox).AddSingleton(options.Output).AddSingleton(options.Bootstrap).AddSingleton(options.Duplicates)
            .AddSingleton(options.Recluster).AddSingleton(options.Ingest).AddSingleton(options.Clustering)
            .AddSingleton(new DataFolder(dataDir))
            .AddSingleton(sp => CatalogDb.Open(dataDir, sp.GetRequiredService<TimeProvider>()))
            .AddSingleton(new ModelStore(dataDir))
            .AddSingleton(sp => EncoderSession.Open(
                sp.GetRequiredService<EncoderFactory>(), dataDir, sp.GetRequiredService<ILogger<EncoderSession>>()))
            .AddSingleton<ClusterState>()
            .AddSingleton<SafeMover>()
            .AddSingleton<StorageGuard>()
            .AddSingleton<ImageFiler>()
            .AddSingleton<InboxWatcher>()
            .AddSingleton<ReclusterSignal>()
            .AddSingleton<Reclusterer>()
            .AddSingleton<BatchIngest>()
            .AddSingleton<ModelFeedback>()
            .AddSingleton<ReviewActions>()
            .AddSingleton<ClusterEdits>()
            .AddSingleton(AccessToken.LoadOrCreate(dataDir))
            .AddSingleton<HostCheck>()
            .AddSingleton<TokenGate>()
            .AddSingleton<BadRequests>()
            .Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true)
            .AddSingleton(new ThumbnailCache(dataDir))
            .AddSingleton<PictureData>();
        services.AddHostedService<StartupRecovery>();
        services.AddHostedService<IngestWorker>();
        services.AddHostedService<ReclusterScheduler>();
        return services;
    }
}
