using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Service.Options;
using Watcher.Service.Sorting;

namespace Watcher.Service.Clustering;

/// <summary>
/// Runs re-clusterings in the background: when asked (after N new images, or by a person) and on
/// the configured period when anything new arrived. Intake never waits for it.
/// </summary>
public sealed class ReclusterScheduler(
    Reclusterer reclusterer, ReclusterSignal signal, CatalogDb catalog, ClusterState state, ReclusterOptions options,
    TimeProvider time, ILogger<ReclusterScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A re-clustering that was due when the last run ended (it died during one, or before
        // getting to it) is due now: the request lived in memory only, and a kill during the
        // re-filing leaves images in the old model's folders. Nothing else would ask again until
        // new images arrive (found by the kill test, issue 6).
        if (DueByCount(out long since))
        {
            signal.RequestWhenDue($"{since} new images since the last clustering, left from the last run");
        }

        using var tick = new PeriodicTimer(CheckEvery, time);
        Task<bool> ticked = tick.WaitForNextTickAsync(stoppingToken).AsTask();
        Task<bool> asked = signal.Requests.WaitToReadAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            Task done;
            try
            {
                done = await Task.WhenAny(ticked, asked).ConfigureAwait(false);
                await done.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            string? reason = null;
            if (done == asked)
            {
                if (signal.Requests.TryRead(out ReclusterRequest? request))
                {
                    // A request made during a run, for images that run clustered too, is answered already.
                    bool answered = request.WhenDue && !DueByCount(out _);
                    if (answered)
                    {
                        logger.LogDebug("A re-clustering asked for during the last one is not needed: that one clustered those images");
                    }

                    reason = answered ? null : request.Reason;
                }

                asked = signal.Requests.WaitToReadAsync(stoppingToken).AsTask();
            }
            else
            {
                ticked = tick.WaitForNextTickAsync(stoppingToken).AsTask();
                reason = DueByPeriod() ? $"every {options.IntervalHours} h" : null;
            }

            if (reason is not null && state.HasModel)
            {
                await RunAsync(reason, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private bool DueByCount(out long since)
    {
        since = catalog.GetMeta(Reclusterer.SinceKey);
        return options.AfterNewImages > 0 && since >= options.AfterNewImages;
    }

    private bool DueByPeriod()
    {
        if (options.IntervalHours <= 0 || catalog.GetMeta(Reclusterer.SinceKey) == 0)
        {
            return false;
        }

        long last = catalog.GetMeta(Reclusterer.LastRunKey);
        return time.GetUtcNow().ToUnixTimeSeconds() - last >= options.IntervalHours * 3600;
    }

    private async Task RunAsync(string reason, CancellationToken ct)
    {
        try
        {
            await reclusterer.RunAsync(reason, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.LogInformation("Re-clustering stopped by shutdown; the previous model stays in use");
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException)
        {
            logger.LogError(ex, "Re-clustering ({Reason}) failed; the previous model stays in use", reason);
        }
    }
}
