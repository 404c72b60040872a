namespace Watcher.Service.Sorting;

/// <summary>One image of a re-clustering: its new cluster and what the catalog knew of it before.</summary>
public readonly record struct CarryMember(int NewCluster, int? OldCluster, string? Folder, bool Pinned);

/// <summary>What a new cluster inherits: a name (if any), its folder, and whether it waits for a person.</summary>
public sealed record CarriedCluster(int Id, string? Name, string Folder, bool Proposed);

/// <summary>
/// Gives the clusters of a new model the names and folders of the old one. Clusters are matched
/// by members, not centroids (a projection refit moves every centroid): a new and an old cluster
/// that are each other's largest overlap are the same cluster. A new cluster mostly made of one
/// named cluster's images keeps that name even when the old cluster split (two halves under one
/// name merge when filing). A new cluster mostly made of images a person filed by hand under one
/// name takes that name. Everything else is new and is proposed for naming.
/// </summary>
public static class NameCarryOver
{
    public static IReadOnlyList<CarriedCluster> Carry(
        IReadOnlyList<CarryMember> members, int newClusters, IReadOnlyDictionary<int, (string? Name, string Folder)> oldClusters,
        Func<string> nextPlaceholder)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(oldClusters);
        ArgumentNullException.ThrowIfNull(nextPlaceholder);
        var overlap = new Dictionary<(int New, int Old), int>();
        var sizes = new int[newClusters];
        var pinnedNames = new Dictionary<(int New, string Name), int>();
        foreach (CarryMember m in members)
        {
            sizes[m.NewCluster]++;
            if (m.Pinned && m.Folder is { } folder)
            {
                pinnedNames[(m.NewCluster, folder)] = pinnedNames.GetValueOrDefault((m.NewCluster, folder)) + 1;
            }
            else if (m.OldCluster is { } old && oldClusters.ContainsKey(old))
            {
                overlap[(m.NewCluster, old)] = overlap.GetValueOrDefault((m.NewCluster, old)) + 1;
            }
        }

        Dictionary<int, int> bestOldOfNew = BestBy(overlap, p => p.New, p => p.Old);
        Dictionary<int, int> bestNewOfOld = BestBy(overlap, p => p.Old, p => p.New);
        var result = new CarriedCluster[newClusters];
        var usedFolders = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < newClusters; c++)
        {
            if (bestOldOfNew.TryGetValue(c, out int old) && bestNewOfOld[old] == c)
            {
                (string? name, string folder) = oldClusters[old];
                result[c] = new CarriedCluster(c, name, folder, Proposed: false);
                usedFolders.Add(folder);
            }
        }

        for (int c = 0; c < newClusters; c++)
        {
            if (result[c] is not null)
            {
                continue;
            }

            string? name = MajorityName(c, sizes[c], overlap, oldClusters, pinnedNames);
            if (name is not null)
            {
                result[c] = new CarriedCluster(c, name, name, Proposed: false);
                continue;
            }

            string placeholder;
            do
            {
                placeholder = nextPlaceholder();
            }
            while (!usedFolders.Add(placeholder));
            result[c] = new CarriedCluster(c, null, placeholder, Proposed: true);
        }

        return result;
    }

    // A name that more than half of the cluster's images already carry, from a named old cluster
    // or from a person's hand.
    private static string? MajorityName(
        int cluster, int size, Dictionary<(int New, int Old), int> overlap, IReadOnlyDictionary<int, (string? Name, string Folder)> oldClusters,
        Dictionary<(int New, string Name), int> pinnedNames)
    {
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (((int n, int old), int count) in overlap)
        {
            if (n == cluster && oldClusters[old].Name is { } name)
            {
                votes[name] = votes.GetValueOrDefault(name) + count;
            }
        }

        foreach (((int n, string name), int count) in pinnedNames)
        {
            if (n == cluster && !FolderNames.IsPlaceholder(name) && !name.StartsWith('_'))
            {
                votes[name] = votes.GetValueOrDefault(name) + count;
            }
        }

        return votes.Where(v => v.Value * 2 > size).OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => v.Key).FirstOrDefault();
    }

    private static Dictionary<int, int> BestBy(
        Dictionary<(int New, int Old), int> overlap, Func<(int New, int Old), int> key, Func<(int New, int Old), int> value) =>
        overlap.GroupBy(p => key(p.Key))
            .ToDictionary(g => g.Key, g => value(g.OrderByDescending(p => p.Value).ThenBy(p => value(p.Key)).First().Key));
}
