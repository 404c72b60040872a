namespace Watcher.Service.Inbox;

// Names that browsers, downloaders and editors use while a file is still being written: they
// rename it to its final name when done, and that rename is the moment to take it. Dot-names are
// hidden files (and Syncthing/rsync scratch files); "~$" are Office lock files. The same rule
// applies to folders, so nothing inside ".sync/" or a Safari "x.download/" bundle is taken.
internal static class TemporaryNames
{
    private static readonly string[] Suffixes = [".tmp", ".part", ".crdownload", ".partial", ".download"];
    private static readonly char[] SeparatorChars = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    public static bool IsTemporary(ReadOnlySpan<char> name)
    {
        if (name.StartsWith(".", StringComparison.Ordinal) || name.StartsWith("~$", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var suffix in Suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Watcher events name a path deep under the inbox; every folder on the way counts, exactly as
    // the scan (which never descends into such folders) would see it.
    public static bool IsSkipped(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return true;
        }

        foreach (var segment in relative.Split(SeparatorChars, StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsTemporary(segment))
            {
                return true;
            }
        }

        return false;
    }
}
