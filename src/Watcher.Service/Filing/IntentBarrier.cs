using Watcher.Catalog;

namespace Watcher.Service.Filing;

/// <summary>
/// Makes journaled intents reach the catalog file before any file is touched. LiteDB 5 commits
/// into memory and a background thread appends the log file later, so a SIGKILL just after
/// BeginMove returned could lose the entry while the link or copy it announced survives: the
/// file then sits in output/ with nothing left to say whose it is (seen in a kill -9 loop over
/// 1,000 moves). Only the intent needs it: LiteDB writes in commit order, so a later commit lost
/// with the process (MarkCopied, CompleteMove, AbandonMove) leaves the entry, which recovery
/// resolves from disk. A batch of moves pays for one flush, not one per file.
/// </summary>
internal sealed class IntentBarrier(CatalogDb catalog)
{
    /// <summary>Returns once every commit so far, the intents included, is in the catalog file.</summary>
    public void Persist() => catalog.Flush();
}
