using System.Globalization;
using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Service.Ingest;
using Watcher.Service.Sorting;

namespace Watcher.Service.Review;

/// <summary>
/// A person asks the clustering to look again at part of the catalog: split one cluster into the
/// groups inside it, or group the review queue. The engine runs on a snapshot without the filing
/// lock (intake goes on); the result is applied under the lock to the images that are still
/// where they were. New groups become clusters waiting for names, with their own folders.
/// </summary>
public sealed class ClusterEdits(
    CatalogDb catalog, ImageFiler filer, ModelFeedback feedback, EncoderSession session, EngineOptions options, TimeProvider time,
    ILogger<ClusterEdits> logger)
{
    /// <summary>
    /// Clusters the images of one cluster (with the clusters merged into it: what a person sees
    /// as one folder) again; the parts after the largest become new clusters.
    /// </summary>
    public async Task<SplitResult> SplitAsync(int clusterId, CancellationToken ct)
    {
        ClusterRecord cluster = catalog.Cluster(clusterId) ?? throw new KeyNotFoundException($"There is no cluster {clusterId}.");
        var sharing = catalog.Clusters().Where(c => c.Folder == cluster.Folder).Select(c => c.Id).ToHashSet();
        List<ImageRecord> members = sharing.SelectMany(catalog.ImagesInCluster)
            .Where(i => i.EmbeddingRow >= 0 && i.DuplicateOf is null && i.Status is ImageStatus.Filed or ImageStatus.Library)
            .OrderBy(i => i.Id).ToList();
        (EngineResult fit, _) = await FitAsync(members, $"cluster {clusterId}", ct).ConfigureAwait(false);
        if (fit.ClusterCount < 2)
        {
            throw new InvalidOperationException($"The {members.Count} images of cluster {clusterId} form one group; there is nothing to split.");
        }

        using (await filer.LockAsync(ct).ConfigureAwait(false))
        {
            sharing.Remove(clusterId);
            List<ClusterRecord> parts = feedback.Split(clusterId, sharing, members, fit.Labels, fit.ReviewSamples);
            var moves = new List<(ImageRecord, Destination)>();
            var relabelled = new List<ImageRecord>();
            for (int i = 0; i < members.Count; i++)
            {
                ClusterRecord part = parts[fit.Labels[i]];
                ImageRecord? now = catalog.Image(members[i].Id);
                if (now is null || now.Cluster != members[i].Cluster || (part.Id == clusterId && now.Cluster == clusterId))
                {
                    continue;
                }

                if (part.Id == clusterId)
                {
                    // In part 0 and already in its folder: only its cluster changes.
                    now.Cluster = clusterId;
                    relabelled.Add(now);
                    continue;
                }

                // Pinned images and libraries stay where they are, but count for their new part.
                if (now.Pinned || now.Status != ImageStatus.Filed || now.Folder != cluster.Folder)
                {
                    now.Cluster = part.Id;
                    relabelled.Add(now);
                }
                else
                {
                    moves.Add((now, new Destination(part.Folder, ImageStatus.Filed, part.Id, now.Score)));
                }
            }

            catalog.UpdateImages(relabelled);
            int moved = filer.FileMany(moves, logger);
            catalog.AddDecision(new DecisionRecord { Kind = "split", Cluster = clusterId, Name = string.Join(",", parts.Select(p => p.Folder)) });
            logger.LogInformation("Cluster {Cluster} split into {Parts} parts ({Folders}); {Moved} images moved",
                clusterId, parts.Count, string.Join(", ", parts.Select(p => p.Folder)), moved);
            return new SplitResult(clusterId, parts.Select(p => p.Id).ToList(), moved);
        }
    }

    /// <summary>
    /// Clusters the review queue; each group of at least <see cref="EngineOptions.MinClusterSize"/>
    /// images becomes a new cluster (its images move into its folder). Images that fit no group
    /// well, and groups too small, stay in the queue.
    /// </summary>
    public async Task<GroupResult> GroupUnknownsAsync(CancellationToken ct)
    {
        List<ImageRecord> queue = catalog.Images(ImageStatus.Unknown).Where(i => i.EmbeddingRow >= 0 && !i.Pinned).ToList();
        (EngineResult fit, VectorSet vectors) = await FitAsync(queue, "the review queue", ct).ConfigureAwait(false);

        // The clustering gives every image a group; one that its own group's model would still
        // call unknown (the calibrated novelty check) fits no group and stays in the queue.
        Placement[] check = fit.Model.Classify(vectors);
        using (await filer.LockAsync(ct).ConfigureAwait(false))
        {
            var groups = new List<GroupJson>();
            for (int g = 0; g < fit.ClusterCount; g++)
            {
                List<ImageRecord> members = Enumerable.Range(0, queue.Count).Where(i => fit.Labels[i] == g && !check[i].IsUnknown)
                    .Select(i => catalog.Image(queue[i].Id)).OfType<ImageRecord>()
                    .Where(i => i.Status == ImageStatus.Unknown && !i.Pinned).ToList();
                if (members.Count < options.MinClusterSize)
                {
                    continue;
                }

                // Most typical first, so the new cluster's review samples are the engine's choice.
                var typical = fit.ReviewSamples[g].Select(i => queue[i].Id).ToHashSet();
                members = [.. members.OrderByDescending(m => typical.Contains(m.Id))];
                ClusterRecord cluster = feedback.AddCluster(members, null, FolderNames.NextUnnamed(catalog), proposed: true);
                filer.FileMany(members.Select(m => (m, new Destination(cluster.Folder, ImageStatus.Filed, cluster.Id, m.Score))).ToList(), logger);
                groups.Add(new GroupJson(cluster.Id, cluster.Folder, members.Count));
            }

            int left = catalog.CountImages(ImageStatus.Unknown);
            catalog.AddDecision(new DecisionRecord { Kind = "group", Name = string.Join(",", groups.Select(g => g.Folder)) });
            logger.LogInformation("Review queue grouped: {Groups} new clusters proposed, {Left} images left in the queue", groups.Count, left);
            return new GroupResult(groups, left);
        }
    }

    private async Task<(EngineResult Fit, VectorSet Vectors)> FitAsync(List<ImageRecord> images, string what, CancellationToken ct)
    {
        int needed = Math.Max(20, 2 * options.MinClusterSize);
        if (images.Count < needed)
        {
            throw new InvalidOperationException($"Clustering {what} needs at least {needed} embedded images; it has {images.Count}.");
        }

        return await Task.Run(() =>
        {
            VectorSet vectors = session.Store.Read(images.Select(i => i.EmbeddingRow).ToArray());
            string[] keys = images.Select(i => i.Id.ToString(CultureInfo.InvariantCulture)).ToArray();
            return (new ClusterEngine(options).Fit(vectors, keys, session.EncoderId, null, time, ct), vectors);
        }, ct).ConfigureAwait(false);
    }
}

public sealed record SplitResult(int Cluster, IReadOnlyList<int> Parts, int Moved);

public sealed record GroupJson(int Cluster, string Folder, int Size);

public sealed record GroupResult(IReadOnlyList<GroupJson> Groups, int Left);
