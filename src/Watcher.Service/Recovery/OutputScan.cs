using Watcher.Catalog;
using Watcher.Service.Sorting;

namespace Watcher.Service.Recovery;

/// <summary>A file under output/&lt;folder&gt;/ (or deeper): the folder names its status and cluster.</summary>
public sealed record OutputFile(string Path, string Folder, long Length)
{
    /// <summary>What a file in this folder is: Watcher's own folders by name, any other is a cluster's.</summary>
    public ImageStatus Status => Folder switch
    {
        FolderNames.Unknown => ImageStatus.Unknown,
        FolderNames.Rejected => ImageStatus.Rejected,
        FolderNames.Ignored => ImageStatus.Ignored,
        _ => ImageStatus.Filed,
    };
}

/// <summary>Something under output/ that is not an image Watcher filed, and why it is left alone.</summary>
public sealed record SkippedFile(string Path, string Reason);

public sealed record OutputListing(IReadOnlyList<OutputFile> Files, IReadOnlyList<SkippedFile> Skipped);

/// <summary>
/// Lists what the output folder holds, in ordinal path order so a rebuild is repeatable (the
/// first of two identical files is the original). Links are never followed (the daemon never
/// files through one, and a linked folder could lead anywhere, or in a circle); a mover's
/// temporary copy is unfinished; a file directly in output/ is in no folder. These are reported,
/// not catalogued.
/// </summary>
public static class OutputScan
{
    public static OutputListing List(string outputDir)
    {
        var files = new List<OutputFile>();
        var skipped = new List<SkippedFile>();
        var root = new DirectoryInfo(outputDir);
        if (!root.Exists)
        {
            return new OutputListing(files, skipped);
        }

        foreach (FileSystemInfo entry in Sorted(root))
        {
            if (entry.LinkTarget is not null)
            {
                skipped.Add(new SkippedFile(entry.FullName, "a symbolic link"));
            }
            else if (entry is DirectoryInfo folder)
            {
                Walk(folder, folder.Name, files, skipped);
            }
            else
            {
                skipped.Add(new SkippedFile(entry.FullName, "directly in the output folder, in no cluster's folder"));
            }
        }

        return new OutputListing(files, skipped);
    }

    private static void Walk(DirectoryInfo dir, string folder, List<OutputFile> files, List<SkippedFile> skipped)
    {
        foreach (FileSystemInfo entry in Sorted(dir))
        {
            if (entry.LinkTarget is not null)
            {
                skipped.Add(new SkippedFile(entry.FullName, "a symbolic link"));
            }
            else if (entry is DirectoryInfo sub)
            {
                Walk(sub, folder, files, skipped);
            }
            else if (Filing.DestinationNames.IsTemporary(entry.Name))
            {
                skipped.Add(new SkippedFile(entry.FullName, "an unfinished copy a move left behind"));
            }
            else if (entry is FileInfo file)
            {
                files.Add(new OutputFile(file.FullName, folder, file.Length));
            }
        }
    }

    private static IEnumerable<FileSystemInfo> Sorted(DirectoryInfo dir) =>
        dir.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal);
}
