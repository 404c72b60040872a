using System.Buffers;
using System.Runtime.CompilerServices;
using Watcher.Core.Maths;

namespace Watcher.Core.Graphs;

// Exact brute-force k nearest neighbours by squared euclidean distance. Candidates are ranked by
// ||b||² − 2a·b, so the expensive part is one register-tiled A·Bᵀ per tile; a block of query rows,
// a block of references and their dot tile all stay in L2 while the kernel runs, and a SIMD
// pre-filter against each row's current k-th best rejects almost every candidate (see
// CandidateLists). Results never depend on the number of threads.
public static class NearestNeighbours
{
    // Query rows per kernel call: 64 rows × up to 1024 references keeps the dot tile at 256 KB.
    private const int QueryBlock = 64;
    private const int ReferenceChunk = 1024;

    // Self-join tiles are square, TileRows × TileRows, computed QueryBlock rows at a time.
    private const int TileRows = 256;

    // A squared norm above this could overflow the ranking key ||b||² − 2a·b.
    private const float MaxSquaredNorm = float.MaxValue / 8;

    // The k nearest other rows of every row. The row itself is excluded by index, so exact
    // duplicates of it still count as neighbours at distance 0. k is clamped to Rows − 1.
    public static NeighbourLists SelfJoin(VectorSet data, int k, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        k = Math.Min(k, Math.Max(0, data.Rows - 1));
        ParallelOptions parallel = DenseOps.Parallelism(maxDegreeOfParallelism);
        float[] norms = Norms(data, nameof(data), parallel);
        if (k == 0)
        {
            return Empty(data.Rows, k);
        }

        var lists = new CandidateLists(data.Rows, k);
        int blocks = (data.Rows + TileRows - 1) / TileRows;

        // Every block against itself first: disjoint rows, so all blocks can run at once.
        Parallel.For(0, blocks, parallel, b => JoinTile(data, norms, lists, b, b));

        // Then each pair of different blocks once, with the dot tile read both ways so every dot
        // product is computed once. Pairs are scheduled as a round-robin tournament (the circle
        // method): the pairs of one round share no block, so they update their rows' lists in
        // parallel without locks, and every row sees its candidates in the same order on any
        // number of threads.
        int players = blocks + (blocks & 1);
        for (int round = 0; round < players - 1; round++)
        {
            int r = round;
            Parallel.For(0, players / 2, parallel, t =>
            {
                (int a, int b) = t == 0 ? (players - 1, r) : ((r + t) % (players - 1), (r - t + players - 1) % (players - 1));
                if (a < blocks && b < blocks)
                {
                    JoinTile(data, norms, lists, Math.Min(a, b), Math.Max(a, b));
                }
            });
        }

        return lists.Finish(data, data, parallel);
    }

    // The k nearest references of every query. k is clamped to references.Rows.
    public static NeighbourLists Query(VectorSet queries, VectorSet references, int k, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (queries.Cols != references.Cols)
        {
            throw new ArgumentException(
                $"Queries have {queries.Cols} columns but references have {references.Cols}.", nameof(references));
        }

        k = Math.Min(k, references.Rows);
        ParallelOptions parallel = DenseOps.Parallelism(maxDegreeOfParallelism);
        Norms(queries, nameof(queries), parallel);
        float[] referenceNorms = Norms(references, nameof(references), parallel);
        if (queries.Rows == 0 || k == 0)
        {
            return Empty(queries.Rows, k);
        }

        var lists = new CandidateLists(queries.Rows, k);
        int chunk = Math.Min(ReferenceChunk, references.Rows);
        int blocks = (queries.Rows + QueryBlock - 1) / QueryBlock;
        Parallel.For(0, blocks, parallel, () => new float[QueryBlock * chunk], (b, _, dots) =>
        {
            QueryBlockAgainstAll(queries, references, referenceNorms, lists, b * QueryBlock, chunk, dots);
            return dots;
        }, _ => { });
        return lists.Finish(queries, references, parallel);
    }

    // Kept out of the lambdas so they are fully optimised from the first call; tiered JIT would
    // otherwise run the first blocks on unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void QueryBlockAgainstAll(
        VectorSet queries, VectorSet references, float[] referenceNorms, CandidateLists lists, int q0, int chunk, float[] dots)
    {
        int d = queries.Cols, m = references.Rows;
        int rows = Math.Min(QueryBlock, queries.Rows - q0);
        for (int r0 = 0; r0 < m; r0 += chunk)
        {
            int count = Math.Min(chunk, m - r0);
            DotKernel.MultiplyTransposed(
                queries.Data.AsSpan(q0 * d, rows * d), rows, references.Data.AsSpan(r0 * d, count * d), count, d, dots, count);
            for (int i = 0; i < rows; i++)
            {
                lists.OfferToRow(q0 + i, dots.AsSpan(i * count, count), referenceNorms.AsSpan(r0, count), r0, self: -1);
            }
        }
    }

    // Offers every row of block `rowBlock` the rows of `columnBlock` and, when the blocks differ,
    // the reverse as well from the same dot products.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void JoinTile(VectorSet data, float[] norms, CandidateLists lists, int rowBlock, int columnBlock)
    {
        int n = data.Rows, d = data.Cols;
        int i0 = rowBlock * TileRows, iEnd = Math.Min(n, i0 + TileRows);
        int j0 = columnBlock * TileRows, count = Math.Min(TileRows, n - j0);
        bool diagonal = rowBlock == columnBlock;
        ReadOnlySpan<float> columnNorms = norms.AsSpan(j0, count);
        float[] dots = ArrayPool<float>.Shared.Rent(QueryBlock * count);
        try
        {
            for (int s = i0; s < iEnd; s += QueryBlock)
            {
                int rows = Math.Min(QueryBlock, iEnd - s);
                DotKernel.MultiplyTransposed(
                    data.Data.AsSpan(s * d, rows * d), rows, data.Data.AsSpan(j0 * d, count * d), count, d, dots, count);
                for (int i = 0; i < rows; i++)
                {
                    ReadOnlySpan<float> row = dots.AsSpan(i * count, count);
                    lists.OfferToRow(s + i, row, columnNorms, j0, self: diagonal ? s + i : -1);
                    if (!diagonal)
                    {
                        lists.OfferToRows(s + i, norms[s + i], row, j0);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(dots);
        }
    }

    // Squared row norms, rejecting values that would make ranking keys NaN or infinite: a NaN
    // fails every comparison and would leave rows without neighbours.
    private static float[] Norms(VectorSet set, string name, ParallelOptions parallel)
    {
        foreach (float value in set.Data)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException("Vectors must not contain NaN or infinite values.", name);
            }
        }

        float[] norms = DenseOps.RowSquaredNorms(set, parallel);
        foreach (float norm in norms)
        {
            if (!(norm <= MaxSquaredNorm))
            {
                throw new ArgumentException("Vectors are too large: their squared norms overflow.", name);
            }
        }

        return norms;
    }

    private static NeighbourLists Empty(int rows, int k) => new(rows, k, new int[rows * k], new float[rows * k]);
}
