namespace Watcher.Catalog;

// The move journal: an entry exists only while a move is unfinished (see SafeMover).
public sealed partial class CatalogDb
{
    /// <summary>Writes the intent of a move before any file is touched; returns the entry id.</summary>
    public long BeginMove(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        BeginMoves([entry]);
        return entry.Id;
    }

    public void MarkCopied(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            entry.Stage = MoveStage.Copied;
            _journal.Update(entry);
        }
    }

    /// <summary>
    /// The file is at <see cref="JournalEntry.To"/>: the image record takes its new place and
    /// status and the journal entry goes, in one transaction, so a crash leaves either both or
    /// neither.
    /// </summary>
    public void CompleteMove(JournalEntry entry, ImageRecord image)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(image);
        CompleteMoves([(entry, image)]);
    }

    /// <summary>The move did not happen (rolled back): only the entry goes.</summary>
    public void AbandonMove(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            _journal.Delete(entry.Id);
        }
    }

    public List<JournalEntry> UnfinishedMoves()
    {
        lock (_gate)
        {
            return _journal.FindAll().OrderBy(e => e.Id).ToList();
        }
    }

    /// <summary>Writes the intents of several moves in one transaction (one commit for a whole batch).</summary>
    public void BeginMoves(IReadOnlyList<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            DateTime now = Now;
            InTransaction(() =>
            {
                foreach (JournalEntry entry in entries)
                {
                    entry.StartedUtc = now;
                    entry.Stage = MoveStage.Intended;
                    entry.Id = _journal.Insert(entry).AsInt64;
                }
            });
        }
    }

    /// <summary>Completes several moves in one transaction; see <see cref="CompleteMove"/>. An image with Id 0 is inserted.</summary>
    public void CompleteMoves(IReadOnlyList<(JournalEntry Entry, ImageRecord Image)> moves)
    {
        ArgumentNullException.ThrowIfNull(moves);
        lock (_gate)
        {
            DateTime now = Now;
            InTransaction(() =>
            {
                foreach ((JournalEntry entry, ImageRecord image) in moves)
                {
                    image.CurrentPath = entry.To;
                    image.Status = entry.TargetStatus;
                    image.Folder = entry.TargetFolder;
                    image.Cluster = entry.TargetCluster;
                    image.Score = entry.TargetScore;
                    image.UpdatedUtc = now;
                    if (image.Id == 0)
                    {
                        // Recovery rebuilds a record from its journal entry when the image was never committed.
                        image.AddedUtc = now;
                        image.Id = _images.Insert(image).AsInt64;
                    }
                    else
                    {
                        _images.Update(image);
                    }

                    _journal.Delete(entry.Id);
                }
            });
        }
    }

    /// <summary>
    /// Returns once every commit so far is in the catalog file. LiteDB 5 commits into memory and
    /// appends its log file from a background thread, so without this a SIGKILL can lose a commit
    /// that already returned: fatal for a move intent whose link survives the crash.
    /// </summary>
    public void Flush()
    {
        lock (_gate)
        {
            _db.Checkpoint();
        }
    }
}
