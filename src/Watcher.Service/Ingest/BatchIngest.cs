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
    private sealed record Arrival(SettledFile File, string Sha256, long Length);

    public async Task RunAsync(IReadOnlyList<SettledFile> files, CancellationToken ct)
    {
        long start = time.GetTimestamp();
        var fresh = new List<Arrival>();
        var copies = new List<Arrival>();
        var ready = new List<ImageRecord>();
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
                if (known.Status == ImageStatus.Waiting && known.EmbeddingRow >= 0 && !known.Pinned)
                {
                    ready.Add(known);
                }

                continue;
            }

            if (known is not null)
            {
                // Different bytes now sit where a known image was: that image is gone.
                known.Status = ImageStatus.Missing;
                catalog.UpdateImage(known);
            }

            if (catalog.FindOriginal(arrival.Sha256) is not null || !seen.Add(arrival.Sha256))
            {
                copies.Add(arrival);
            }
            else
            {
                fresh.Add(arrival);
            }
        }

        double identified = time.GetElapsedTime(start).TotalSeconds;
        ready.AddRange(await EmbedAsync(fresh, ct).ConfigureAwait(false));
        double embedded = time.GetElapsedTime(start).TotalSeconds;
        using (await filer.LockAsync(ct).ConfigureAwait(false))
        {
            FileByModel(ready);
            foreach (Arrival copy in copies)
            {
                FileCopy(copy);
            }
        }

        logger.LogInformation(
            "Batch of {Files} files: {New} new, {Copies} copies, {Filed} filed; identify {Identify:F2} s, embed {Embed:F2} s, file {File:F2} s",
            files.Count, fresh.Count, copies.Count, state.HasModel ? ready.Count : 0, identified, embedded - identified,
            time.GetElapsedTime(start).TotalSeconds - embedded);
        await AfterBatchAsync(fresh.Count, ct).ConfigureAwait(false);
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

    private async Task<List<ImageRecord>> EmbedAsync(List<Arrival> fresh, CancellationToken ct)
    {
        var embedded = new List<ImageRecord>(fresh.Count);
        if (fresh.Count == 0)
        {
            return embedded;
        }

        var rejected = new List<(Arrival Arrival, DecodeResult Result)>();
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
                rejected.Add((arrival, result));
            }
        }

        catalog.AddImages(embedded);

        if (rejected.Count > 0)
        {
            using (await filer.LockAsync(ct).ConfigureAwait(false))
            {
                foreach ((Arrival arrival, DecodeResult result) in rejected)
                {
                    ImageRecord record = NewRecord(arrival, -1);
                    record.Error = $"{result.Error}: {result.Reason}";
                    catalog.AddImage(record);
                    logger.LogWarning("Rejected {Path}: {Error}", arrival.File.Path, record.Error);
                    TryFile(record, Destination.Rejected);
                }
            }
        }

        return embedded;
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

    private async Task AfterBatchAsync(int newImages, CancellationToken ct)
    {
        if (newImages == 0)
        {
            return;
        }

        if (!state.HasModel)
        {
            int known = catalog.Images(ImageStatus.Waiting).Count(i => i.EmbeddingRow >= 0 && i.DuplicateOf is null);
            if (known < bootstrap.MinImages)
            {
                logger.LogInformation("Bootstrap: {Known} of {Needed} images known; they stay in the inbox until then", known, bootstrap.MinImages);
                return;
            }

            await reclusterer.RunAsync($"bootstrap with {known} images", ct).ConfigureAwait(false);
            return;
        }

        long since = catalog.GetMeta(Reclusterer.SinceKey) + newImages;
        catalog.SetMeta(Reclusterer.SinceKey, since);
        if (recluster.AfterNewImages > 0 && since >= recluster.AfterNewImages)
        {
            signal.Request($"{since} new images");
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
