using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Service.Api;
using Watcher.Service.Filing;
using Watcher.Service.Sorting;

namespace Watcher.Service.Ingest;

/// <summary>
/// Runs before anything else touches a file: finishes or rolls back every move a crash left
/// unfinished, then loads the newest model with the names the catalog holds. Registered first,
/// and hosted services start in registration order.
/// </summary>
public sealed class StartupRecovery(
    SafeMover mover, CatalogDb catalog, ModelStore models, ClusterState state, EncoderSession session, DataFolder data,
    TimeProvider time, ILogger<StartupRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        RecoveryReport recovered = mover.Recover();
        if (recovered.Completed + recovered.RolledBack + recovered.Missing > 0)
        {
            logger.LogWarning(
                "Recovered unfinished moves from the last run: {Completed} completed, {RolledBack} rolled back, {Missing} missing",
                recovered.Completed, recovered.RolledBack, recovered.Missing);
        }

        int version = (int)catalog.GetMeta("model_version");
        if (version > 0)
        {
            ClusterModel model = models.Load(version);
            model.EnsureEncoder(session.EncoderId, session.Encoder.Dimension);
            List<ClusterRecord> clusters = catalog.Clusters();
            state.Set(model, version, clusters);
            logger.LogInformation("Model version {Version} loaded: {Clusters} clusters, {Named} named",
                version, model.Clusters.Count, clusters.Count(c => c.Name is not null));
        }
        else
        {
            logger.LogInformation("No model yet: images are embedded and left in the inbox until there are enough to cluster");
        }

        await session.WarmUpAsync(data.Path, cancellationToken).ConfigureAwait(false);
        IngestWarmUp.Run(data.Path, state, time, logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
