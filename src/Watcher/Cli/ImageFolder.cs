namespace Watcher.Cli;

/// <summary>A file under a folder, with the path and label the embed/eval outputs use.</summary>
public sealed record FolderImage(string FullPath, string RelativePath, string Label);

/// <summary>Lists the files of a folder tree in a stable order; label = first sub-folder, or empty.</summary>
public static class ImageFolder
{
    public static IReadOnlyList<FolderImage> List(string root)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"Folder not found: {full}");
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            ReturnSpecialDirectories = false,
        };
        return Directory.EnumerateFiles(full, "*", options)
            .Where(p => !Path.GetFileName(p).StartsWith('.'))
            .Select(p =>
            {
                var relative = Path.GetRelativePath(full, p).Replace(Path.DirectorySeparatorChar, '/');
                var slash = relative.IndexOf('/', StringComparison.Ordinal);
                return new FolderImage(p, relative, slash < 0 ? "" : relative[..slash]);
            })
            .OrderBy(i => i.RelativePath, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Keeps a TSV row on one line whatever the file name holds.</summary>
    public static string EscapeTsv(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
