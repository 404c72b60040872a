using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watcher.Service.Inbox;
using Watcher.Service.Options;

namespace Watcher.Service.Ingest;

/// <summary>
/// Takes settled files from the inbox watcher in batches and hands each batch to the ingest. A
/// batch, once started, is finished even during shutdown (a batch is at most MaxBatch images,
/// well under a second of work), so a stop never leaves half a batch between inbox and output.
/// Three steps overlap during a burst: while batch N is embedded (with N+1 queued behind it in
/// the pipeline), batch N+2 is identified and batch N-1 filed. Measured on 2 cores (bench/daemon-speed.sh): with the model in one
/// single-threaded call per core nothing waits for a straggler, so the hashing, catalog and disk
/// work of the neighbours fills the gaps instead of queueing behind the model.
/// </summary>
public sealed class IngestWorker(
    InboxWatcher inbox, BatchIngest ingest, StorageGuard storage, IngestOptions options, TimeProvider time, ILogger<IngestWorker> logger)
    : BackgroundService
{
    // Batches being embedded at once. Two: when one finishes, the next is already queued in the
    // pipeline, so its decoders and model calls never run dry at the seam between batches.
    private const int EmbeddingsInFlight = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        inbox.Start();
        var reader = inbox.Settled;
        var batch = new List<SettledFile>(options.MaxBatch);
        var embedding = new Queue<Task<BatchIngest.Prepared>>();
        Task filing = Task.CompletedTask;
        try
        {
            while (true)
            {
                // Nothing more to overlap with: finish what is being embedded before waiting.
                if (embedding.Count > 0 && !reader.TryPeek(out _))
                {
                    filing = await FileAfterAsync(filing, await embedding.Dequeue().ConfigureAwait(false)).ConfigureAwait(false);
                    continue;
                }

                if (!await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
                {
                    break;
                }

                if (!storage.ReadyForBatch())
                {
                    // A full or read-only disk: finish what is in hand (its failed moves roll back),
                    // then leave every file in the inbox until there is room again.
                    await DrainAsync(embedding, filing).ConfigureAwait(false);
                    filing = Task.CompletedTask;
                    await storage.WaitUntilWritableAsync(stoppingToken).ConfigureAwait(false);
                    // Files whose moves failed were let go; the scan offers them again.
                    await inbox.RescanNowAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                Gather(reader, batch);
                if (batch.Count < options.MaxBatch && options.GatherMilliseconds > 0 && embedding.Count == 0 && filing.IsCompleted)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(options.GatherMilliseconds), time, stoppingToken).ConfigureAwait(false);
                    Gather(reader, batch);
                }

                BatchIngest.Prepared identified = ingest.Identify(batch);
                batch.Clear();
                embedding.Enqueue(Task.Run(() => ingest.EmbedAsync(identified, CancellationToken.None), CancellationToken.None));
                while (embedding.Count > EmbeddingsInFlight)
                {
                    filing = await FileAfterAsync(filing, await embedding.Dequeue().ConfigureAwait(false)).ConfigureAwait(false);
                }
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
            // The batches in hand are finished: embedded, recorded and filed.
            await DrainAsync(embedding, filing).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(Queue<Task<BatchIngest.Prepared>> embedding, Task filing)
    {
        while (embedding.Count > 0)
        {
            filing = await FileAfterAsync(filing, await embedding.Dequeue().ConfigureAwait(false)).ConfigureAwait(false);
        }

        await filing.ConfigureAwait(false);
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
