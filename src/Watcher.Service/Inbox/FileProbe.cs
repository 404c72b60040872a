using System.IO.Enumeration;

namespace Watcher.Service.Inbox;

internal readonly record struct FileStat(string Path, long Length, DateTime LastWriteUtc);

internal enum ExclusiveOpen
{
    Opened,
    Busy,
    Gone,
}

// The file-system reads the inbox watcher needs. Each tolerates files vanishing mid-way: a file
// that disappears between being listed and being read was moved away, which is not an error.
internal static class FileProbe
{
    // Hidden and system entries are skipped by attribute (on Unix, Hidden means a dot-name), and
    // temporary names by TemporaryNames, for folders as well as files.
    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    // Throws DirectoryNotFoundException (or another IOException) when `folder` itself is gone or
    // unreadable, so that a failed scan is never mistaken for an empty one.
    public static IEnumerable<FileStat> Enumerate(string folder)
    {
        var files = new FileSystemEnumerable<FileStat>(folder, Transform, Recursive)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && !TemporaryNames.IsTemporary(e.FileName),
            ShouldRecursePredicate = (ref FileSystemEntry e) => !TemporaryNames.IsTemporary(e.FileName),
        };
        return files.Where(f => f.Length >= 0);
    }

    public static FileStat? Stat(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || (info.Attributes & (FileAttributes.Hidden | FileAttributes.System)) != 0)
            {
                return null;
            }

            return new FileStat(path, info.Length, info.LastWriteTimeUtc);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A writer that still holds the file (a copy in progress on Windows, or any process holding an
    // exclusive lock on Unix) makes this fail; the file is then not finished, whatever its mtime says.
    public static ExclusiveOpen TryOpenExclusively(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return ExclusiveOpen.Opened;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return ExclusiveOpen.Gone;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ExclusiveOpen.Busy;
        }
    }

    // The first symbolic link on the way from the inbox root down to the file (the file itself
    // included), or null. Whatever lies behind a link lives outside the inbox: filing it would
    // catalogue bytes Watcher does not own, and unlinking the source through a linked folder
    // would remove a file from the folder the link points at. The root may itself be a link.
    public static string? LinkOnTheWay(string root, string path)
    {
        for (string? p = path; p is not null && p.Length > root.Length; p = Path.GetDirectoryName(p))
        {
            try
            {
                if (new FileInfo(p).LinkTarget is not null)
                {
                    return p;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or unreadable: the exclusive open and the read after it report that.
                return null;
            }
        }

        return null;
    }

    private static FileStat Transform(ref FileSystemEntry entry)
    {
        var path = entry.ToFullPath();
        try
        {
            return new FileStat(path, entry.Length, entry.LastWriteTimeUtc.UtcDateTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Vanished between the directory listing and its stat; Length -1 filters it out.
            return new FileStat(path, -1, default);
        }
    }
}
