using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watcher.Service.Inbox;
using Watcher.Service.Options;

namespace Watcher.Service.Ingest;

/// <summary>
/// Takes settled files from the inbox watcher in batches and hands each batch to the ingest. A
/// batch, once started, is finished even during shutdown (a batch is at most MaxBatch images,
/// well under a second of work), so a stop never leaves half a batch between inbox and output.
/// Three steps overlap during a burst: while batch N is embedded, batch N+1 is identified and
/// batch N-1 filed. Measured on 2 cores (bench/daemon-speed.sh): with the model in one
/// single-threaded call per core nothing waits for a straggler, so the hashing, catalog and disk
/// work of the neighbours fills the gaps instead of queueing behind the model.
/// </summary>
public sealed class IngestWorker(InboxWatcher inbox, BatchIngest ingest, IngestOptions options, TimeProvider time, ILogger<IngestWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        inbox.Start();
        var reader = inbox.Settled;
        var batch = new List<SettledFile>(options.MaxBatch);
        Task<BatchIngest.Prepared>? embedding = null;
        Task filing = Task.CompletedTask;
        try
        {
            while (true)
            {
                // Nothing more to overlap with: finish what is being embedded before waiting.
                if (embedding is not null && !reader.TryPeek(out _))
                {
                    filing = await FileAfterAsync(filing, await embedding.ConfigureAwait(false)).ConfigureAwait(false);
                    embedding = null;
                    continue;
                }

                if (!await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
                {
                    break;
                }

                Gather(reader, batch);
                if (batch.Count < options.MaxBatch && options.GatherMilliseconds > 0 && embedding is null && filing.IsCompleted)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(options.GatherMilliseconds), time, stoppingToken).ConfigureAwait(false);
                    Gather(reader, batch);
                }

                BatchIngest.Prepared identified = ingest.Identify(batch);
                batch.Clear();
                if (embedding is not null)
                {
                    filing = await FileAfterAsync(filing, await embedding.ConfigureAwait(false)).ConfigureAwait(false);
                }

                embedding = Task.Run(() => ingest.EmbedAsync(identified, CancellationToken.None), CancellationToken.None);
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
        finally
        {
            // The batch in hand is finished: embedded, recorded and filed.
            if (embedding is not null)
            {
                filing = await FileAfterAsync(filing, await embedding.ConfigureAwait(false)).ConfigureAwait(false);
            }

            await filing.ConfigureAwait(false);
        }
    }

    // One batch is filed at a time, in order: a copy may follow its original.
    private async Task<Task> FileAfterAsync(Task previous, BatchIngest.Prepared prepared)
    {
        await previous.ConfigureAwait(false);
        return Task.Run(() => ingest.FinishAsync(prepared, CancellationToken.None), CancellationToken.None);
    }

    private void Gather(System.Threading.Channels.ChannelReader<SettledFile> reader, List<SettledFile> batch)
    {
        while (batch.Count < options.MaxBatch && reader.TryRead(out SettledFile? file))
        {
            batch.Add(file);
        }
    }
}
