using System.Numerics.Tensors;

namespace Watcher.Core.Vectors;

/// <summary>Row-wise operations on embeddings stored row-major in one flat array.</summary>
public static class VectorOps
{
    /// <summary>Scales each row of <paramref name="rows"/> to unit length; all-zero rows stay zero.</summary>
    public static void NormalizeRows(Span<float> rows, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (rows.Length % dimension != 0) throw new ArgumentException("length is not a multiple of the dimension", nameof(rows));
        for (var start = 0; start < rows.Length; start += dimension)
        {
            var row = rows.Slice(start, dimension);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0f && float.IsFinite(norm)) TensorPrimitives.Divide(row, norm, row);
        }
    }

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.CosineSimilarity(a, b);
}
