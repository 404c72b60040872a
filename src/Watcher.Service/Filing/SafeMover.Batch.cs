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
                (string from, string folder) = Prepare(image, target);
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
                bool allowRename = true;
                if (Place(entry, ref allowRename))
                {
                    done.Add((entry, image));
                    outcomes[index] = new MoveOutcome(image, entry.To, null);
                }
                else
                {
                    retry.Add(index);
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
}
