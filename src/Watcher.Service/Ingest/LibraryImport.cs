using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Service.Clustering;
using Watcher.Service.Filing;

namespace Watcher.Service.Ingest;

/// <summary>What `watcher init --from` did.</summary>
public sealed record LibraryImportReport(int Files, int Added, int AlreadyKnown, int Unreadable, ReclusterReport Clustering);

/// <summary>
/// Bootstraps from a library a person already has: every image is embedded and catalogued where
/// it is (status Library: clustered, never moved; it is their library), then everything is
/// clustered, so the daemon files new images from its first one instead of waiting for the
/// bootstrap count.
/// </summary>
public sealed class LibraryImport(CatalogDb catalog, EncoderSession session, Reclusterer reclusterer, ILogger<LibraryImport> logger)
{
    public async Task<LibraryImportReport> RunAsync(IReadOnlyList<string> files, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        var fresh = new List<(string Path, string Sha, long Length)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int known = 0;
        foreach (string file in files)
        {
            (string sha, long length) = FileSha256.Hash(file);
            if (catalog.FindOriginal(sha) is not null || !seen.Add(sha))
            {
                known++;
                continue;
            }

            fresh.Add((file, sha, length));
        }

        // A chunk at a time, recorded as it goes: an init stopped halfway resumes where it was,
        // because images already in the catalog are skipped.
        int added = 0;
        await session.EmbedInChunksAsync(fresh.Select(f => f.Path).ToArray(), progress, (start, rows, results) =>
        {
            var records = new List<ImageRecord>(rows.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                (string path, string sha, long length) = fresh[start + i];
                if (!results[i].IsSuccess)
                {
                    logger.LogWarning("Skipped {Path}: {Reason}", path, results[i]);
                    continue;
                }

                records.Add(new ImageRecord
                {
                    Sha256 = sha,
                    Length = length,
                    OriginalPath = path,
                    CurrentPath = path,
                    Status = ImageStatus.Library,
                    EmbeddingRow = rows[i],
                });
            }

            catalog.AddImages(records);
            added += records.Count;
        }, ct).ConfigureAwait(false);

        int unreadable = fresh.Count - added;
        logger.LogInformation("Library: {Added} images added, {Known} already known, {Unreadable} unreadable", added, known, unreadable);
        ReclusterReport clustering = await reclusterer.RunAsync($"init from a library of {added} images", ct).ConfigureAwait(false);
        return new LibraryImportReport(files.Count, added, known, unreadable, clustering);
    }
}
