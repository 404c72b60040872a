using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Embedding.Pipeline;
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

        int unreadable = 0;
        int added = 0;
        await foreach (EmbeddedBatch batch in session.Pipeline.RunAsync(fresh.Select(f => f.Path).ToArray(), progress, ct).ConfigureAwait(false))
        {
            var rows = new List<float>();
            var good = new List<int>();
            for (int i = 0; i < batch.Paths.Count; i++)
            {
                if (batch.Results[i].IsSuccess)
                {
                    rows.AddRange(batch.Row(i));
                    good.Add(batch.Start + i);
                }
                else
                {
                    unreadable++;
                    logger.LogWarning("Skipped {Path}: {Reason}", batch.Paths[i], batch.Results[i]);
                }
            }

            if (good.Count == 0)
            {
                continue;
            }

            long first = session.Store.Append(rows.ToArray());
            catalog.AddImages(good.Select((item, g) => new ImageRecord
            {
                Sha256 = fresh[item].Sha,
                Length = fresh[item].Length,
                OriginalPath = fresh[item].Path,
                CurrentPath = fresh[item].Path,
                Status = ImageStatus.Library,
                EmbeddingRow = first + g,
            }).ToList());
            added += good.Count;
        }

        logger.LogInformation("Library: {Added} images added, {Known} already known, {Unreadable} unreadable", added, known, unreadable);
        ReclusterReport clustering = await reclusterer.RunAsync($"init from a library of {added} images", ct).ConfigureAwait(false);
        return new LibraryImportReport(files.Count, added, known, unreadable, clustering);
    }
}
