using System.Globalization;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Service.Ingest;
using Watcher.Service.Sorting;

namespace Watcher.Service.Review;

/// <summary>
/// Feeds a person's decisions back into the model that files new images, without waiting for the
/// next re-clustering: hand-filed images become examples, a named group becomes a cluster, a split
/// cluster becomes its parts. Each change is saved as a new model version and the catalog's
/// clusters follow it, so a restart files exactly as before. Call under the filer's lock.
/// </summary>
public sealed class ModelFeedback(CatalogDb catalog, ClusterState state, ModelStore models, EncoderSession session)
{
    /// <summary>The images become examples of the cluster (those without an embedding are skipped).</summary>
    public void AddExamples(int cluster, IEnumerable<ImageRecord> images)
    {
        ClusterState.Snapshot snapshot = Current();
        VectorSet vectors = Vectors(images);
        if (vectors.Rows == 0)
        {
            return;
        }

        Save(ModelEdits.AddExamples(snapshot.Model, vectors, cluster), snapshot.Clusters.Values);
    }

    /// <summary>A new cluster made of the images; returns its catalog record.</summary>
    public ClusterRecord AddCluster(IReadOnlyList<ImageRecord> images, string? name, string folder, bool proposed)
    {
        ClusterState.Snapshot snapshot = Current();
        var embedded = images.Where(i => i.EmbeddingRow >= 0).ToList();
        List<string> samples = embedded.Take(4).Select(Key).ToList();
        (ClusterModel model, int id) = ModelEdits.AddCluster(snapshot.Model, Vectors(embedded), samples, name);
        var record = new ClusterRecord
        {
            Id = id,
            Name = name,
            Folder = folder,
            Proposed = proposed,
            Size = images.Count,
            ReviewImages = embedded.Take(4).Select(i => i.Id).ToList(),
        };
        Save(model, [.. snapshot.Clusters.Values, record]);
        return record;
    }

    /// <summary>
    /// Replaces the cluster (and those merged into it, which keep their records with no images) by
    /// its parts: part 0 keeps the cluster's id, name and folder; the others are new clusters
    /// waiting for names. Returns the records of the parts in order.
    /// </summary>
    public List<ClusterRecord> Split(int cluster, IReadOnlyCollection<int> merged, IReadOnlyList<ImageRecord> members, int[] parts, int[][] reviewSamples)
    {
        ClusterState.Snapshot snapshot = Current();
        string[][] sampleKeys = reviewSamples.Select(s => s.Select(i => Key(members[i])).ToArray()).ToArray();
        (ClusterModel model, int[] ids) = ModelEdits.Split(snapshot.Model, cluster, Vectors(members), parts, sampleKeys, merged);
        var records = snapshot.Clusters.Values.ToList();
        foreach (ClusterRecord emptied in records.Where(r => merged.Contains(r.Id)))
        {
            emptied.Size = 0;
            emptied.ReviewImages = [];
        }

        var result = new List<ClusterRecord>();
        for (int p = 0; p < ids.Length; p++)
        {
            ClusterRecord record = p == 0
                ? snapshot.Clusters[cluster]
                : new ClusterRecord { Id = ids[p], Folder = FolderNames.NextUnnamed(catalog), Proposed = true };
            record.Size = parts.Count(x => x == p);
            record.ReviewImages = reviewSamples[p].Select(i => members[i].Id).ToList();
            if (p > 0)
            {
                records.Add(record);
            }

            result.Add(record);
        }

        Save(model, records);
        return result;
    }

    public VectorSet Vectors(IEnumerable<ImageRecord> images) =>
        session.Store.Read(images.Where(i => i.EmbeddingRow >= 0).Select(i => i.EmbeddingRow).ToArray());

    private ClusterState.Snapshot Current() =>
        state.Current ?? throw new InvalidOperationException("There is no model yet: the first clustering runs when the bootstrap has enough images.");

    private void Save(ClusterModel model, IEnumerable<ClusterRecord> clusters)
    {
        List<ClusterRecord> records = clusters.OrderBy(c => c.Id).ToList();
        foreach (ModelCluster cluster in model.Clusters)
        {
            cluster.Name = records.FirstOrDefault(r => r.Id == cluster.Id)?.Name;
        }

        int version = models.Save(model);
        foreach (ClusterRecord record in records)
        {
            record.ModelVersion = version;
        }

        catalog.ReplaceClusters(records, version);
        state.Set(model, version, records);
    }

    private static string Key(ImageRecord image) => image.Id.ToString(CultureInfo.InvariantCulture);
}
