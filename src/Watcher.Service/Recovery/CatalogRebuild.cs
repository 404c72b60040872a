using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Service.Clustering;
using Watcher.Service.Ingest;

namespace Watcher.Service.Recovery;

/// <summary>What `watcher doctor --rebuild` did.</summary>
public sealed record RebuildReport(
    IReadOnlyList<string> SetAside, int Files, int Filed, int Unknown, int Rejected, int Ignored, int Copies, int Unreadable,
    int Pinned, int Clusters, int NamedClusters, int ModelVersion, string? ModelProblem, int InboxFiles,
    IReadOnlyList<SkippedFile> Skipped, double Seconds);

/// <summary>
/// Rebuilds a catalog from the folders, into a new empty catalog and embedding store (the old
/// ones set aside by the caller): each file under output/ becomes one image record with its
/// SHA-256 and the status its folder means, identical files become copies of the first, every
/// original the encoder can read is embedded again, and the newest saved model that loads keeps
/// filing: its clusters are matched to the folders their images sit in, so every name on disk
/// stays a named cluster. It reads files and never moves or deletes one; files in the inbox are
/// left for the daemon, which takes them as new. docs/decisions.md, "Catalog recovery".
/// </summary>
public sealed class CatalogRebuild(
    CatalogDb catalog, EncoderSession session, ModelStore models, TimeProvider time, ILogger<CatalogRebuild> logger)
{
    private const int ClassifyChunk = 5_000;
    private const int InsertChunk = 5_000;

    public async Task<RebuildReport> RunAsync(
        RebuildPlan plan, IReadOnlyList<string> setAside, IReadOnlyList<string> inboxes, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(setAside);
        ArgumentNullException.ThrowIfNull(inboxes);
        long start = time.GetTimestamp();
        int count = plan.Files.Count;
        var rows = new long[count];
        Array.Fill(rows, -1);
        var errors = new string?[count];
        int[] toEmbed = plan.ToEmbed.Select(f => f.Index).ToArray();
        await session.EmbedInChunksAsync(toEmbed.Select(i => plan.Files[i].File.Path).ToArray(), progress, (first, chunkRows, results) =>
        {
            for (int j = 0; j < chunkRows.Length; j++)
            {
                int i = toEmbed[first + j];
                rows[i] = chunkRows[j];
                errors[i] = results[j].IsSuccess ? null : results[j].ToString();
            }
        }, ct).ConfigureAwait(false);

        (ClusterModel? model, int version, string? problem) = LoadModel();
        Placement?[] placements = model is null ? new Placement?[count] : Classify(model, plan, rows, ct);
        RebuiltClusters clusters = RebuiltClusters.Match(catalog, model, plan, placements);
        var records = new ImageRecord[count];
        for (int i = 0; i < count; i++)
        {
            records[i] = Describe(plan.Files[i], rows[i], errors[i], placements[i], clusters);
        }

        // Originals first, so copies can name them by catalog id.
        foreach (ImageRecord[] chunk in Enumerable.Range(0, count).Where(i => plan.Files[i].OriginalIndex is null).Select(i => records[i]).Chunk(InsertChunk))
        {
            catalog.AddImages(chunk);
        }

        foreach (ImageRecord[] chunk in Enumerable.Range(0, count).Where(i => plan.Files[i].OriginalIndex is not null)
                     .Select(i => CopyOf(records[i], records[plan.Files[i].OriginalIndex!.Value])).Chunk(InsertChunk))
        {
            catalog.AddImages(chunk);
        }

        List<ClusterRecord> clusterRecords = model is null ? [] : clusters.Records(model, version, records.Where(r => r.DuplicateOf is null).ToList());
        catalog.ReplaceClusters(clusterRecords, model is null ? 0 : version);
        catalog.SetMeta(Reclusterer.SinceKey, 0);
        catalog.SetMeta(Reclusterer.LastRunKey, time.GetUtcNow().ToUnixTimeSeconds());
        catalog.FinishRebuild();

        var report = new RebuildReport(setAside, count,
            records.Count(r => r.Status == ImageStatus.Filed), records.Count(r => r.Status == ImageStatus.Unknown),
            records.Count(r => r.Status == ImageStatus.Rejected), records.Count(r => r.Status == ImageStatus.Ignored),
            records.Count(r => r.DuplicateOf is not null), errors.Count(e => e is not null), records.Count(r => r.Pinned),
            clusterRecords.Count, clusterRecords.Count(c => c.Name is not null), model is null ? 0 : version, problem,
            inboxes.Sum(CountFiles), plan.Skipped, time.GetElapsedTime(start).TotalSeconds);
        logger.LogInformation(
            "Catalog rebuilt from {Files} files ({Filed} filed, {Unknown} unknown, {Rejected} rejected, {Ignored} ignored, {Copies} copies) " +
            "with {Clusters} clusters of model version {Version} in {Seconds:F1} s",
            report.Files, report.Filed, report.Unknown, report.Rejected, report.Ignored, report.Copies, report.Clusters, report.ModelVersion, report.Seconds);
        return report;
    }

    // The newest model that loads and was made by this encoder; an older one beats none, since
    // its clusters still match most folders.
    private (ClusterModel? Model, int Version, string? Problem) LoadModel()
    {
        string? problem = null;
        for (int version = models.LatestVersion(); version > 0; version--)
        {
            try
            {
                ClusterModel model = models.Load(version);
                model.EnsureEncoder(session.EncoderId, session.Encoder.Dimension);
                return (model, version, problem);
            }
            catch (Exception ex) when (ex is IOException or ModelFormatException or ModelMismatchException or UnauthorizedAccessException)
            {
                logger.LogWarning("Model version {Version} cannot be used: {Reason}", version, ex.Message);
                problem ??= $"model version {version} cannot be used: {ex.Message}";
            }
        }

        return (null, 0, problem ?? "there is no saved model");
    }

    private Placement?[] Classify(ClusterModel model, RebuildPlan plan, long[] rows, CancellationToken ct)
    {
        var placements = new Placement?[plan.Files.Count];
        int[] embedded = Enumerable.Range(0, plan.Files.Count).Where(i => rows[i] >= 0).ToArray();
        foreach (int[] chunk in embedded.Chunk(ClassifyChunk))
        {
            ct.ThrowIfCancellationRequested();
            Placement[] placed = model.Classify(session.Store.Read(chunk.Select(i => rows[i]).ToArray()));
            for (int j = 0; j < chunk.Length; j++)
            {
                placements[chunk[j]] = placed[j];
            }
        }

        // A copy is placed where its original is.
        for (int i = 0; i < plan.Files.Count; i++)
        {
            if (plan.Files[i].OriginalIndex is { } original)
            {
                placements[i] = placements[original];
            }
        }

        return placements;
    }

    // Status and folder come from where the file is; cluster and score from the model. A copy
    // gets its original's row when it is inserted.
    private static ImageRecord Describe(PlannedFile planned, long row, string? error, Placement? placement, RebuiltClusters clusters)
    {
        OutputFile file = planned.File;
        var record = new ImageRecord
        {
            Sha256 = planned.Sha256,
            Length = file.Length,
            OriginalPath = file.Path,
            CurrentPath = file.Path,
            Status = file.Status,
            Folder = file.Folder,
            EmbeddingRow = row,
            Error = error,
            Score = placement?.Score,
        };
        switch (file.Status)
        {
            case ImageStatus.Filed:
                (record.Cluster, record.Pinned) = clusters.ForFiled(file.Folder, placement);
                break;
            case ImageStatus.Unknown:
                record.Cluster = placement?.Cluster;
                break;
            case ImageStatus.Ignored:
                // Set aside by a person: never clustered or asked about again, as before.
                record.Pinned = true;
                break;
        }

        return record;
    }

    private static ImageRecord CopyOf(ImageRecord copy, ImageRecord original)
    {
        copy.DuplicateOf = original.Id;
        copy.EmbeddingRow = original.EmbeddingRow;
        copy.Error ??= original.Error;
        return copy;
    }

    private static int CountFiles(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count() : 0;
}
