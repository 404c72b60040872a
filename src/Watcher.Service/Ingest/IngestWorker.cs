using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watcher.Service.Inbox;
using Watcher.Service.Options;

namespace Watcher.Service.Ingest;

/// <summary>
/// Takes settled files from the inbox watcher in batches and hands each batch to the ingest. A
/// batch, once started, is finished even during shutdown (a batch is at most MaxBatch images,
/// well under a second of work), so a stop never leaves half a batch between inbox and output.
/// </summary>
public sealed class IngestWorker(InboxWatcher inbox, BatchIngest ingest, IngestOptions options, TimeProvider time, ILogger<IngestWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        inbox.Start();
        var reader = inbox.Settled;
        var batch = new List<SettledFile>(options.MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Gather(reader, batch);
                if (batch.Count < options.MaxBatch && options.GatherMilliseconds > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(options.GatherMilliseconds), time, stoppingToken).ConfigureAwait(false);
                    Gather(reader, batch);
                }

                await ingest.RunAsync(batch, CancellationToken.None).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            if (batch.Count > 0)
            {
                // Gathered but not started: these files are still in the inbox, untouched, and the
                // next start's scan takes them.
                logger.LogInformation("Stopping: {Files} gathered files left in the inbox for the next start", batch.Count);
            }
        }
    }

    private void Gather(System.Threading.Channels.ChannelReader<SettledFile> reader, List<SettledFile> batch)
    {
        while (batch.Count < options.MaxBatch && reader.TryRead(out SettledFile? file))
        {
            batch.Add(file);
        }
    }
}
