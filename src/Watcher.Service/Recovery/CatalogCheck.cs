using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Service.Filing;

namespace Watcher.Service.Recovery;

/// <summary>A move the journal says was started and not finished (the daemon finishes or rolls it back when it starts).</summary>
public sealed record UnfinishedMove(long ImageId, string From, string To, string Stage);

/// <summary>A record whose file is there but is not the file the catalog describes.</summary>
public sealed record ChangedFile(string Path, long ImageId, string Reason);

/// <summary>What `watcher doctor` found; healthy when every list is empty.</summary>
public sealed record CheckReport(
    string Catalog, int Records, int KnownMissing, bool Quick, IReadOnlyList<UnfinishedMove> UnfinishedMoves,
    IReadOnlyList<string> MissingFiles, IReadOnlyList<ChangedFile> ChangedFiles, IReadOnlyList<string> Strays,
    IReadOnlyList<string> Problems)
{
    public bool Healthy => UnfinishedMoves.Count == 0 && MissingFiles.Count == 0 && ChangedFiles.Count == 0 && Strays.Count == 0 && Problems.Count == 0;
}

/// <summary>
/// Checks an opened catalog against the disk without changing either: the move journal, each
/// record's file (there, the recorded size, and unless quick the recorded SHA-256), files under
/// output/ that no record knows, and that the embedding store and the current model can serve
/// the records. Records already marked Missing are counted, not reported: the daemon found them
/// gone and said so at the time.
/// </summary>
public sealed class CatalogCheck(CatalogDb catalog, ModelStore models, string dataDir, string outputDir)
{
    public CheckReport Run(bool quick, IProgress<int>? progress, CancellationToken ct)
    {
        var missing = new List<string>();
        var changed = new List<ChangedFile>();
        var problems = new List<string>();
        var known = new HashSet<string>(NameReservations.PathComparer);
        int records = 0, knownMissing = 0;
        long highestRow = -1;
        foreach (ImageRecord image in catalog.AllImages())
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(++records);
            highestRow = Math.Max(highestRow, image.EmbeddingRow);
            if (image.Status == ImageStatus.Missing)
            {
                knownMissing++;
                continue;
            }

            if (!known.Add(image.CurrentPath))
            {
                changed.Add(new ChangedFile(image.CurrentPath, image.Id, "a second record claims this path"));
                continue;
            }

            var file = new FileInfo(image.CurrentPath);
            if (!file.Exists)
            {
                missing.Add(image.CurrentPath);
            }
            else if (file.Length != image.Length)
            {
                changed.Add(new ChangedFile(image.CurrentPath, image.Id, $"{file.Length} bytes, the catalog says {image.Length}"));
            }
            else if (!quick && !FileSha256.Matches(image.CurrentPath, image.Length, image.Sha256))
            {
                changed.Add(new ChangedFile(image.CurrentPath, image.Id, "its SHA-256 is not the one the catalog records"));
            }
        }

        OutputListing output = OutputScan.List(outputDir);
        List<string> strays = output.Files.Select(f => f.Path).Where(p => !known.Contains(p))
            .Concat(output.Skipped.Select(s => $"{s.Path} ({s.Reason})")).ToList();
        List<UnfinishedMove> moves = catalog.UnfinishedMoves()
            .Select(e => new UnfinishedMove(e.ImageId, e.From, e.To, e.Stage.ToString())).ToList();
        CheckEmbeddings(highestRow, problems);
        CheckModel(problems);
        return new CheckReport(catalog.Path, records, knownMissing, quick, moves, missing, changed, strays, problems);
    }

    private void CheckEmbeddings(long highestRow, List<string> problems)
    {
        try
        {
            long rows = EmbeddingStore.Inspect(dataDir)?.Rows ?? 0;
            if (highestRow >= rows)
            {
                problems.Add($"records use embedding row {highestRow}, but the embedding store holds {rows} rows");
            }
        }
        catch (InvalidDataException ex)
        {
            problems.Add(ex.Message);
        }
    }

    private void CheckModel(List<string> problems)
    {
        int version = (int)catalog.GetMeta("model_version");
        if (version <= 0)
        {
            return;
        }

        try
        {
            _ = models.Load(version);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ModelFormatException)
        {
            problems.Add($"the catalog files with model version {version}, which cannot be loaded: {ex.Message}");
        }
    }
}
