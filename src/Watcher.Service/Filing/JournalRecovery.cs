using Microsoft.Extensions.Logging;
using Watcher.Catalog;

namespace Watcher.Service.Filing;

/// <summary>
/// Resolves the journal entries of moves a previous run did not finish, from what is on disk.
/// The rule that makes it safe: the destination name only ever holds complete, verified bytes
/// (a hard link or a renamed, re-hashed copy), and the source goes only after that. So a
/// destination with the image's bytes means the move got far enough to finish, and anything else
/// means it did not start on disk, or someone else's file is there and must be left alone.
/// </summary>
internal sealed class JournalRecovery(CatalogDb catalog, TimeProvider time, ILogger logger)
{
    private enum Outcome
    {
        Completed,
        RolledBack,
        Missing,
    }

    public RecoveryReport Run()
    {
        long started = time.GetTimestamp();
        List<JournalEntry> entries = catalog.UnfinishedMoves();
        // Two entries never share a destination, but if they somehow did only one may claim it.
        var claimed = new HashSet<string>(NameReservations.PathComparer);
        int completed = 0, rolledBack = 0, missing = 0;
        foreach (JournalEntry entry in entries)
        {
            try
            {
                switch (Resolve(entry, claimed))
                {
                    case Outcome.Completed: completed++; break;
                    case Outcome.RolledBack: rolledBack++; break;
                    case Outcome.Missing: missing++; break;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Leaving the entry is safe: nothing was decided, and the next start tries again.
                logger.LogError(ex, "Move {EntryId} of image {ImageId} ('{From}' -> '{To}') could not be resolved and stays in the journal: {Reason}",
                    entry.Id, entry.ImageId, entry.From, entry.To, ex.Message);
            }
        }

        if (entries.Count > 0)
        {
            logger.LogInformation("Move journal: {Count} unfinished moves, {Completed} completed, {RolledBack} rolled back, {Missing} missing, in {Elapsed} ms",
                entries.Count, completed, rolledBack, missing, (long)time.GetElapsedTime(started).TotalMilliseconds);
        }

        return new RecoveryReport(completed, rolledBack, missing);
    }

    private Outcome Resolve(JournalEntry entry, HashSet<string> claimed)
    {
        // Never the only copy: the source is deleted only after the copy has its real name.
        SameVolume.DeleteQuietly(DestinationNames.TempFor(entry.To));
        ImageRecord? image = catalog.Image(entry.ImageId);
        string note = image is null ? $" (image {entry.ImageId} was not in the catalog)" : "";
        bool fromExists = File.Exists(entry.From);
        bool toExists = File.Exists(entry.To);
        bool toIsOurs = toExists && !claimed.Contains(entry.To) && FileSha256.Matches(entry.To, entry.Length, entry.Sha256);

        if (toIsOurs)
        {
            claimed.Add(entry.To);
            string source = "the source was already gone";
            if (fromExists)
            {
                // A different file at the source path was dropped there after the move got past
                // the unlink: it is a new image, not a leftover, and is kept.
                if (FileSha256.Matches(entry.From, entry.Length, entry.Sha256))
                {
                    File.Delete(entry.From);
                    source = "removed the source";
                }
                else
                {
                    source = "kept a different file now at the source";
                }
            }

            // Never committed: build the record from the entry, which CompleteMove then inserts.
            catalog.CompleteMove(entry, image ?? FromEntry(entry));
            logger.LogInformation("Move {EntryId} of image {ImageId} completed ({Stage}, {Source}): '{From}' -> '{To}'{Note}",
                entry.Id, entry.ImageId, entry.Stage, source, entry.From, entry.To, note);
            return Outcome.Completed;
        }

        if (fromExists)
        {
            catalog.AbandonMove(entry);
            string destination = toExists ? "kept the different file at the destination" : "nothing at the destination";
            LogLevel level = toExists || entry.Stage == MoveStage.Copied ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, "Move {EntryId} of image {ImageId} rolled back ({Stage}, {Destination}): the file stays at '{From}'{Note}",
                entry.Id, entry.ImageId, entry.Stage, destination, entry.From, note);
            return Outcome.RolledBack;
        }

        if (image is not null)
        {
            image.Status = ImageStatus.Missing;
            catalog.UpdateImage(image);
        }

        catalog.AbandonMove(entry);
        if (toExists)
        {
            logger.LogError("Move {EntryId} of image {ImageId}: '{From}' is gone and '{To}' holds other bytes (left alone); the image is marked Missing{Note}",
                entry.Id, entry.ImageId, entry.From, entry.To, note);
        }
        else
        {
            logger.LogWarning("Move {EntryId} of image {ImageId}: neither '{From}' nor '{To}' exists; the image is marked Missing{Note}",
                entry.Id, entry.ImageId, entry.From, entry.To, note);
        }

        return Outcome.Missing;
    }

    private static ImageRecord FromEntry(JournalEntry entry) => new()
    {
        Sha256 = entry.Sha256,
        Length = entry.Length,
        OriginalPath = entry.From,
        CurrentPath = entry.From,
        Status = ImageStatus.Waiting,
        EmbeddingRow = entry.EmbeddingRow,
    };
}
