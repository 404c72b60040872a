using Microsoft.Extensions.Logging;
using Watcher.Catalog;

namespace Watcher.Service.Filing;

/// <summary>
/// Moves image files so that a crash (even SIGKILL) at any instant leaves every image at exactly
/// one place, or at two names the journal lets <see cref="Recover"/> resolve: the intent goes into
/// the catalog's journal first, the destination name is never one that exists (a clash becomes
/// "name (2).jpg"), a rename is link + unlink on Unix, a move across volumes is a flushed and
/// re-hashed copy whose source is deleted only afterwards, and the record changes in the same
/// transaction that drops the journal entry.
/// </summary>
public sealed partial class SafeMover
{
    // A new clash on every try means something keeps creating files under our names.
    private const int MaxClashes = 20;

    private readonly CatalogDb _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<SafeMover> _logger;
    private readonly NameReservations _names = new();
    private readonly IntentBarrier _barrier;

    public SafeMover(CatalogDb catalog, TimeProvider time, ILogger<SafeMover> logger)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _catalog = catalog;
        _time = time;
        _logger = logger;
        _barrier = new IntentBarrier(catalog);
    }

    /// <summary>
    /// Moves the file at <paramref name="image"/>'s CurrentPath to <paramref name="target"/> and
    /// updates the record; returns the final path. On failure throws an IOException naming the
    /// file and the reason, after putting things back: the file at its source, no journal entry.
    /// </summary>
    public string Move(ImageRecord image, MoveTarget target) => Move(image, target, allowRename: true);

    /// <summary>On start, before any move: finishes or rolls back every move a previous run left unfinished.</summary>
    public RecoveryReport Recover() => new JournalRecovery(_catalog, _time, _logger).Run();

    /// <summary>The cross-volume path even on one volume, so it is tested wherever tests run.</summary>
    internal string MoveByCopy(ImageRecord image, MoveTarget target) => Move(image, target, allowRename: false);

    private string Move(ImageRecord image, MoveTarget target, bool allowRename)
    {
        (string from, string folder) = Prepare(image, target);
        for (int clashes = 0; clashes < MaxClashes; clashes++)
        {
            JournalEntry entry = Journal(image, from, folder, target);
            try
            {
                if (TryMove(entry, image, ref allowRename))
                {
                    return entry.To;
                }
            }
            finally
            {
                _names.Release(entry.To);
            }
        }

        throw new IOException($"Cannot move image {image.Id} from '{from}' into '{folder}': the chosen name was taken {MaxClashes} times in a row.");
    }

    // Checks made before anything is journaled: a plain file name, a source that is still there,
    // a destination folder that exists. Returns the full source path and destination folder.
    private static (string From, string Folder) Prepare(ImageRecord image, MoveTarget target)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(target);
        DestinationNames.Validate(target.FileName);
        string from = Path.GetFullPath(image.CurrentPath);
        string folder = Path.GetFullPath(target.Folder);
        if (!File.Exists(from))
        {
            throw new IOException($"Cannot move image {image.Id}: '{from}' no longer exists (removed after it was catalogued?).");
        }

        CreateFolder(image, folder);
        return (from, folder);
    }

    private static void CreateFolder(ImageRecord image, string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot move image {image.Id} from '{image.CurrentPath}': cannot create the folder '{folder}': {ex.Message}", ex);
        }
    }

    private JournalEntry Journal(ImageRecord image, string from, string folder, MoveTarget target)
    {
        string to = _names.Reserve(folder, target.FileName);
        JournalEntry entry = NewEntry(image, from, to, target);
        try
        {
            _catalog.BeginMove(entry);
            _barrier.Persist();
        }
        catch
        {
            _names.Release(to);
            throw;
        }

        return entry;
    }

    private static JournalEntry NewEntry(ImageRecord image, string from, string to, MoveTarget target) => new()
    {
        ImageId = image.Id,
        From = from,
        To = to,
        Sha256 = image.Sha256,
        Length = image.Length,
        TargetStatus = target.Status,
        TargetFolder = target.FolderName,
        TargetCluster = target.Cluster,
        TargetScore = target.Score,
        EmbeddingRow = image.EmbeddingRow,
    };

    /// <summary>True when the move is done; false after a clash, with the entry abandoned so the caller can retry.</summary>
    private bool TryMove(JournalEntry entry, ImageRecord image, ref bool allowRename)
    {
        if (!Place(entry, ref allowRename))
        {
            return false;
        }

        try
        {
            _catalog.CompleteMove(entry, image);
            return true;
        }
        catch (Exception ex)
        {
            throw Undo(entry, placed: true, ex);
        }
    }

    /// <summary>
    /// Puts the file at the entry's target and removes its source; false after a clash, with the
    /// entry abandoned. The record is completed by the caller (alone, or with a whole batch).
    /// </summary>
    private bool Place(JournalEntry entry, ref bool allowRename)
    {
        bool placed = false;
        try
        {
            Placement placement = allowRename ? SameVolume.TryPlace(entry.From, entry.To) : Placement.NeedsCopy;
            if (placement == Placement.NeedsCopy)
            {
                // Later tries of this move skip straight to the copy: the volumes will not change.
                allowRename = false;
                placement = VerifiedCopy.TryPlace(entry) ? Placement.Copied : Placement.Clash;
            }

            if (placement == Placement.Clash)
            {
                _catalog.AbandonMove(entry);
                _logger.LogDebug("'{To}' appeared while image {ImageId} was moving there; trying the next free name", entry.To, entry.ImageId);
                return false;
            }

            placed = true;
            RemoveSource(entry, placement);
            _logger.LogDebug("Moved image {ImageId} from '{From}' to '{To}' ({How})", entry.ImageId, entry.From, entry.To, placement);
            return true;
        }
        catch (Exception ex)
        {
            // Whatever failed, the entry must not outlive the attempt unless the bytes depend on it.
            throw Undo(entry, placed, ex);
        }
    }

    private void RemoveSource(JournalEntry entry, Placement placement)
    {
        switch (placement)
        {
            case Placement.Linked:
                HardLink.Unlink(entry.From);
                break;
            case Placement.Copied:
                // Recorded first, so a crash from here on finishes the move instead of undoing a verified copy.
                _catalog.MarkCopied(entry);
                try
                {
                    File.Delete(entry.From);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw new IOException($"cannot remove '{entry.From}': Permission denied", ex);
                }

                break;
        }
    }

    /// <summary>
    /// Puts things back after a failed move and returns the exception to throw. When the bytes
    /// are only at the destination (the catalog failed at the last step) the entry stays, so
    /// the next start completes the move rather than lose track of the file.
    /// </summary>
    private IOException Undo(JournalEntry entry, bool placed, Exception cause)
    {
        string reason = $"Cannot move image {entry.ImageId} from '{entry.From}' to '{entry.To}': {Why(entry, cause)}";
        SameVolume.DeleteQuietly(DestinationNames.TempFor(entry.To));
        bool sourceThere = File.Exists(entry.From);
        if (placed && !sourceThere)
        {
            _logger.LogError(cause, "{Reason}; the file is at the destination and the move completes at the next start", reason);
            return new IOException(reason + "; the file is at the destination and the move completes at the next start.", cause);
        }

        try
        {
            if (placed)
            {
                // Safe: the source still exists, so this name is a second link or a verified copy.
                File.Delete(entry.To);
            }

            _catalog.AbandonMove(entry);
        }
        catch (Exception undoFailure) when (undoFailure is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(undoFailure, "{Reason}; undoing it failed too, so the next start resolves it from the journal", reason);
            return new IOException(reason + $"; undoing it failed too ({undoFailure.Message}), so the next start resolves it.", cause);
        }

        // A full or read-only disk fails every move of a batch alike: the storage guard says so once.
        _logger.Log(StorageFault.Of(cause) == StorageProblem.None ? LogLevel.Warning : LogLevel.Debug, "{Reason}; the file stays at its source", reason);
        return new IOException(reason + ".", cause);
    }

    private static string Why(JournalEntry entry, Exception cause) =>
        cause switch
        {
            _ when !File.Exists(entry.From) && !File.Exists(entry.To) => "the source file disappeared during the move",
            _ when !Directory.Exists(Path.GetDirectoryName(entry.To)) => "the destination folder disappeared during the move",
            UnauthorizedAccessException => $"permission denied ({cause.Message})",
            _ => cause.Message,
        };
}
