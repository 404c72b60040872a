using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Service.Sorting;

namespace Watcher.Service.Review;

/// <summary>
/// What a person does: name a cluster, merge two, file images by hand, set images aside. Each
/// moves files through the journaled filer at once, records the decision, and feeds the model
/// (see <see cref="ModelFeedback"/>); the CLI (through the loopback API) and the review page share
/// these, so both do exactly the same thing.
/// </summary>
public sealed class ReviewActions(CatalogDb catalog, ClusterState state, ImageFiler filer, ModelFeedback feedback, ILogger<ReviewActions> logger)
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
            folder = Spelling(folder);
            ClusterRecord cluster = Cluster(clusterId);
            string oldFolder = cluster.Folder;
            int moved = Rename(cluster, folder, folder);
            catalog.AddDecision(new DecisionRecord { Kind = "label", Cluster = clusterId, Name = folder });
            logger.LogInformation("Cluster {Cluster} named {Name}: {Moved} images moved from {Old} to {Folder}", clusterId, folder, moved, oldFolder, folder);
            return new LabelResult(clusterId, folder, oldFolder, moved);
        }
    }

    /// <summary>
    /// Merges a cluster into another: it takes the other's name and folder (with every cluster
    /// that already shared its folder), and its images move there. The model keeps both clusters'
    /// examples; votes are counted per name and folder, so they now file as one.
    /// </summary>
    public async Task<MergeResult> MergeAsync(int clusterId, int intoId, CancellationToken ct)
    {
        using (await filer.LockAsync(ct).ConfigureAwait(false))
        {
            ClusterRecord from = Cluster(clusterId);
            ClusterRecord into = Cluster(intoId);
            if (from.Folder == into.Folder)
            {
                throw new ArgumentException($"Clusters {clusterId} and {intoId} already share the folder {into.Folder}.");
            }

            int moved = 0;
            foreach (ClusterRecord sharing in catalog.Clusters().Where(c => c.Folder == from.Folder))
            {
                moved += Rename(sharing, into.Name, into.Folder, keepProposed: into.Proposed);
            }

            catalog.AddDecision(new DecisionRecord { Kind = "merge", Cluster = clusterId, Name = into.Folder });
            logger.LogInformation("Cluster {Cluster} merged into {Into} ({Folder}): {Moved} images moved", clusterId, intoId, into.Folder, moved);
            return new MergeResult(intoId, clusterId, into.Folder, moved);
        }
    }

    /// <summary>Files one image under a name by hand; see <see cref="AssignManyAsync"/>.</summary>
    public async Task<ImageRecord> AssignAsync(string image, string name, CancellationToken ct) =>
        (await AssignManyAsync([image], name, ct).ConfigureAwait(false)).Images[0];

    /// <summary>
    /// Files images under a name by hand (typically from the review queue). They are pinned:
    /// re-clustering never moves them again. They become examples of the cluster with that name, or,
    /// when no cluster has it yet, a new cluster of their own, so later images like them follow.
    /// </summary>
    public async Task<AssignResult> AssignManyAsync(IReadOnlyList<string> images, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(images);
        string folder = FolderNames.Validate(name);
        if (images.Count == 0)
        {
            throw new ArgumentException("Choose at least one image to file.");
        }

        using (await filer.LockAsync(ct).ConfigureAwait(false))
        {
            folder = Spelling(folder);
            List<ImageRecord> records = images.Select(Find).DistinctBy(r => r.Id).ToList();
            if (records.FirstOrDefault(r => r.Status == ImageStatus.Library) is { } library)
            {
                throw new InvalidOperationException($"{library.CurrentPath} belongs to the library given to init; Watcher does not move it.");
            }

            ClusterRecord? cluster = state.Current?.Clusters.Values.Where(c => c.Name == folder).MinBy(c => c.Id);
            bool created = false;
            if (cluster is null && state.HasModel && records.Any(r => r.EmbeddingRow >= 0))
            {
                cluster = feedback.AddCluster(records, folder, folder, proposed: false);
                created = true;
            }
            else if (cluster is not null)
            {
                feedback.AddExamples(cluster.Id, records);
            }

            foreach (ImageRecord record in records)
            {
                record.Pinned = true;
            }

            catalog.UpdateImages(records);
            Place(records, new Destination(folder, ImageStatus.Filed, cluster?.Id, null));
            foreach (ImageRecord record in records)
            {
                catalog.AddDecision(new DecisionRecord { Kind = "assign", ImageId = record.Id, Cluster = cluster?.Id, Name = folder });
            }

            logger.LogInformation("{Count} images filed under {Name} by hand{Created}", records.Count, folder, created ? " (a new cluster)" : "");
            return new AssignResult(folder, cluster?.Id, created, records.Select(r => catalog.Image(r.Id)!).ToList());
        }
    }

    /// <summary>
    /// Sets images aside into output/_ignored/: not a kind of image anyone wants sorted, never
    /// asked about or clustered again. Nothing is deleted.
    /// </summary>
    public async Task<int> IgnoreAsync(IReadOnlyList<string> images, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(images);
        using (await filer.LockAsync(ct).ConfigureAwait(false))
        {
            List<ImageRecord> records = images.Select(Find).DistinctBy(r => r.Id).ToList();
            if (records.FirstOrDefault(r => r.Status is ImageStatus.Library or ImageStatus.Waiting or ImageStatus.Missing) is { } refused)
            {
                throw new InvalidOperationException($"{refused.CurrentPath} is {refused.Status.ToString().ToLowerInvariant()}; only filed, unknown or rejected images can be set aside.");
            }

            foreach (ImageRecord record in records)
            {
                record.Pinned = true;
            }

            catalog.UpdateImages(records);
            int moved = Place(records, Destination.Ignored);
            foreach (ImageRecord record in records)
            {
                catalog.AddDecision(new DecisionRecord { Kind = "ignore", ImageId = record.Id, Name = FolderNames.Ignored });
            }

            logger.LogInformation("{Count} images set aside in {Folder}", moved, FolderNames.Ignored);
            return moved;
        }
    }

    /// <summary>An image by catalog id, or by its current or original path.</summary>
    public ImageRecord Find(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        if (long.TryParse(image, out long id))
        {
            return catalog.Image(id) ?? throw new KeyNotFoundException($"No image {id} is in the catalog.");
        }

        string path = Path.GetFullPath(image);
        return catalog.FindByPath(path)
            ?? catalog.AllImages().FirstOrDefault(i => i.OriginalPath == path)
            ?? throw new KeyNotFoundException($"No image with id or path '{image}' is in the catalog.");
    }

    // "Dogs" and "dogs" are one folder on Windows and macOS and two on Linux: a name that differs
    // from an existing one only by case takes the existing spelling, so the disk looks the same
    // everywhere and two clusters never half-share a folder. Folders a person made under output/
    // count too (only those a person could have typed), and names kept before names were
    // normalised are compared in their normal form.
    private string Spelling(string folder)
    {
        string output = filer.OutputDir;
        IEnumerable<string> onDisk = Directory.Exists(output)
            ? Directory.EnumerateDirectories(output).Select(Path.GetFileName).OfType<string>().Where(FolderNames.IsCleanName)
            : [];
        return catalog.Clusters().Select(c => c.Name).OfType<string>().Concat(onDisk)
            .FirstOrDefault(n => string.Equals(FolderNames.Normalise(n), folder, StringComparison.OrdinalIgnoreCase))
            ?? folder;
    }

    private ClusterRecord Cluster(int id) =>
        catalog.Cluster(id) ?? throw new KeyNotFoundException($"There is no cluster {id}; `watcher clusters` lists them.");

    // Gives a cluster a name and folder; the images filed under its old folder follow, those a
    // person placed there by hand too (the folder they chose is the one being renamed).
    private int Rename(ClusterRecord cluster, string? name, string folder, bool keepProposed = false)
    {
        string oldFolder = cluster.Folder;
        state.Rename(cluster.Id, name, folder);
        cluster.Name = name;
        cluster.Folder = folder;
        cluster.Proposed = keepProposed && cluster.Proposed;
        catalog.UpdateCluster(cluster);
        var members = catalog.ImagesInCluster(cluster.Id)
            .Where(i => i.Status == ImageStatus.Filed && i.Folder == oldFolder)
            .Select(i => (i, new Destination(folder, ImageStatus.Filed, cluster.Id, i.Score))).ToList();
        int moved = oldFolder == folder ? 0 : filer.FileMany(members, logger);
        RemoveIfEmpty(oldFolder);
        return moved;
    }

    // Moves what is not there yet; an image already in the right folder only has its record updated.
    private int Place(List<ImageRecord> records, Destination to)
    {
        var moves = new List<(ImageRecord, Destination)>();
        foreach (ImageRecord record in records)
        {
            if (record.Folder == to.Folder && record.Status == to.Status)
            {
                record.Cluster = to.Cluster ?? record.Cluster;
                catalog.UpdateImage(record);
            }
            else
            {
                moves.Add((record, to with { Score = record.Score }));
            }
        }

        return filer.FileMany(moves, logger) + (records.Count - moves.Count);
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

public sealed record MergeResult(int Cluster, int Merged, string Folder, int Moved);

public sealed record AssignResult(string Name, int? Cluster, bool Created, IReadOnlyList<ImageRecord> Images);
