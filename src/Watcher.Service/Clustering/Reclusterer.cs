using System.Globalization;
using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Service.Ingest;
using Watcher.Service.Options;
using Watcher.Service.Sorting;

namespace Watcher.Service.Clustering;

/// <summary>What one clustering of the whole catalog did.</summary>
public sealed record ReclusterReport(int Version, int Images, int Clusters, int Proposed, int Refiled, double Seconds);

/// <summary>
/// Clusters every embedded image again (the first time, that is the bootstrap), carries names and
/// folders over from the previous model, proposes the new clusters for naming, saves a new model
/// version and re-files what moved. The fit runs on a snapshot without holding the filing gate,
/// so intake goes on meanwhile; only the swap and the re-filing take the gate, and images filed
/// by the old model during the fit are placed again by the new one.
/// </summary>
public sealed class Reclusterer(
    CatalogDb catalog, EncoderSession session, ModelStore models, ClusterState state, ImageFiler filer,
    EngineOptions options, ReclusterOptions schedule, TimeProvider time, ILogger<Reclusterer> logger) : IDisposable
{
    public const string SinceKey = "images_since_clustering";
    public const string LastRunKey = "last_clustering_unix";
    private readonly SemaphoreSlim _running = new(1, 1);

    public bool IsRunning => _running.CurrentCount == 0;

    public async Task<ReclusterReport> RunAsync(string reason, CancellationToken ct)
    {
        await _running.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => RunLocked(reason, ct), ct).ConfigureAwait(false);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<ReclusterReport> RunLocked(string reason, CancellationToken ct)
    {
        long start = time.GetTimestamp();
        // In the order of their bytes' hashes, not of their arrival: the same images give the same
        // clusters however a burst happened to be split into batches (the engine's subsamples and
        // tie-breaks follow the input order; a test saw 10 clusters or 7 from one set of photos).
        List<ImageRecord> pool = catalog.AllImages()
            .Where(i => i.EmbeddingRow >= 0 && i.DuplicateOf is null && i.Status is ImageStatus.Waiting or ImageStatus.Filed or ImageStatus.Unknown or ImageStatus.Library)
            .OrderBy(i => i.Sha256, StringComparer.Ordinal)
            .ToList();
        if (pool.Count < 2)
        {
            throw new InvalidOperationException($"Clustering needs at least 2 embedded images; the catalog has {pool.Count}.");
        }

        long lastPoolId = pool.Max(i => i.Id);
        // The new images this run clusters; those arriving during it stay counted for the next one.
        long countedAtStart = catalog.GetMeta(SinceKey);
        List<ImageRecord> fitPool = Sample(pool, schedule.MaxFitImages);
        // Start the fit from a compacted heap: the peak is what the machine must have.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Clustering {Images} images ({Reason}); fitting on {Fit}", pool.Count, reason, fitPool.Count);
        EngineResult fit;
        {
            VectorSet vectors = session.Store.Read(fitPool.Select(i => i.EmbeddingRow).ToArray());
            var progress = new Progress<EngineProgress>(p =>
                logger.LogInformation("Clustering: stage {Stage}/{Stages}, {Name}", p.StageNumber, p.StageCount, p.Stage));
            fit = new ClusterEngine(options).Fit(
                vectors, fitPool.Select(i => i.Id.ToString(CultureInfo.InvariantCulture)).ToArray(), session.EncoderId, progress, time, ct);
        }

        int[] labels = LabelAll(pool, fitPool, fit, ct);
        ClusterState.Snapshot? previous = state.Current;
        var oldClusters = (previous?.Clusters.Values ?? []).ToDictionary(c => c.Id, c => (c.Name, c.Folder));
        // An image in the review queue belonged to no cluster: its Cluster is only its nearest one.
        // Counted as that cluster's, a new kind of image (all in the queue, all nearest to one named
        // cluster) inherited that cluster's name instead of being proposed as new.
        var members = pool.Select((image, i) => new CarryMember(
            labels[i], previous is null || image.Status == ImageStatus.Unknown ? null : image.Cluster, image.Folder, image.Pinned)).ToArray();
        IReadOnlyList<CarriedCluster> carried = NameCarryOver.Carry(members, fit.ClusterCount, oldClusters, NextPlaceholder);

        int[] sizes = new int[fit.ClusterCount];
        foreach (int label in labels)
        {
            sizes[label]++;
        }

        int version = models.LatestVersion() + 1;
        var records = carried.Select(c => new ClusterRecord
        {
            Id = c.Id,
            Name = c.Name,
            Folder = c.Folder,
            Proposed = c.Proposed,
            Size = sizes[c.Id],
            ModelVersion = version,
            ReviewImages = fit.ReviewSamples[c.Id].Select(i => fitPool[i].Id).ToList(),
        }).ToList();
        foreach (ModelCluster cluster in fit.Model.Clusters)
        {
            cluster.Name = records[cluster.Id].Name;
        }

        int saved = models.Save(fit.Model);
        Web.PictureData.SaveSelection(catalog, saved, fit);
        int refiled;
        using (await filer.LockAsync(CancellationToken.None).ConfigureAwait(false))
        {
            catalog.ReplaceClusters(records, saved);
            state.Set(fit.Model, saved, records);
            refiled = Refile(pool, labels, records);
            refiled += PlaceArrivals(lastPoolId);
            refiled += FollowOriginals();
            catalog.AddToMeta(SinceKey, -countedAtStart);
            catalog.SetMeta(LastRunKey, time.GetUtcNow().ToUnixTimeSeconds());
        }

        // The fit's working set (neighbour graph, subsample partitions) is garbage now; without a
        // compacting collection the process would keep its peak for good.
        int clusterCount = fit.ClusterCount;
        fit = null!;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var report = new ReclusterReport(saved, pool.Count, clusterCount, records.Count(r => r.Proposed), refiled,
            time.GetElapsedTime(start).TotalSeconds);
        logger.LogInformation(
            "Clustered {Images} images into {Clusters} clusters ({Proposed} new, waiting for names); model version {Version}; {Refiled} images re-filed in {Seconds:F1} s",
            report.Images, report.Clusters, report.Proposed, report.Version, report.Refiled, report.Seconds);
        return report;
    }

    // A seeded uniform sample, so the same catalog gives the same clusters.
    private static List<ImageRecord> Sample(List<ImageRecord> pool, int max)
    {
        if (max <= 0 || pool.Count <= max)
        {
            return pool;
        }

        var random = new Random(1);
        int[] order = Enumerable.Range(0, pool.Count).ToArray();
        random.Shuffle(order);
        return order.Take(max).Order().Select(i => pool[i]).ToList();
    }

    // The fitted images keep their clusters; the others are placed by the new model, a chunk
    // at a time so 10^6 embeddings never sit in memory together.
    private int[] LabelAll(List<ImageRecord> pool, List<ImageRecord> fitPool, EngineResult fit, CancellationToken ct)
    {
        if (ReferenceEquals(pool, fitPool))
        {
            return fit.Labels;
        }

        var fitted = new Dictionary<long, int>(fitPool.Count);
        for (int i = 0; i < fitPool.Count; i++)
        {
            fitted[fitPool[i].Id] = fit.Labels[i];
        }

        var labels = new int[pool.Count];
        var rest = new List<int>();
        for (int i = 0; i < pool.Count; i++)
        {
            if (fitted.TryGetValue(pool[i].Id, out int label))
            {
                labels[i] = label;
            }
            else
            {
                rest.Add(i);
            }
        }

        foreach (int[] chunk in rest.Chunk(5_000))
        {
            ct.ThrowIfCancellationRequested();
            Placement[] placed = fit.Model.Classify(session.Store.Read(chunk.Select(i => pool[i].EmbeddingRow).ToArray()));
            for (int j = 0; j < chunk.Length; j++)
            {
                labels[chunk[j]] = placed[j].Cluster;
            }
        }

        return labels;
    }

    // Every pool image whose folder changed moves, except what a person placed by hand and
    // libraries given to init, which are never moved. An image flagged as unknown stays in the
    // review queue unless it now belongs to a new cluster: unknowns that group together are how
    // new kinds of image announce themselves.
    private int Refile(List<ImageRecord> pool, int[] labels, List<ClusterRecord> records)
    {
        var moves = new List<(ImageRecord, Destination)>();
        var renumbered = new List<ImageRecord>();
        for (int i = 0; i < pool.Count; i++)
        {
            ImageRecord image = pool[i];
            ClusterRecord cluster = records[labels[i]];
            bool move = !image.Pinned && image.Status switch
            {
                ImageStatus.Waiting => true,
                ImageStatus.Filed => image.Folder != cluster.Folder,
                ImageStatus.Unknown => cluster.Proposed,
                _ => false,
            };
            if (move)
            {
                moves.Add((image, new Destination(cluster.Folder, ImageStatus.Filed, cluster.Id, image.Score)));
            }
            else if (image.Cluster != cluster.Id)
            {
                image.Cluster = cluster.Id;
                renumbered.Add(image);
            }
        }

        foreach (ImageRecord[] chunk in renumbered.Chunk(5000))
        {
            catalog.UpdateImages(chunk);
        }

        return filer.FileMany(moves, logger);
    }

    // Images filed by the previous model while the new one was being fitted.
    private int PlaceArrivals(long lastPoolId)
    {
        ClusterState.Snapshot snapshot = state.Current!;
        List<ImageRecord> arrivals = catalog.ImagesAfter(lastPoolId)
            .Where(i => i.EmbeddingRow >= 0 && i.DuplicateOf is null && !i.Pinned && i.Status is ImageStatus.Filed or ImageStatus.Unknown)
            .ToList();
        if (arrivals.Count == 0)
        {
            return 0;
        }

        Placement[] placed = snapshot.Model.Classify(session.Store.Read(arrivals.Select(i => i.EmbeddingRow).ToArray()));
        var moves = arrivals.Select((image, i) => (image, ClusterState.Place(snapshot, placed[i])))
            .Where(m => m.Item2.Folder != m.image.Folder).ToList();
        return filer.FileMany(moves, logger);
    }

    // Copies of the same bytes live beside their original; when the original moved, they follow.
    private int FollowOriginals()
    {
        int moved = 0;
        foreach (ImageRecord copy in catalog.Copies().Where(i => !i.Pinned && i.Status is ImageStatus.Waiting or ImageStatus.Filed or ImageStatus.Unknown).ToList())
        {
            ImageRecord? original = catalog.Image(copy.DuplicateOf!.Value);
            if (original is { Status: ImageStatus.Filed or ImageStatus.Unknown } && original.Folder != copy.Folder)
            {
                moved += filer.TryFile(copy, Destination.Beside(original), logger, Path.GetFileName(original.CurrentPath)) ? 1 : 0;
            }
        }

        return moved;
    }

    public void Dispose() => _running.Dispose();

    private string NextPlaceholder() => FolderNames.NextUnnamed(catalog);
}
