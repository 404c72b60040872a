using Watcher.Catalog;
using Watcher.Core.Engine;

namespace Watcher.Service.Sorting;

/// <summary>Where the model would put one image: the output folder, the status it gets there, its cluster and score.</summary>
public readonly record struct Destination(string Folder, ImageStatus Status, int? Cluster, double? Score)
{
    /// <summary>output/_rejected/: a file the encoder could not read.</summary>
    public static Destination Rejected { get; } = new(FolderNames.Rejected, ImageStatus.Rejected, null, null);

    /// <summary>output/_ignored/: set aside by a person from the review queue.</summary>
    public static Destination Ignored { get; } = new(FolderNames.Ignored, ImageStatus.Ignored, null, null);

    /// <summary>Where a copy of the same bytes goes: the folder, status and cluster of its original.</summary>
    public static Destination Beside(ImageRecord original)
    {
        ArgumentNullException.ThrowIfNull(original);
        return new(original.Folder!, original.Status, original.Cluster, original.Score);
    }
}

/// <summary>
/// The model that files new images and the clusters as the catalog names them. Replaced whole
/// by a re-clustering (readers keep the snapshot they took), edited in place by a person naming a
/// cluster. The catalog is the truth for names; they are laid onto the model whenever it is set,
/// so a name given after the model was saved still counts when votes are merged by name.
/// </summary>
public sealed class ClusterState
{
    private readonly Lock _gate = new();
    private Snapshot? _current;

    public sealed record Snapshot(ClusterModel Model, int Version, IReadOnlyDictionary<int, ClusterRecord> Clusters);

    public Snapshot? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public bool HasModel => Current is not null;

    public void Set(ClusterModel model, int version, IEnumerable<ClusterRecord> clusters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clusters);
        var byId = clusters.ToDictionary(c => c.Id);
        foreach (ModelCluster cluster in model.Clusters)
        {
            cluster.Name = byId.TryGetValue(cluster.Id, out ClusterRecord? record) ? record.Name : null;
        }

        lock (_gate)
        {
            _current = new Snapshot(model, version, byId);
        }
    }

    /// <summary>A person named a cluster (or merged it into one, named or not): later images vote under the name.</summary>
    public void Rename(int clusterId, string? name, string folder)
    {
        lock (_gate)
        {
            if (_current is null || !_current.Clusters.TryGetValue(clusterId, out ClusterRecord? record))
            {
                throw new KeyNotFoundException($"There is no cluster {clusterId}.");
            }

            record.Name = name;
            record.Folder = folder;
            record.Proposed = false;
            _current.Model.Clusters[clusterId].Name = name;
        }
    }

    /// <summary>Where each placement goes: its cluster's folder, or the review queue when it is unlike every cluster.</summary>
    public static Destination Place(Snapshot snapshot, Placement placement)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (placement.IsUnknown)
        {
            return new Destination(FolderNames.Unknown, ImageStatus.Unknown, placement.Cluster, placement.Score);
        }

        ClusterRecord cluster = snapshot.Clusters[placement.Cluster];
        return new Destination(cluster.Folder, ImageStatus.Filed, placement.Cluster, placement.Score);
    }
}
