namespace Watcher.Core.Graphs;

// The k nearest neighbours of every row as two flat Count×K arrays: one allocation each for
// the whole result, and a row's neighbours are a contiguous span.
public sealed class NeighbourLists
{
    public NeighbourLists(int count, int k, int[] indices, float[] squaredDistances)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(squaredDistances);
        if ((long)count * k != indices.Length || (long)count * k != squaredDistances.Length)
        {
            throw new ArgumentException($"Expected {(long)count * k} entries for {count} rows of {k} neighbours.");
        }

        Count = count;
        K = k;
        Indices = indices;
        SquaredDistances = squaredDistances;
    }

    public int Count { get; }

    public int K { get; }

#pragma warning disable CA1819 // Raw arrays on purpose: graph building and storage read them without copying.
    // Row i's neighbours are entries [i*K, (i+1)*K), nearest first.
    public int[] Indices { get; }

    // Squared euclidean distances matching Indices, ascending within each row.
    public float[] SquaredDistances { get; }
#pragma warning restore CA1819

    public ReadOnlySpan<int> IndicesOf(int row)
    {
        CheckRow(row);
        return Indices.AsSpan(row * K, K);
    }

    public ReadOnlySpan<float> DistancesOf(int row)
    {
        CheckRow(row);
        return SquaredDistances.AsSpan(row * K, K);
    }

    private void CheckRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
    }
}
