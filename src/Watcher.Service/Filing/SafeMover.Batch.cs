using Microsoft.Extensions.Logging;
using Watcher.Catalog;

namespace Watcher.Service.Filing;

/// <summary>What became of one move of a batch: the final path, or why it did not happen.</summary>
public sealed record MoveOutcome(ImageRecord Image, string? Path, IOException? Error);

public sealed partial class SafeMover
{
    /// <summary>
    /// Moves a batch with one journal transaction, one flush of the intents and one completing
    /// transaction, instead of three catalog commits and a flush per file (measured: filing took
    /// 4.8 ms per image one by one). The guarantees are those of <see cref="Move(ImageRecord, MoveTarget)"/>:
    /// every intent is on disk before its file is touched, and each file ends at its source or its
    /// target. A move that meets a name clash or an error is retried alone or reported in its outcome.
    /// </summary>
    public IReadOnlyList<MoveOutcome> MoveMany(IReadOnlyList<(ImageRecord Image, MoveTarget Target)> moves)
    {
        ArgumentNullException.ThrowIfNull(moves);
        var outcomes = new MoveOutcome[moves.Count];
        var entries = new List<(int Index, JournalEntry Entry)>(moves.Count);
        for (int i = 0; i < moves.Count; i++)
        {
            (ImageRecord image, MoveTarget target) = moves[i];
            try
            {
                DestinationNames.Validate(target.FileName);
                string from = Path.GetFullPath(image.CurrentPath);
                if (!File.Exists(from))
                {
                    throw new IOException($"Cannot move image {image.Id}: '{from}' no longer exists (removed after it was catalogued?).");
                }

                string folder = Path.GetFullPath(target.Folder);
                CreateFolder(image, folder);
                entries.Add((i, NewEntry(image, from, _names.Reserve(folder, target.FileName), target)));
            }
            catch (Exception ex) when (ex is IOException or ArgumentException)
            {
                outcomes[i] = new MoveOutcome(image, null, ex as IOException ?? new IOException(ex.Message, ex));
            }
        }

        try
        {
            _catalog.BeginMoves(entries.Select(e => e.Entry).ToList());
            _barrier.Persist();
        }
        catch
        {
            entries.ForEach(e => _names.Release(e.Entry.To));
            throw;
        }

        var done = new List<(JournalEntry, ImageRecord)>(entries.Count);
        var retry = new List<int>();
        foreach ((int index, JournalEntry entry) in entries)
        {
            ImageRecord image = moves[index].Image;
            try
            {
                switch (PlaceOnly(entry))
                {
                    case null:
                        retry.Add(index);
                        break;
                    case string to:
                        done.Add((entry, image));
                        outcomes[index] = new MoveOutcome(image, to, null);
                        break;
                }
            }
            catch (IOException ex)
            {
                outcomes[index] = new MoveOutcome(image, null, ex);
            }
        }

        try
        {
            _catalog.CompleteMoves(done);
        }
        finally
        {
            entries.ForEach(e => _names.Release(e.Entry.To));
        }

        foreach (int index in retry)
        {
            try
            {
                outcomes[index] = new MoveOutcome(moves[index].Image, Move(moves[index].Image, moves[index].Target), null);
            }
            catch (IOException ex)
            {
                outcomes[index] = new MoveOutcome(moves[index].Image, null, ex);
            }
        }

        return outcomes;
    }

    // Puts the file at the entry's target and removes the source; returns the target, or null
    // after a clash (entry abandoned). The record is completed by the caller, with the others.
    private string? PlaceOnly(JournalEntry entry)
    {
        bool placed = false;
        try
        {
            Placement placement = SameVolume.TryPlace(entry.From, entry.To);
            if (placement == Placement.NeedsCopy)
            {
                placement = VerifiedCopy.TryPlace(entry) ? Placement.Copied : Placement.Clash;
            }

            if (placement == Placement.Clash)
            {
                _catalog.AbandonMove(entry);
                return null;
            }

            placed = true;
            RemoveSource(entry, placement);
            _logger.LogDebug("Moved image {ImageId} from '{From}' to '{To}' ({How})", entry.ImageId, entry.From, entry.To, placement);
            return entry.To;
        }
        catch (Exception ex)
        {
            throw Undo(entry, placed, ex);
        }
    }
}
