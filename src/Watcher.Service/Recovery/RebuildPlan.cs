using System.Text.RegularExpressions;
using Watcher.Service.Filing;

namespace Watcher.Service.Recovery;

/// <summary>
/// What a rebuild will catalogue, known before anything is embedded: every file under output/
/// with its SHA-256, in path order, the first of each set of identical files as the original
/// (the rest become its copies), and the originals to embed (all but rejected files, which the
/// encoder could not read before either).
/// </summary>
public sealed partial class RebuildPlan
{
    private RebuildPlan(IReadOnlyList<PlannedFile> files, IReadOnlyList<SkippedFile> skipped)
    {
        Files = files;
        Skipped = skipped;
        ToEmbed = files.Where(f => f.OriginalIndex is null && f.File.Status != Catalog.ImageStatus.Rejected).ToList();
    }

    public IReadOnlyList<PlannedFile> Files { get; }

    public IReadOnlyList<SkippedFile> Skipped { get; }

    public IReadOnlyList<PlannedFile> ToEmbed { get; }

    /// <summary>Lists output/ and hashes every file (the slow part before embedding: it reads every byte once).</summary>
    public static RebuildPlan Make(string outputDir)
    {
        OutputListing listing = OutputScan.List(outputDir);
        var hashed = new List<(OutputFile File, string Sha)>(listing.Files.Count);
        var skipped = new List<SkippedFile>(listing.Skipped);
        foreach (OutputFile file in listing.Files)
        {
            try
            {
                (string sha, long length) = FileSha256.Hash(file.Path);
                hashed.Add((file with { Length = length }, sha));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Vanished or unreadable since it was listed: not catalogued, and said so.
                skipped.Add(new SkippedFile(file.Path, $"could not be read: {ex.Message}"));
            }
        }

        // The daemon files a copy beside its original as "name (2).jpg", so of identical files the
        // one without such a suffix is the original; otherwise the first in path order.
        var originals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (int i in Enumerable.Range(0, hashed.Count).OrderBy(i => ClashSuffix().IsMatch(Path.GetFileName(hashed[i].File.Path)) ? 1 : 0).ThenBy(i => i))
        {
            originals.TryAdd(hashed[i].Sha, i);
        }

        var files = hashed.Select((h, i) => new PlannedFile(i, h.File, h.Sha, originals[h.Sha] == i ? null : originals[h.Sha])).ToList();
        return new RebuildPlan(files, skipped);
    }

    [GeneratedRegex(@" \(\d+\)(\.[^.]*)?$")]
    private static partial Regex ClashSuffix();
}

/// <summary>A file of the plan, at <see cref="Index"/>; <see cref="OriginalIndex"/> is the index of the file it is a byte-for-byte copy of.</summary>
public sealed record PlannedFile(int Index, OutputFile File, string Sha256, int? OriginalIndex);
