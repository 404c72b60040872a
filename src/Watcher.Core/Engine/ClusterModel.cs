using Watcher.Core.Graphs;
using Watcher.Core.Maths;

namespace Watcher.Core.Engine;

// Everything needed to file a new image without the pool it was built from: the projection,
// a capped set of reference images (projected) with their clusters, the cluster names and the
// novelty calibration. Saved and loaded by ModelFile.
public sealed class ClusterModel
{
    public ClusterModel(
        string encoderId,
        int encoderDimension,
        Pca projection,
        VectorSet references,
        int[] referenceClusters,
        VectorSet centroids,
        IReadOnlyList<ModelCluster> clusters,
        NoveltyCalibration novelty,
        int filingNeighbours,
        DateTimeOffset createdUtc,
        int revision = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(encoderId);
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(referenceClusters);
        ArgumentNullException.ThrowIfNull(centroids);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(novelty);
        if (projection.Dimension != encoderDimension)
        {
            throw new ArgumentException($"Projection expects {projection.Dimension}-d input, encoder gives {encoderDimension}.");
        }

        if (references.Cols != projection.ComponentCount || centroids.Cols != projection.ComponentCount)
        {
            throw new ArgumentException("References and centroids must live in the projected space.");
        }

        if (referenceClusters.Length != references.Rows || references.Rows == 0)
        {
            throw new ArgumentException("Every reference needs exactly one cluster, and there must be at least one.");
        }

        if (centroids.Rows != clusters.Count || referenceClusters.Any(c => c < 0 || c >= clusters.Count))
        {
            throw new ArgumentException("Cluster ids must index the cluster list.");
        }

        EncoderId = encoderId;
        EncoderDimension = encoderDimension;
        Projection = projection;
        References = references;
        ReferenceClusters = referenceClusters;
        Centroids = centroids;
        Clusters = clusters;
        Novelty = novelty;
        FilingNeighbours = Math.Max(1, filingNeighbours);
        CreatedUtc = createdUtc;
        Revision = revision;
    }

    public string EncoderId { get; }

    public int EncoderDimension { get; }

    public Pca Projection { get; }

    public VectorSet References { get; }

#pragma warning disable CA1819 // Handed to the serializer and to metrics as is.
    public int[] ReferenceClusters { get; }
#pragma warning restore CA1819

    public VectorSet Centroids { get; }

    public IReadOnlyList<ModelCluster> Clusters { get; }

    public NoveltyCalibration Novelty { get; }

    public int FilingNeighbours { get; }

    public DateTimeOffset CreatedUtc { get; }

    // Incremented by each re-clustering, so logs and the catalog can say which model filed what.
    public int Revision { get; }

    public void EnsureEncoder(string encoderId, int dimension)
    {
        if (!string.Equals(encoderId, EncoderId, StringComparison.Ordinal) || dimension != EncoderDimension)
        {
            throw new ModelMismatchException(
                $"This model was built from '{EncoderId}' embeddings ({EncoderDimension}-d) but the images are being embedded with " +
                $"'{encoderId}' ({dimension}-d). Vectors from different encoders cannot be compared: run with --model {EncoderId}, " +
                "or re-cluster with the new encoder.");
        }
    }

    // Files each embedding: a vote of the nearest references decides the name (clusters that
    // share a name vote together, which is how over-clustering merges back), and the nearest
    // reference plus the residual give the novelty score.
    public Placement[] Classify(VectorSet embeddings, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Cols != EncoderDimension)
        {
            throw new ModelMismatchException(
                $"The model expects {EncoderDimension}-d embeddings from '{EncoderId}', got {embeddings.Cols}-d ones.");
        }

        var placements = new Placement[embeddings.Rows];
        if (embeddings.Rows == 0)
        {
            return placements;
        }

        VectorSet projected = Projection.Transform(embeddings, maxDegreeOfParallelism);
        double[] residuals = Projection.Residuals(embeddings, maxDegreeOfParallelism);
        int k = Math.Min(FilingNeighbours, References.Rows);
        NeighbourLists neighbours = NearestNeighbours.Query(projected, References, k, maxDegreeOfParallelism);
        for (int i = 0; i < embeddings.Rows; i++)
        {
            ReadOnlySpan<int> near = neighbours.IndicesOf(i);
            (int cluster, double agreement) = Vote(near);
            double score = Novelty.Score(neighbours.DistancesOf(i)[0], residuals[i]);
            placements[i] = new Placement(cluster, Clusters[cluster].Name, score, Novelty.ThresholdFor(cluster), agreement);
        }

        return placements;
    }

    private (int Cluster, double Agreement) Vote(ReadOnlySpan<int> neighbours)
    {
        // Votes are counted per name; ties go to the name whose first vote came from the nearer
        // neighbour, so the result never depends on dictionary order.
        var byName = new Dictionary<string, (int Votes, int FirstRank)>(StringComparer.Ordinal);
        for (int rank = 0; rank < neighbours.Length; rank++)
        {
            string key = Clusters[ReferenceClusters[neighbours[rank]]].DisplayName;
            byName[key] = byName.TryGetValue(key, out var v) ? (v.Votes + 1, v.FirstRank) : (1, rank);
        }

        var winner = byName.OrderByDescending(p => p.Value.Votes).ThenBy(p => p.Value.FirstRank).First();

        // Within the winning name, the cluster with most votes (nearest first on ties).
        var perCluster = new Dictionary<int, (int Votes, int FirstRank)>();
        for (int rank = 0; rank < neighbours.Length; rank++)
        {
            int c = ReferenceClusters[neighbours[rank]];
            if (Clusters[c].DisplayName == winner.Key)
            {
                perCluster[c] = perCluster.TryGetValue(c, out var v) ? (v.Votes + 1, v.FirstRank) : (1, rank);
            }
        }

        int cluster = perCluster.OrderByDescending(p => p.Value.Votes).ThenBy(p => p.Value.FirstRank).First().Key;
        return (cluster, winner.Value.Votes / (double)neighbours.Length);
    }
}
