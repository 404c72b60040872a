namespace Watcher.Core.Maths;

// n vectors of dimension d stored row-major in one array, so rows can be handed to SIMD
// routines as contiguous spans and the whole set can be saved or loaded as a single block.
public sealed class VectorSet
{
    public VectorSet(int rows, int cols)
        : this(new float[checked(CheckDimensions(rows, cols) * cols)], rows, cols)
    {
    }

    public VectorSet(float[] data, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckDimensions(rows, cols);
        if ((long)rows * cols != data.Length)
        {
            throw new ArgumentException($"Expected {(long)rows * cols} values for {rows}x{cols}, got {data.Length}.", nameof(data));
        }

        Data = data;
        Rows = rows;
        Cols = cols;
    }

    public int Rows { get; }

    public int Cols { get; }

    // Exposed as the raw array on purpose: callers pass it to serializers and spans without copying.
#pragma warning disable CA1819
    public float[] Data { get; }
#pragma warning restore CA1819

    public Span<float> Row(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Rows);
        return Data.AsSpan(index * Cols, Cols);
    }

    public static VectorSet FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("At least one row is required.", nameof(rows));
        }

        int cols = rows[0].Length;
        var set = new VectorSet(rows.Count, cols);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != cols)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Length} values, expected {cols}.", nameof(rows));
            }

            rows[i].CopyTo(set.Data, i * cols);
        }

        return set;
    }

    public VectorSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var subset = new VectorSet(indices.Count, Cols);
        for (int i = 0; i < indices.Count; i++)
        {
            Row(indices[i]).CopyTo(subset.Data.AsSpan(i * Cols, Cols));
        }

        return subset;
    }

    private static int CheckDimensions(int rows, int cols)
    {
        // Zero rows is allowed (an empty batch); zero columns is not, because nothing could be compared.
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        return rows;
    }
}
