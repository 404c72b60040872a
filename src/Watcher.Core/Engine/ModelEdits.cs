using Watcher.Core.Maths;

namespace Watcher.Core.Engine;

// What a person's decisions do to a saved model between two re-clusterings: images filed by hand
// become references (examples) of their cluster, a group named from the review queue becomes a
// cluster of its own, and a split replaces one cluster by its parts. Each edit returns a new model
// (models are shared read-only by the filing path); the projection and the novelty calibration
// stay as they are, and a new cluster uses the global novelty threshold until the next
// re-clustering calibrates one for it.
public static class ModelEdits
{
    // References added per cluster by one edit: enough for the k-NN vote to find them, few
    // enough that one big hand-filed batch cannot outweigh every other cluster.
    public const int MaxNewReferences = 500;

    /// <summary>The embeddings become references of an existing cluster.</summary>
    public static ClusterModel AddExamples(ClusterModel model, VectorSet embeddings, int cluster)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(cluster);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cluster, model.Clusters.Count);
        if (embeddings.Rows == 0)
        {
            return model;
        }

        VectorSet projected = Capped(model.Projection.Transform(embeddings));
        (VectorSet references, int[] labels) = Append(model.References, model.ReferenceClusters, projected, cluster);
        return Rebuild(model, references, labels, model.Centroids, model.Clusters, model.Novelty);
    }

    /// <summary>The embeddings form a new cluster, appended with the next id; returns the model and that id.</summary>
    public static (ClusterModel Model, int Cluster) AddCluster(ClusterModel model, VectorSet embeddings, IReadOnlyList<string> reviewSamples, string? name)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(reviewSamples);
        if (embeddings.Rows == 0)
        {
            throw new ArgumentException("A new cluster needs at least one embedded image.", nameof(embeddings));
        }

        int id = model.Clusters.Count;
        VectorSet projected = model.Projection.Transform(embeddings);
        (VectorSet references, int[] labels) = Append(model.References, model.ReferenceClusters, Capped(projected), id);
        VectorSet centroids = AppendRow(model.Centroids, Mean(projected));
        var clusters = model.Clusters.Append(new ModelCluster(id, embeddings.Rows, reviewSamples, name)).ToList();
        return (Rebuild(model, references, labels, centroids, clusters, WithThreshold(model.Novelty, double.NaN)), id);
    }

    /// <summary>
    /// Replaces cluster <paramref name="cluster"/> (and the clusters merged into it, whose
    /// references are dropped too) by its parts: part 0 keeps the id (and the name) and the other
    /// parts get new ids in order. Returns the model and the id of every part.
    /// </summary>
    public static (ClusterModel Model, int[] Parts) Split(
        ClusterModel model, int cluster, VectorSet embeddings, int[] parts, IReadOnlyList<IReadOnlyList<string>> reviewSamples,
        IReadOnlyCollection<int>? merged = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(reviewSamples);
        ArgumentOutOfRangeException.ThrowIfNegative(cluster);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cluster, model.Clusters.Count);
        int partCount = parts.Length == 0 ? 0 : parts.Max() + 1;
        if (parts.Length != embeddings.Rows || partCount < 2 || parts.Min() < 0 || reviewSamples.Count != partCount)
        {
            throw new ArgumentException("A split needs a part for every embedding, at least two parts, and review samples per part.");
        }

        var replaced = new HashSet<int>(merged ?? []) { cluster };
        var keep = Enumerable.Range(0, model.References.Rows).Where(r => !replaced.Contains(model.ReferenceClusters[r])).ToArray();
        VectorSet references = model.References.Select(keep);
        int[] labels = keep.Select(r => model.ReferenceClusters[r]).ToArray();
        VectorSet projected = model.Projection.Transform(embeddings);
        var ids = new int[partCount];
        VectorSet centroids = model.Centroids;
        var clusters = model.Clusters.ToList();
        NoveltyCalibration novelty = model.Novelty;
        for (int p = 0; p < partCount; p++)
        {
            int[] members = Enumerable.Range(0, parts.Length).Where(i => parts[i] == p).ToArray();
            VectorSet part = projected.Select(members);
            ids[p] = p == 0 ? cluster : clusters.Count;
            (references, labels) = Append(references, labels, Capped(part), ids[p]);
            var replacement = new ModelCluster(ids[p], members.Length, reviewSamples[p], p == 0 ? model.Clusters[cluster].Name : null);
            if (p == 0)
            {
                centroids = WithRow(centroids, cluster, Mean(part));
                clusters[cluster] = replacement;
            }
            else
            {
                centroids = AppendRow(centroids, Mean(part));
                clusters.Add(replacement);
                novelty = WithThreshold(novelty, double.NaN);
            }
        }

        if (references.Rows == 0)
        {
            throw new ArgumentException("The split left the model without references.");
        }

        return (Rebuild(model, references, labels, centroids, clusters, novelty), ids);
    }

    private static ClusterModel Rebuild(
        ClusterModel model, VectorSet references, int[] labels, VectorSet centroids, IReadOnlyList<ModelCluster> clusters, NoveltyCalibration novelty) =>
        new(model.EncoderId, model.EncoderDimension, model.Projection, references, labels, centroids, clusters, novelty,
            model.FilingNeighbours, model.CreatedUtc, model.Revision);

    // An evenly spaced subset, so the kept examples span the selection rather than its start.
    private static VectorSet Capped(VectorSet rows)
    {
        if (rows.Rows <= MaxNewReferences)
        {
            return rows;
        }

        return rows.Select(Enumerable.Range(0, MaxNewReferences).Select(i => (int)((long)i * rows.Rows / MaxNewReferences)).ToArray());
    }

    private static (VectorSet References, int[] Labels) Append(VectorSet references, int[] labels, VectorSet rows, int cluster)
    {
        var data = new float[(references.Rows + rows.Rows) * references.Cols];
        references.Data.AsSpan(0, references.Rows * references.Cols).CopyTo(data);
        rows.Data.AsSpan(0, rows.Rows * rows.Cols).CopyTo(data.AsSpan(references.Rows * references.Cols));
        return (new VectorSet(data, references.Rows + rows.Rows, references.Cols), [.. labels, .. Enumerable.Repeat(cluster, rows.Rows)]);
    }

    private static VectorSet AppendRow(VectorSet set, float[] row)
    {
        var data = new float[(set.Rows + 1) * set.Cols];
        set.Data.AsSpan(0, set.Rows * set.Cols).CopyTo(data);
        row.CopyTo(data.AsSpan(set.Rows * set.Cols));
        return new VectorSet(data, set.Rows + 1, set.Cols);
    }

    private static VectorSet WithRow(VectorSet set, int index, float[] row)
    {
        var data = set.Data.AsSpan(0, set.Rows * set.Cols).ToArray();
        row.CopyTo(data.AsSpan(index * set.Cols));
        return new VectorSet(data, set.Rows, set.Cols);
    }

    private static float[] Mean(VectorSet rows)
    {
        var mean = new float[rows.Cols];
        for (int i = 0; i < rows.Rows; i++)
        {
            Span<float> row = rows.Row(i);
            for (int j = 0; j < rows.Cols; j++)
            {
                mean[j] += row[j] / rows.Rows;
            }
        }

        return mean;
    }

    private static NoveltyCalibration WithThreshold(NoveltyCalibration novelty, double threshold) =>
        novelty with { ClusterThresholds = [.. novelty.ClusterThresholds, threshold] };
}
