namespace Watcher.Service.Recovery;

/// <summary>One filed image seen by a rebuild: the folder it sits in and the cluster the saved model places it in.</summary>
public readonly record struct FolderVote(string Folder, int Cluster);

/// <summary>
/// Finds which output folder each cluster of a saved model files into, from the images on disk.
/// The folders are the truth for names: `label` renames a cluster's folder without saving a new
/// model, so a model's own names can be out of date, while every image the daemon filed under a
/// cluster sits in that cluster's folder. A cluster takes the folder that holds a majority of the
/// images the model places in it; two clusters given one name both take its folder. A cluster
/// without such a majority keeps the name the model carries, if any; the rest get none (the
/// caller gives them new placeholder folders). Pure: no disk, no catalog.
/// </summary>
public static class FolderClusterMatch
{
    public static IReadOnlyDictionary<int, string> Match(IEnumerable<FolderVote> votes, IReadOnlyDictionary<int, string?> modelNames)
    {
        ArgumentNullException.ThrowIfNull(votes);
        ArgumentNullException.ThrowIfNull(modelNames);
        var counts = new Dictionary<int, Dictionary<string, int>>();
        foreach (FolderVote vote in votes)
        {
            if (!counts.TryGetValue(vote.Cluster, out Dictionary<string, int>? byFolder))
            {
                counts[vote.Cluster] = byFolder = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            byFolder[vote.Folder] = byFolder.GetValueOrDefault(vote.Folder) + 1;
        }

        var folders = new Dictionary<int, string>();
        foreach ((int cluster, string? name) in modelNames)
        {
            if (counts.TryGetValue(cluster, out Dictionary<string, int>? byFolder))
            {
                (string folder, int count) = byFolder.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)
                    .Select(f => (f.Key, f.Value)).First();
                if (count * 2 > byFolder.Values.Sum())
                {
                    folders[cluster] = folder;
                    continue;
                }
            }

            if (name is not null)
            {
                folders[cluster] = name;
            }
        }

        return folders;
    }
}
