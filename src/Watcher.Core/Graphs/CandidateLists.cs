using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Watcher.Core.Maths;

namespace Watcher.Core.Graphs;

// The best k candidates found so far for every query row, ranked by key = ||b||² − 2a·b (the
// squared distance less ||a||², which is the same for every candidate of a row). Each list is
// sorted by (key, index), so the final set does not depend on the order candidates arrive in,
// and a per-row copy of the k-th key lets a SIMD pre-filter reject almost every candidate
// before any scalar work.
internal sealed class CandidateLists
{
    private readonly int k;
    private readonly float[] keys;
    private readonly int[] ids;
    private readonly float[] worst;

    public CandidateLists(int rows, int k)
    {
        this.k = k;
        keys = new float[rows * k];
        ids = new int[rows * k];
        worst = new float[rows];
        keys.AsSpan().Fill(float.PositiveInfinity);
        ids.AsSpan().Fill(-1);
        worst.AsSpan().Fill(float.PositiveInfinity);
    }

    public int Rows => worst.Length;

    // Offers candidates offset + j (key norms[j] − 2·dots[j]) to one row; `self` is never accepted.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OfferToRow(int row, ReadOnlySpan<float> dots, ReadOnlySpan<float> norms, int offset, int self)
    {
        float bound = worst[row];
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float dot0 = ref MemoryMarshal.GetReference(dots);
            ref float norm0 = ref MemoryMarshal.GetReference(norms);
            int width = Vector<float>.Count;
            for (; j + width <= dots.Length; j += width)
            {
                Vector<float> dot = Vector.LoadUnsafe(ref dot0, (nuint)j);
                Vector<float> key = Vector.LoadUnsafe(ref norm0, (nuint)j) - (dot + dot);
                if (!Vector.LessThanOrEqualAny(key, new Vector<float>(bound)))
                {
                    continue;
                }

                for (int lane = 0; lane < width; lane++)
                {
                    if (key[lane] <= bound && offset + j + lane != self)
                    {
                        TryInsert(row, key[lane], offset + j + lane);
                        bound = worst[row];
                    }
                }
            }
        }

        for (; j < dots.Length; j++)
        {
            // Same arithmetic as the vector path (doubling is exact), so a candidate's key does not
            // depend on which path it went through.
            float key = norms[j] - (dots[j] + dots[j]);
            if (key <= bound && offset + j != self)
            {
                TryInsert(row, key, offset + j);
                bound = worst[row];
            }
        }
    }

    // Offers one candidate (key candidateNorm − 2·dots[j]) to rows firstRow + j: the transposed use
    // of a dot tile, which lets a self-join compute each pair's dot product once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OfferToRows(int candidate, float candidateNorm, ReadOnlySpan<float> dots, int firstRow)
    {
        ReadOnlySpan<float> bounds = worst.AsSpan(firstRow, dots.Length);
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float dot0 = ref MemoryMarshal.GetReference(dots);
            ref float bound0 = ref MemoryMarshal.GetReference(bounds);
            var norm = new Vector<float>(candidateNorm);
            int width = Vector<float>.Count;
            for (; j + width <= dots.Length; j += width)
            {
                Vector<float> dot = Vector.LoadUnsafe(ref dot0, (nuint)j);
                Vector<float> key = norm - (dot + dot);
                if (!Vector.LessThanOrEqualAny(key, Vector.LoadUnsafe(ref bound0, (nuint)j)))
                {
                    continue;
                }

                for (int lane = 0; lane < width; lane++)
                {
                    if (key[lane] <= bounds[j + lane])
                    {
                        TryInsert(firstRow + j + lane, key[lane], candidate);
                    }
                }
            }
        }

        for (; j < dots.Length; j++)
        {
            float key = candidateNorm - (dots[j] + dots[j]);
            if (key <= bounds[j])
            {
                TryInsert(firstRow + j, key, candidate);
            }
        }
    }

    // Writes each row's k winners with their squared distances recomputed directly, ascending
    // (ties by index). The expanded form used for ranking loses precision for close points
    // (duplicates can come out slightly non-zero); the direct form does not.
    public NeighbourLists Finish(VectorSet queries, VectorSet references, ParallelOptions parallel)
    {
        int rows = Rows;
        var indices = new int[rows * k];
        var distances = new float[rows * k];
        Parallel.For(0, rows, parallel, r =>
        {
            ReadOnlySpan<float> query = queries.Row(r);
            Span<int> outIds = indices.AsSpan(r * k, k);
            Span<float> outDistances = distances.AsSpan(r * k, k);
            for (int t = 0; t < k; t++)
            {
                int id = ids[(r * k) + t];
                float distance = (float)DenseOps.SquaredDistance(query, references.Row(id));
                int p = t;
                while (p > 0 && (outDistances[p - 1] > distance || (outDistances[p - 1] == distance && outIds[p - 1] > id)))
                {
                    outDistances[p] = outDistances[p - 1];
                    outIds[p] = outIds[p - 1];
                    p--;
                }

                outDistances[p] = distance;
                outIds[p] = id;
            }
        });
        return new NeighbourLists(rows, k, indices, distances);
    }

    // Insertion into a short sorted array beats a heap for k in the tens.
    private void TryInsert(int row, float key, int id)
    {
        int first = row * k, p = first + k - 1;
        if (key > keys[p] || (key == keys[p] && id >= ids[p]))
        {
            return;
        }

        while (p > first && (keys[p - 1] > key || (keys[p - 1] == key && ids[p - 1] > id)))
        {
            keys[p] = keys[p - 1];
            ids[p] = ids[p - 1];
            p--;
        }

        keys[p] = key;
        ids[p] = id;
        worst[row] = keys[first + k - 1];
    }
}
