using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Watcher.Core.Maths;

// Computes many dot products between the rows of two row-major blocks (A·Bᵀ). Calling
// TensorPrimitives.Dot once per pair does two loads per multiply-add; a 4×4 register tile
// reuses every loaded vector four times, which is what makes k-means and covariance fast
// enough without a BLAS.
internal static class DotKernel
{
    private const int Tile = 4;

    // dest[i * destStride + j] = dot(a[i], b[j]) for every row i of a and row j of b.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyTransposed(
        ReadOnlySpan<float> a, int aRows, ReadOnlySpan<float> b, int bRows, int length, Span<float> dest, int destStride)
    {
        if ((long)aRows * length > a.Length || (long)bRows * length > b.Length)
        {
            throw new ArgumentException("Row counts do not fit the inputs.");
        }

        if (aRows > 0 && bRows > 0 && (long)(aRows - 1) * destStride + bRows > dest.Length)
        {
            throw new ArgumentException("Destination is too small.", nameof(dest));
        }

        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float d0 = ref MemoryMarshal.GetReference(dest);

        int i = 0;
        for (; i + Tile <= aRows; i += Tile)
        {
            ref float ai = ref Unsafe.Add(ref a0, (nint)i * length);
            ref float di = ref Unsafe.Add(ref d0, (nint)i * destStride);
            int j = 0;
            for (; j + Tile <= bRows; j += Tile)
            {
                Kernel4x4(ref ai, ref Unsafe.Add(ref b0, (nint)j * length), length, ref Unsafe.Add(ref di, j), destStride);
            }

            for (; j < bRows; j++)
            {
                Kernel4x1(ref ai, ref Unsafe.Add(ref b0, (nint)j * length), length, ref Unsafe.Add(ref di, j), destStride);
            }
        }

        for (; i < aRows; i++)
        {
            ref float ai = ref Unsafe.Add(ref a0, (nint)i * length);
            ref float di = ref Unsafe.Add(ref d0, (nint)i * destStride);
            int j = 0;
            for (; j + Tile <= bRows; j += Tile)
            {
                Kernel4x1(ref Unsafe.Add(ref b0, (nint)j * length), ref ai, length, ref Unsafe.Add(ref di, j), 1);
            }

            for (; j < bRows; j++)
            {
                Unsafe.Add(ref di, j) = Dot(ref ai, ref Unsafe.Add(ref b0, (nint)j * length), length);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x4(ref float a, ref float b, int length, ref float dest, int destStride)
    {
        ref float a1 = ref Unsafe.Add(ref a, length);
        ref float a2 = ref Unsafe.Add(ref a, 2 * length);
        ref float a3 = ref Unsafe.Add(ref a, 3 * length);
        ref float b1 = ref Unsafe.Add(ref b, length);
        ref float b2 = ref Unsafe.Add(ref b, 2 * length);
        ref float b3 = ref Unsafe.Add(ref b, 3 * length);

        Vector<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector<float> c30 = default, c31 = default, c32 = default, c33 = default;

        int width = Vector<float>.Count;
        int k = 0;
        for (; k + width <= length; k += width)
        {
            nuint o = (nuint)k;
            Vector<float> vb0 = Vector.LoadUnsafe(ref b, o);
            Vector<float> vb1 = Vector.LoadUnsafe(ref b1, o);
            Vector<float> vb2 = Vector.LoadUnsafe(ref b2, o);
            Vector<float> vb3 = Vector.LoadUnsafe(ref b3, o);

            Vector<float> va = Vector.LoadUnsafe(ref a, o);
            c00 = Vector.FusedMultiplyAdd(va, vb0, c00);
            c01 = Vector.FusedMultiplyAdd(va, vb1, c01);
            c02 = Vector.FusedMultiplyAdd(va, vb2, c02);
            c03 = Vector.FusedMultiplyAdd(va, vb3, c03);

            va = Vector.LoadUnsafe(ref a1, o);
            c10 = Vector.FusedMultiplyAdd(va, vb0, c10);
            c11 = Vector.FusedMultiplyAdd(va, vb1, c11);
            c12 = Vector.FusedMultiplyAdd(va, vb2, c12);
            c13 = Vector.FusedMultiplyAdd(va, vb3, c13);

            va = Vector.LoadUnsafe(ref a2, o);
            c20 = Vector.FusedMultiplyAdd(va, vb0, c20);
            c21 = Vector.FusedMultiplyAdd(va, vb1, c21);
            c22 = Vector.FusedMultiplyAdd(va, vb2, c22);
            c23 = Vector.FusedMultiplyAdd(va, vb3, c23);

            va = Vector.LoadUnsafe(ref a3, o);
            c30 = Vector.FusedMultiplyAdd(va, vb0, c30);
            c31 = Vector.FusedMultiplyAdd(va, vb1, c31);
            c32 = Vector.FusedMultiplyAdd(va, vb2, c32);
            c33 = Vector.FusedMultiplyAdd(va, vb3, c33);
        }

        float s00 = Vector.Sum(c00), s01 = Vector.Sum(c01), s02 = Vector.Sum(c02), s03 = Vector.Sum(c03);
        float s10 = Vector.Sum(c10), s11 = Vector.Sum(c11), s12 = Vector.Sum(c12), s13 = Vector.Sum(c13);
        float s20 = Vector.Sum(c20), s21 = Vector.Sum(c21), s22 = Vector.Sum(c22), s23 = Vector.Sum(c23);
        float s30 = Vector.Sum(c30), s31 = Vector.Sum(c31), s32 = Vector.Sum(c32), s33 = Vector.Sum(c33);

        for (; k < length; k++)
        {
            float x0 = Unsafe.Add(ref b, k), x1 = Unsafe.Add(ref b1, k), x2 = Unsafe.Add(ref b2, k), x3 = Unsafe.Add(ref b3, k);
            float y = Unsafe.Add(ref a, k);
            s00 += y * x0; s01 += y * x1; s02 += y * x2; s03 += y * x3;
            y = Unsafe.Add(ref a1, k);
            s10 += y * x0; s11 += y * x1; s12 += y * x2; s13 += y * x3;
            y = Unsafe.Add(ref a2, k);
            s20 += y * x0; s21 += y * x1; s22 += y * x2; s23 += y * x3;
            y = Unsafe.Add(ref a3, k);
            s30 += y * x0; s31 += y * x1; s32 += y * x2; s33 += y * x3;
        }

        ref float r1 = ref Unsafe.Add(ref dest, destStride);
        ref float r2 = ref Unsafe.Add(ref dest, 2 * destStride);
        ref float r3 = ref Unsafe.Add(ref dest, 3 * destStride);
        dest = s00; Unsafe.Add(ref dest, 1) = s01; Unsafe.Add(ref dest, 2) = s02; Unsafe.Add(ref dest, 3) = s03;
        r1 = s10; Unsafe.Add(ref r1, 1) = s11; Unsafe.Add(ref r1, 2) = s12; Unsafe.Add(ref r1, 3) = s13;
        r2 = s20; Unsafe.Add(ref r2, 1) = s21; Unsafe.Add(ref r2, 2) = s22; Unsafe.Add(ref r2, 3) = s23;
        r3 = s30; Unsafe.Add(ref r3, 1) = s31; Unsafe.Add(ref r3, 2) = s32; Unsafe.Add(ref r3, 3) = s33;
    }

    // Four rows of `a` against one row of `b`; results go down a column of dest (step destStride).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x1(ref float a, ref float b, int length, ref float dest, int destStride)
    {
        ref float a1 = ref Unsafe.Add(ref a, length);
        ref float a2 = ref Unsafe.Add(ref a, 2 * length);
        ref float a3 = ref Unsafe.Add(ref a, 3 * length);
        Vector<float> c0 = default, c1 = default, c2 = default, c3 = default;

        int width = Vector<float>.Count;
        int k = 0;
        for (; k + width <= length; k += width)
        {
            nuint o = (nuint)k;
            Vector<float> vb = Vector.LoadUnsafe(ref b, o);
            c0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, o), vb, c0);
            c1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a1, o), vb, c1);
            c2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a2, o), vb, c2);
            c3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a3, o), vb, c3);
        }

        float s0 = Vector.Sum(c0), s1 = Vector.Sum(c1), s2 = Vector.Sum(c2), s3 = Vector.Sum(c3);
        for (; k < length; k++)
        {
            float x = Unsafe.Add(ref b, k);
            s0 += Unsafe.Add(ref a, k) * x;
            s1 += Unsafe.Add(ref a1, k) * x;
            s2 += Unsafe.Add(ref a2, k) * x;
            s3 += Unsafe.Add(ref a3, k) * x;
        }

        dest = s0;
        Unsafe.Add(ref dest, destStride) = s1;
        Unsafe.Add(ref dest, 2 * destStride) = s2;
        Unsafe.Add(ref dest, 3 * destStride) = s3;
    }

    // Same accumulation order as the tiled kernels, so a vector gets bit-identical results
    // whether it is processed alone or as part of a batch.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot(ref float a, ref float b, int length)
    {
        Vector<float> acc = default;
        int width = Vector<float>.Count;
        int k = 0;
        for (; k + width <= length; k += width)
        {
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)k), Vector.LoadUnsafe(ref b, (nuint)k), acc);
        }

        float sum = Vector.Sum(acc);
        for (; k < length; k++)
        {
            sum += Unsafe.Add(ref a, k) * Unsafe.Add(ref b, k);
        }

        return sum;
    }
}
