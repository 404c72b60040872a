using Watcher.Catalog;

namespace Watcher.Service.Filing;

/// <summary>
/// The cross-volume move's first half: copy under a hidden temporary name beside the destination,
/// flush to disk, re-hash, then give the copy its real name without overwriting. The real name
/// therefore only ever holds complete, verified bytes; the source is not touched here.
/// </summary>
internal static class VerifiedCopy
{
    private const int BufferSize = 1 << 16;

    /// <summary>True when the verified copy is at <see cref="JournalEntry.To"/>; false when that name was taken meanwhile.</summary>
    public static bool TryPlace(JournalEntry entry)
    {
        string temp = DestinationNames.TempFor(entry.To);
        try
        {
            WriteFlushed(entry.From, temp, entry.Length);
            string copied = FileSha256.Of(temp);
            if (!string.Equals(copied, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new IOException(
                    $"the copy's SHA-256 is {copied}, not the catalogued {entry.Sha256} (the source changed after it was catalogued, or the copy was damaged)");
            }

            return SameVolume.TryRenameNoReplace(temp, entry.To);
        }
        finally
        {
            // After a successful rename this only drops the temporary second name.
            SameVolume.DeleteQuietly(temp);
        }
    }

    private static FileStream CreateTemp(string temp, long length)
    {
        try
        {
            // Create, not CreateNew: a temporary name is Watcher's own, and one left by a crash is garbage.
            // Preallocated, so a full disk fails here, before any byte is copied.
            return new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = BufferSize,
                PreallocationSize = length,
            });
        }
        catch (IOException ex) when (StorageFault.Of(ex) == StorageProblem.None && StorageFault.FreeBytes(Path.GetDirectoryName(temp)!) < length)
        {
            // .NET reports a failed preallocation without the error number; the free space tells.
            throw StorageFault.DiskFull(ex.Message, ex);
        }
    }

    private static void WriteFlushed(string from, string temp, long length)
    {
        DateTime modified;
        using (var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
        {
            modified = File.GetLastWriteTimeUtc(source.SafeFileHandle);
            using FileStream target = CreateTemp(temp, length);
            source.CopyTo(target);
            target.Flush(flushToDisk: true);
        }

        // Set after the handle closes: a later write through it would move the time again.
        File.SetLastWriteTimeUtc(temp, modified);
    }
}
