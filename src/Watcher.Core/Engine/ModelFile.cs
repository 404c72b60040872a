using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Watcher.Core.Maths;

namespace Watcher.Core.Engine;

// The saved model (format documented in docs/model-format.md):
//   "WATCHMDL" · int32 format version · int32 header length · UTF-8 JSON header ·
//   float32 PCA mean [d] · float32 components [D×d] · float64 component variances [D] ·
//   float32 centroids [K×D] · float32 references [R×D] · int32 reference clusters [R] ·
//   SHA-256 of everything before it.
// JSON for what a person may want to read or diff (encoder, names, thresholds), raw
// little-endian arrays for the bulk, a hash so a torn or damaged file is refused rather than
// filing with garbage.
public static class ModelFile
{
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "WATCHMDL"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(ClusterModel model, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(destination);
        var header = new ModelHeader(
            new EncoderHeader(model.EncoderId, model.EncoderDimension),
            model.CreatedUtc,
            model.Revision,
            new ProjectionHeader(model.Projection.ComponentCount, model.Projection.TotalVariance),
            model.References.Rows,
            model.FilingNeighbours,
            new NoveltyHeader(
                model.Novelty.MeanLogDistance, model.Novelty.StdLogDistance, model.Novelty.MeanLogResidual,
                model.Novelty.StdLogResidual, model.Novelty.Threshold, model.Novelty.FlagShare,
                model.Novelty.ClusterThresholds.Select(t => double.IsNaN(t) ? (double?)null : t).ToArray()),
            model.Clusters.Select(c => new ClusterHeader(c.Id, c.Name, c.Size, c.ReviewSamples.ToArray())).ToArray());

        using var buffer = new MemoryStream();
        buffer.Write(Magic);
        WriteInt(buffer, FormatVersion);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        WriteInt(buffer, json.Length);
        buffer.Write(json);
        buffer.Write(MemoryMarshal.AsBytes(model.Projection.Mean));
        buffer.Write(MemoryMarshal.AsBytes(model.Projection.Components));
        buffer.Write(MemoryMarshal.AsBytes(model.Projection.ExplainedVariance));
        buffer.Write(MemoryMarshal.AsBytes(model.Centroids.Data.AsSpan()));
        buffer.Write(MemoryMarshal.AsBytes(model.References.Data.AsSpan()));
        buffer.Write(MemoryMarshal.AsBytes(model.ReferenceClusters.AsSpan()));
        byte[] hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        buffer.Position = 0;
        buffer.CopyTo(destination);
    }

    public static ClusterModel Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var copy = new MemoryStream();
        source.CopyTo(copy);
        ReadOnlySpan<byte> bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        if (bytes.Length < Magic.Length + 8 + 32 || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new ModelFormatException("This is not a Watcher model file (the 'WATCHMDL' signature is missing).");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (version > FormatVersion || version < 1)
        {
            throw new ModelFormatException(
                $"The model file has format version {version}; this Watcher reads version {FormatVersion}. " +
                "It was written by a newer Watcher: upgrade, or re-cluster to write a model this version can read.");
        }

        ReadOnlySpan<byte> body = bytes[..^32];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes[^32..]))
        {
            throw new ModelFormatException("The model file is damaged or incomplete (its checksum does not match); re-cluster to rebuild it.");
        }

        try
        {
            return Parse(body);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new ModelFormatException($"The model file's contents are inconsistent: {e.Message}", e);
        }
    }

    private static ClusterModel Parse(ReadOnlySpan<byte> body)
    {
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(body[12..]);
        int offset = 16;
        ModelHeader header = JsonSerializer.Deserialize<ModelHeader>(body.Slice(offset, headerLength), Json)
            ?? throw new ModelFormatException("The model header is empty.");
        offset += headerLength;

        int d = header.Encoder.Dimension, k = header.Projection.Components, clusters = header.Clusters.Length, r = header.References;
        float[] mean = Take<float>(body, ref offset, d);
        float[] components = Take<float>(body, ref offset, k * d);
        double[] variance = Take<double>(body, ref offset, k);
        float[] centroids = Take<float>(body, ref offset, clusters * k);
        float[] references = Take<float>(body, ref offset, r * k);
        int[] referenceClusters = Take<int>(body, ref offset, r);
        if (offset != body.Length)
        {
            throw new ModelFormatException($"The model file has {body.Length - offset} unexpected trailing bytes.");
        }

        NoveltyHeader n = header.Novelty;
        var novelty = new NoveltyCalibration(
            n.MeanLogDistance, n.StdLogDistance, n.MeanLogResidual, n.StdLogResidual, n.Threshold, n.FlagShare,
            n.ClusterThresholds.Select(t => t ?? double.NaN).ToArray());
        var modelClusters = header.Clusters.Select(c => new ModelCluster(c.Id, c.Size, c.ReviewSamples, c.Name)).ToArray();
        return new ClusterModel(
            header.Encoder.Id, d, new Pca(mean, components, variance, header.Projection.TotalVariance),
            new VectorSet(references, r, k), referenceClusters, new VectorSet(centroids, clusters, k), modelClusters,
            novelty, header.FilingNeighbours, header.CreatedUtc, header.Revision);
    }

    private static T[] Take<T>(ReadOnlySpan<byte> body, ref int offset, int count)
        where T : unmanaged
    {
        int bytes = checked(count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        if (count < 0 || offset + bytes > body.Length)
        {
            throw new ModelFormatException("The model file is shorter than its header says.");
        }

        T[] values = MemoryMarshal.Cast<byte, T>(body.Slice(offset, bytes)).ToArray();
        offset += bytes;
        return values;
    }

    private static void WriteInt(Stream stream, int value)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(four, value);
        stream.Write(four);
    }

    private sealed record ModelHeader(
        EncoderHeader Encoder, DateTimeOffset CreatedUtc, int Revision, ProjectionHeader Projection, int References,
        int FilingNeighbours, NoveltyHeader Novelty, ClusterHeader[] Clusters);

    private sealed record EncoderHeader(string Id, int Dimension);

    private sealed record ProjectionHeader(int Components, double TotalVariance);

    private sealed record NoveltyHeader(
        double MeanLogDistance, double StdLogDistance, double MeanLogResidual, double StdLogResidual,
        double Threshold, double FlagShare, double?[] ClusterThresholds);

    private sealed record ClusterHeader(int Id, string? Name, int Size, string[] ReviewSamples);
}
