using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Service.Sorting;

namespace Watcher.Service.Review;

/// <summary>
/// What a person does: name a cluster, file an image by hand. Both move files through the
/// journaled filer and record the decision; both are reachable from the CLI (through the loopback
/// API) and from the review page.
/// </summary>
public sealed class ReviewActions(CatalogDb catalog, ClusterState state, ImageFiler filer, ILogger<ReviewActions> logger)
{
    /// <summary>
    /// Names a cluster: its folder becomes output/&lt;name&gt;/, the images already filed under
    /// it move there, and what the model files later goes there too. Two clusters given one name
    /// share the folder.
    /// </summary>
    public async Task<LabelResult> LabelAsync(int clusterId, string name, CancellationToken ct)
    {
        string folder = FolderNames.Validate(name);
        using (await filer.LockAsync(ct).ConfigureAwait(false))
        {
            ClusterRecord cluster = catalog.Cluster(clusterId)
                ?? throw new KeyNotFoundException($"There is no cluster {clusterId}; `watcher clusters` lists them.");
            string oldFolder = cluster.Folder;
            state.Rename(clusterId, folder, folder);
            cluster.Name = folder;
            cluster.Folder = folder;
            cluster.Proposed = false;
            catalog.UpdateCluster(cluster);
            catalog.AddDecision(new DecisionRecord { Kind = "label", Cluster = clusterId, Name = folder });

            var members = catalog.ImagesInCluster(clusterId)
                .Where(i => i.Status == ImageStatus.Filed && !i.Pinned && i.Folder == oldFolder)
                .Select(i => (i, new Destination(folder, ImageStatus.Filed, clusterId, i.Score))).ToList();
            int moved = filer.FileMany(members, logger);

            RemoveIfEmpty(oldFolder);
            logger.LogInformation("Cluster {Cluster} named {Name}: {Moved} images moved from {Old} to {Folder}", clusterId, folder, moved, oldFolder, folder);
            return new LabelResult(clusterId, folder, oldFolder, moved);
        }
    }

    /// <summary>
    /// Files one image under a name by hand (typically from the review queue). The image is pinned:
    /// re-clustering never moves it again, and it counts towards naming its new cluster.
    /// </summary>
    public async Task<ImageRecord> AssignAsync(string image, string name, CancellationToken ct)
    {
        string folder = FolderNames.Validate(name);
        using (await filer.LockAsync(ct).ConfigureAwait(false))
        {
            ImageRecord record = Find(image);
            int? cluster = state.Current?.Clusters.Values.FirstOrDefault(c => c.Name == folder)?.Id ?? record.Cluster;
            if (record.Status == ImageStatus.Library)
            {
                throw new InvalidOperationException($"{record.CurrentPath} belongs to the library given to init; Watcher does not move it.");
            }

            record.Pinned = true;
            catalog.UpdateImage(record);

            filer.File(record, new Destination(folder, ImageStatus.Filed, cluster, record.Score));
            catalog.AddDecision(new DecisionRecord { Kind = "assign", ImageId = record.Id, Cluster = cluster, Name = folder });
            logger.LogInformation("{Image} assigned to {Name} by hand", record.OriginalPath, folder);
            return catalog.Image(record.Id)!;
        }
    }

    /// <summary>An image by catalog id, or by its current or original path.</summary>
    public ImageRecord Find(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        if (long.TryParse(image, out long id) && catalog.Image(id) is { } byId)
        {
            return byId;
        }

        string path = Path.GetFullPath(image);
        return catalog.FindByPath(path)
            ?? catalog.AllImages().FirstOrDefault(i => i.OriginalPath == path)
            ?? throw new KeyNotFoundException($"No image with id or path '{image}' is in the catalog.");
    }

    private void RemoveIfEmpty(string folder)
    {
        string path = Path.Combine(filer.OutputDir, folder);
        try
        {
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
        catch (IOException)
        {
            // Someone put something there meanwhile: then it stays.
        }
    }
}

public sealed record LabelResult(int Cluster, string Name, string OldFolder, int Moved);
