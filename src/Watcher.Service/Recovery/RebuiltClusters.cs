using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Service.Sorting;

namespace Watcher.Service.Recovery;

/// <summary>
/// The saved model's clusters as a rebuilt catalog records them: each with the folder its images
/// sit in (<see cref="FolderClusterMatch"/>), a name when that folder is one, and a new
/// placeholder folder for a cluster no folder holds. Unnamed clusters wait for a name (proposed). Placeholder numbers continue after every
/// cluster-NN on disk, so a number never means two clusters.
/// </summary>
internal sealed class RebuiltClusters
{
    private readonly Dictionary<int, string> _folderOf;
    private readonly Dictionary<string, List<int>> _byFolder;

    private RebuiltClusters(Dictionary<int, string> folderOf)
    {
        _folderOf = folderOf;
        _byFolder = folderOf.GroupBy(p => p.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Key).Order().ToList(), StringComparer.Ordinal);
    }

    public static RebuiltClusters Match(CatalogDb catalog, ClusterModel? model, RebuildPlan plan, Placement?[] placements)
    {
        FolderNames.NumberAfter(catalog, plan.Files.Select(f => f.File.Folder).Distinct(StringComparer.Ordinal));
        if (model is null)
        {
            return new RebuiltClusters([]);
        }

        IEnumerable<FolderVote> votes = plan.Files
            .Where(f => f.OriginalIndex is null && f.File.Status == ImageStatus.Filed && placements[f.Index] is not null)
            .Select(f => new FolderVote(f.File.Folder, placements[f.Index]!.Value.Cluster));
        var folderOf = new Dictionary<int, string>(FolderClusterMatch.Match(votes, model.Clusters.ToDictionary(c => c.Id, c => c.Name)));
        foreach (ModelCluster cluster in model.Clusters.Where(c => !folderOf.ContainsKey(c.Id)))
        {
            folderOf[cluster.Id] = FolderNames.NextUnnamed(catalog);
        }

        return new RebuiltClusters(folderOf);
    }

    /// <summary>
    /// A filed image's cluster: the one that files into its folder (the model's choice among
    /// clusters sharing a name). A named folder no cluster files into was made by a person (an
    /// image filed by hand), so its images are pinned: a re-clustering leaves them there and
    /// carries their folder's name over to the cluster they make up.
    /// </summary>
    public (int? Cluster, bool Pinned) ForFiled(string folder, Placement? placement)
    {
        if (_byFolder.TryGetValue(folder, out List<int>? clusters))
        {
            return (placement is { } p && clusters.Contains(p.Cluster) ? p.Cluster : clusters[0], false);
        }

        bool named = !FolderNames.IsPlaceholder(folder);
        return (named ? null : placement?.Cluster, named);
    }

    /// <summary>The cluster records, once the images have their catalog ids (review images are the most typical filed ones).</summary>
    public List<ClusterRecord> Records(ClusterModel model, int version, IReadOnlyList<ImageRecord> originals)
    {
        ILookup<int, ImageRecord> members = originals.Where(r => r.Cluster is not null).ToLookup(r => r.Cluster!.Value);
        return model.Clusters.Select(c => new ClusterRecord
        {
            Id = c.Id,
            Name = FolderNames.IsPlaceholder(_folderOf[c.Id]) ? null : _folderOf[c.Id],
            Folder = _folderOf[c.Id],
            Size = members[c.Id].Count(),
            Proposed = FolderNames.IsPlaceholder(_folderOf[c.Id]),
            ModelVersion = version,
            ReviewImages = members[c.Id].Where(r => r.Status == ImageStatus.Filed && r.Score is not null)
                .OrderBy(r => r.Score).ThenBy(r => r.Id).Take(Math.Max(c.ReviewSamples.Count, 1)).Select(r => r.Id).ToList(),
        }).ToList();
    }
}
