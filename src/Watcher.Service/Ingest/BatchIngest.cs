using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Embedding.Decoding;
using Watcher.Service.Clustering;
using Watcher.Service.Inbox;
using Watcher.Service.Options;
using Watcher.Service.Sorting;

namespace Watcher.Service.Ingest;

/// <summary>
/// One batch of settled files: identify each by SHA-256, recognise copies of known bytes, embed
/// the new ones in one pass, record them, then file them with the model, or leave them in the
/// inbox until the bootstrap has enough images. Every image gets its catalog record before its
/// file is moved, so a crash at any point leaves the catalog knowing where it is.
/// </summary>
public sealed class BatchIngest(
    CatalogDb catalog, EncoderSession session, ClusterState state, ImageFiler filer, Reclusterer reclusterer,
    ReclusterSignal signal, InboxWatcher inbox, BootstrapOptions bootstrap, DuplicateOptions duplicates,
    ReclusterOptions recluster, IngestOptions options, TimeProvider time, ILogger<BatchIngest> logger)
{
    internal sealed record Arrival(SettledFile File, string Sha256, long Length);

    /// <summary>
    /// A batch identified and embedded, not yet filed. Its vectors are in the store; its new images
    /// get their catalog record when they are filed (the move's journal entry carries everything the
    /// record needs), or as waiting at their inbox paths when they stay there. A crash before
    /// <see cref="FinishAsync"/> only means the next start embeds them again.
    /// </summary>
    public sealed class Prepared
    {
        internal Prepared(int files) => Files = files;

        public int Files { get; }

        public int New { get; internal set; }

        internal List<Arrival> Fresh { get; } = [];

        internal List<ImageRecord> Ready { get; } = [];

        internal List<Arrival> Copies { get; } = [];

        internal List<ImageRecord> Rejected { get; } = [];

        internal double IdentifySeconds { get; set; }

        internal double EmbedSeconds { get; set; }
    }

    // Hashes identified as new but not yet in the catalog: a later batch may hold a copy of one
    // while this batch is still being embedded or filed.
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);

    public async Task RunAsync(IReadOnlyList<SettledFile> files, CancellationToken ct) =>
        await FinishAsync(await EmbedAsync(Identify(files), ct).ConfigureAwait(false), ct).ConfigureAwait(false);

    /// <summary>
    /// Hashes the files and sorts them into new images, copies of known bytes and images seen
    /// before; touches no file. It may run while the batch before is being embedded (see
    /// IngestWorker); batches must then be embedded and finished in the order they were identified.
    /// </summary>
    public Prepared Identify(IReadOnlyList<SettledFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        long start = time.GetTimestamp();
        var batch = new Prepared(files.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (SettledFile file in files)
        {
            Arrival? arrival = Identify(file);
            if (arrival is null)
            {
                continue;
            }

            ImageRecord? known = catalog.FindByPath(file.Path);
            if (known is not null && known.Sha256 == arrival.Sha256)
            {
                // Seen before (left in the inbox for the bootstrap, or the service restarted).
                if (known.Status == ImageStatus.Waiting && !known.Pinned)
                {
                    if (known.EmbeddingRow >= 0)
                    {
                        batch.Ready.Add(known);
                    }
                    else if (known.Error is not null && known.DuplicateOf is null)
                    {
                        // Judged unreadable, then stopped before the move to _rejected.
                        batch.Rejected.Add(known);
                    }
                }

                continue;
            }

            if (known is not null)
            {
                // Different bytes now sit where a known image was: that image is gone.
                known.Status = ImageStatus.Missing;
                catalog.UpdateImage(known);
            }

            bool inFlight;
            lock (_inFlight)
            {
                inFlight = _inFlight.Contains(arrival.Sha256);
            }

            if (inFlight || catalog.FindOriginal(arrival.Sha256) is not null || !seen.Add(arrival.Sha256))
            {
                batch.Copies.Add(arrival);
            }
            else
            {
                batch.Fresh.Add(arrival);
            }
        }

        lock (_inFlight)
        {
            _inFlight.UnionWith(batch.Fresh.Select(a => a.Sha256));
        }

        batch.New = batch.Fresh.Count;
        batch.IdentifySeconds = time.GetElapsedTime(start).TotalSeconds;
        return batch;
    }

    /// <summary>Embeds the batch's new images and records the rejected ones; touches no file.</summary>
    public async Task<Prepared> EmbedAsync(Prepared batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long start = time.GetTimestamp();
        try
        {
            await EmbedAsync(batch.Fresh, batch, ct).ConfigureAwait(false);
        }
        catch
        {
            // Never to be filed: their files stay in the inbox, and a copy may be taken as new.
            Landed(batch);
            throw;
        }

        batch.EmbedSeconds = time.GetElapsedTime(start).TotalSeconds;
        return batch;
    }

    /// <summary>Files a prepared batch (under the filer's lock) and starts what follows from it.</summary>
    public async Task FinishAsync(Prepared batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long start = time.GetTimestamp();
        try
        {
            using (await filer.LockAsync(ct).ConfigureAwait(false))
            {
                FileByModel(batch.Ready);
                // Not filed (no model yet, or the move failed and was rolled back): recorded where
                // they are, waiting.
                catalog.AddImages(batch.Ready.Where(r => r.Id == 0).ToList());
                foreach (ImageRecord record in batch.Rejected)
                {
                    TryFile(record, Destination.Rejected);
                }

                foreach (Arrival copy in batch.Copies)
                {
                    FileCopy(copy);
                }
            }
        }
        finally
        {
            Landed(batch);
        }

        logger.LogInformation(
            "Batch of {Files} files: {New} new, {Copies} copies, {Rejected} rejected, {Filed} filed; identify {Identify:F2} s, embed {Embed:F2} s, file {File:F2} s",
            batch.Files, batch.New, batch.Copies.Count, batch.Rejected.Count, state.HasModel ? batch.Ready.Count : 0,
            batch.IdentifySeconds, batch.EmbedSeconds, time.GetElapsedTime(start).TotalSeconds);
        await AfterBatchAsync(batch, ct).ConfigureAwait(false);
    }

    // The batch's images are in the catalog now (or were never recorded): the catalog answers for their hashes.
    private void Landed(Prepared batch)
    {
        lock (_inFlight)
        {
            _inFlight.ExceptWith(batch.Fresh.Select(a => a.Sha256));
        }
    }

    private Arrival? Identify(SettledFile file)
    {
        try
        {
            (string sha, long length) = Filing.FileSha256.Hash(file.Path);
            return new Arrival(file, sha, length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Vanished or locked again since it settled: not ours to judge yet. The watcher will
            // offer it again if it is still there.
            logger.LogInformation("Skipped {Path} for now: {Reason}", file.Path, ex.Message);
            inbox.Forget(file.Path);
            return null;
        }
    }

    private async Task EmbedAsync(List<Arrival> fresh, Prepared batch, CancellationToken ct)
    {
        if (fresh.Count == 0)
        {
            return;
        }

        var embedded = new List<ImageRecord>(fresh.Count);
        (long[] rows, DecodeResult[] results) = await session.EmbedAsync(fresh.Select(a => a.File.Path).ToArray(), null, ct).ConfigureAwait(false);
        for (int i = 0; i < fresh.Count; i++)
        {
            Arrival arrival = fresh[i];
            DecodeResult result = results[i];
            if (result.IsSuccess)
            {
                embedded.Add(NewRecord(arrival, rows[i]));
            }
            else if (result.Error == DecodeError.Unreadable || MayStillBeWritten(arrival, result))
            {
                logger.LogInformation("Skipped {Path} for now: {Reason}", arrival.File.Path, result.Reason);
                inbox.Forget(arrival.File.Path);
            }
            else
            {
                ImageRecord record = NewRecord(arrival, -1);
                record.Error = $"{result.Error}: {result.Reason}";
                logger.LogWarning("Rejected {Path}: {Error}", arrival.File.Path, record.Error);
                batch.Rejected.Add(record);
            }
        }

        // The rejected are recorded with their reason before their move (a journal entry has no
        // room for it); the embedded are recorded when they are filed (FinishAsync).
        catalog.AddImages(batch.Rejected.Where(r => r.Id == 0).ToList());
        batch.Ready.AddRange(embedded);
    }

    private bool MayStillBeWritten(Arrival arrival, DecodeResult result) =>
        result.Error is DecodeError.Truncated or DecodeError.Empty or DecodeError.NotAnImage or DecodeError.Corrupt &&
        (time.GetUtcNow().UtcDateTime - arrival.File.LastWriteUtc).TotalSeconds < options.YoungFileSeconds;

    private void FileByModel(List<ImageRecord> ready)
    {
        ClusterState.Snapshot? snapshot = state.Current;
        if (snapshot is null || ready.Count == 0)
        {
            return;
        }

        VectorSet vectors = session.Store.Read(ready.Select(r => r.EmbeddingRow).ToArray());
        Placement[] placements = snapshot.Model.Classify(vectors);
        filer.FileMany(ready.Select((image, i) => (image, ClusterState.Place(snapshot, placements[i]))).ToList(), logger);
        foreach (ImageRecord image in ready.Where(i => i.Status == ImageStatus.Waiting))
        {
            // Not moved (the failure is logged): offered again after a change or at the next start.
            inbox.Forget(image.CurrentPath);
        }
    }

    // The same bytes again: by default filed next to the first copy, under its name; the
    // embedding is shared, never computed twice.
    private void FileCopy(Arrival copy)
    {
        ImageRecord? original = catalog.FindOriginal(copy.Sha256);
        if (original is null)
        {
            // Its original was skipped for now (vanished, or still being written): offered again later.
            inbox.Forget(copy.File.Path);
            return;
        }

        ImageRecord record = NewRecord(copy, original.EmbeddingRow);
        record.DuplicateOf = original.Id;
        record.Pinned = duplicates.Policy == DuplicatePolicy.LeaveInInbox;
        catalog.AddImage(record);
        logger.LogInformation("{Path} has the same bytes as {Original}", copy.File.Path, original.CurrentPath);
        if (duplicates.Policy == DuplicatePolicy.LeaveInInbox)
        {
            return;
        }

        Destination? to = original.Status switch
        {
            ImageStatus.Filed or ImageStatus.Unknown => Destination.Beside(original),
            ImageStatus.Library when original.Cluster is { } c && state.Current?.Clusters.GetValueOrDefault(c) is { } cluster =>
                new Destination(cluster.Folder, ImageStatus.Filed, c, null),
            ImageStatus.Rejected => Destination.Rejected,
            _ => null,
        };
        if (to is { } destination)
        {
            record.Error = original.Error;
            TryFile(record, destination, Path.GetFileName(original.CurrentPath));
        }
    }

    private async Task AfterBatchAsync(Prepared batch, CancellationToken ct)
    {
        if (!state.HasModel)
        {
            // Known images offered again count as much as new ones: a crash during the bootstrap's
            // clustering leaves every image embedded and recorded, and after the restart they come
            // back with nothing new among them. Waiting for a new image would leave them in the
            // inbox until someone drops one (found by the kill test, issue 6).
            if (batch.New == 0 && batch.Ready.Count == 0)
            {
                return;
            }

            int known = catalog.Images(ImageStatus.Waiting).Count(i => i.EmbeddingRow >= 0 && i.DuplicateOf is null);
            if (known < bootstrap.MinImages)
            {
                logger.LogInformation("Bootstrap: {Known} of {Needed} images known; they stay in the inbox until then", known, bootstrap.MinImages);
                return;
            }

            await reclusterer.RunAsync($"bootstrap with {known} images", ct).ConfigureAwait(false);
            return;
        }

        if (batch.New == 0)
        {
            return;
        }

        long since = catalog.AddToMeta(Reclusterer.SinceKey, batch.New);
        if (recluster.AfterNewImages > 0 && since >= recluster.AfterNewImages)
        {
            signal.RequestWhenDue($"{since} new images");
        }
    }

    // The mover rolled back a failed move: the file is where it was and the catalog says so. The
    // watcher offers it again after a change, or the next start's scan does.
    private void TryFile(ImageRecord image, Destination to, string? fileName = null)
    {
        if (!filer.TryFile(image, to, logger, fileName))
        {
            inbox.Forget(image.CurrentPath);
        }
    }

    private static ImageRecord NewRecord(Arrival arrival, long row) => new()
    {
        Sha256 = arrival.Sha256,
        Length = arrival.Length,
        OriginalPath = arrival.File.Path,
        CurrentPath = arrival.File.Path,
        Status = ImageStatus.Waiting,
        EmbeddingRow = row,
    };
}
