using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Clientele.Recommend;

/// <summary>
/// Small dense kernels on spans. <see cref="Dot"/> and <see cref="Axpy"/> are the inner loop of ALS (two calls per
/// stored pair and CG step on vectors of f floats), so they are written for short vectors: inlined, fused multiply-add
/// on 512- or 256-bit registers, no bounds checks; the rest uses <see cref="TensorPrimitives"/>.
/// </summary>
internal static class Kernels
{
    /// <summary>xᵀy for spans of equal length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var n = Math.Min(x.Length, y.Length);
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        var i = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            for (; i <= n - (2 * Vector512<float>.Count); i += 2 * Vector512<float>.Count)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i), acc0);
                acc1 = Vector512.FusedMultiplyAdd(
                    Vector512.LoadUnsafe(ref rx, (nuint)(i + Vector512<float>.Count)), Vector512.LoadUnsafe(ref ry, (nuint)(i + Vector512<float>.Count)), acc1);
            }
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i), acc0);
            }
            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; i <= n - (2 * Vector256<float>.Count); i += 2 * Vector256<float>.Count)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i), acc0);
                acc1 = Vector256.FusedMultiplyAdd(
                    Vector256.LoadUnsafe(ref rx, (nuint)(i + Vector256<float>.Count)), Vector256.LoadUnsafe(ref ry, (nuint)(i + Vector256<float>.Count)), acc1);
            }
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i), acc0);
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref rx, i) * Unsafe.Add(ref ry, i);
        }
        return sum;
    }

    /// <summary>y += a·x (spans of equal length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = Math.Min(x.Length, y.Length);
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        var i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var va = Vector512.Create(a);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var va = Vector256.Create(a);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref ry, i) += a * Unsafe.Add(ref rx, i);
        }
    }

    /// <summary>
    /// The sparse half of ALS's matrix-vector product, over the stored entries n of one row (columns
    /// <paramref name="indices"/>, weights <paramref name="weights"/>), with a_n = α·w_n and d_n = y_nᵀv:
    /// <c>acc += Σ_n a_n d_n y_n</c>, or with <paramref name="residual"/> <c>acc += Σ_n (1 + a_n − a_n d_n) y_n</c>
    /// (the right-hand side minus the product, for CG's first residual). y_n is row indices[n] of the row-major
    /// <paramref name="factors"/> (f = <paramref name="v"/>.Length columns).
    /// </summary>
    /// <remarks>
    /// This is where ALS spends its time (one call per row, CG step and half-sweep). With f a multiple of 16 up to 64
    /// and 512-bit vectors, v and the accumulator stay in at most 8 registers for the whole row and each y_n is loaded
    /// once for both its dot product and its update; separate <see cref="Dot"/> and <see cref="Axpy"/> calls would
    /// reload v and round-trip the accumulator through memory for every entry. Other sizes take that general path.
    /// </remarks>
    public static void AccumulateRows(
        ReadOnlySpan<float> factors, ReadOnlySpan<int> indices, ReadOnlySpan<float> weights, float alpha, bool residual, ReadOnlySpan<float> v, Span<float> acc)
    {
        var f = v.Length;
        var blocks = f / Vector512<float>.Count;
        if (!Vector512.IsHardwareAccelerated || f % Vector512<float>.Count != 0 || blocks > 4 || acc.Length < f)
        {
            for (var n = 0; n < indices.Length; n++)
            {
                var y = factors.Slice(indices[n] * f, f);
                var a = alpha * weights[n];
                var d = Dot(y, v);
                Axpy(residual ? 1f + a - (a * d) : a * d, y, acc);
            }
            return;
        }
        ref var rv = ref MemoryMarshal.GetReference(v);
        ref var ra = ref MemoryMarshal.GetReference(acc);
        const int W = 16;
        var v0 = Vector512.LoadUnsafe(ref rv);
        var v1 = blocks > 1 ? Vector512.LoadUnsafe(ref rv, W) : default;
        var v2 = blocks > 2 ? Vector512.LoadUnsafe(ref rv, 2 * W) : default;
        var v3 = blocks > 3 ? Vector512.LoadUnsafe(ref rv, 3 * W) : default;
        var a0 = Vector512.LoadUnsafe(ref ra);
        var a1 = blocks > 1 ? Vector512.LoadUnsafe(ref ra, W) : default;
        var a2 = blocks > 2 ? Vector512.LoadUnsafe(ref ra, 2 * W) : default;
        var a3 = blocks > 3 ? Vector512.LoadUnsafe(ref ra, 3 * W) : default;
        for (var n = 0; n < indices.Length; n++)
        {
            if (n + PrefetchAhead < indices.Length)
            {
                Prefetch(factors, indices[n + PrefetchAhead] * f, f);
            }
            // The slice's bounds check keeps a bad index from reading outside the factors.
            ref var ry = ref MemoryMarshal.GetReference(factors.Slice(indices[n] * f, f));
            var y0 = Vector512.LoadUnsafe(ref ry);
            var y1 = blocks > 1 ? Vector512.LoadUnsafe(ref ry, W) : default;
            var y2 = blocks > 2 ? Vector512.LoadUnsafe(ref ry, 2 * W) : default;
            var y3 = blocks > 3 ? Vector512.LoadUnsafe(ref ry, 3 * W) : default;
            var d = Vector512.Sum(Vector512.FusedMultiplyAdd(y0, v0, y1 * v1) + Vector512.FusedMultiplyAdd(y2, v2, y3 * v3));
            var a = alpha * weights[n];
            var c = Vector512.Create(residual ? 1f + a - (a * d) : a * d);
            a0 = Vector512.FusedMultiplyAdd(c, y0, a0);
            a1 = Vector512.FusedMultiplyAdd(c, y1, a1);
            a2 = Vector512.FusedMultiplyAdd(c, y2, a2);
            a3 = Vector512.FusedMultiplyAdd(c, y3, a3);
        }
        a0.StoreUnsafe(ref ra);
        if (blocks > 1)
        {
            a1.StoreUnsafe(ref ra, W);
        }
        if (blocks > 2)
        {
            a2.StoreUnsafe(ref ra, 2 * W);
        }
        if (blocks > 3)
        {
            a3.StoreUnsafe(ref ra, 3 * W);
        }
    }

    /// <summary>How many entries ahead <see cref="AccumulateRows"/> asks for a factor row: on the item side the rows are users' scattered over the whole user matrix.</summary>
    private const int PrefetchAhead = 8;

    /// <summary>Asks the cache for the f floats of a row from <paramref name="start"/> (a hint: nothing is read or changed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ReadOnlySpan<float> factors, int start, int f)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || (uint)start > (uint)(factors.Length - f))
        {
            return;
        }
        ref var row = ref Unsafe.AsRef(in factors[start]);
        var p = (byte*)Unsafe.AsPointer(ref row);
        for (var offset = 0; offset < f * sizeof(float); offset += 64)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + offset);
        }
    }

    /// <summary>y = A·x for a dense symmetric row-major n × n matrix A, as Σ_j x_j A_j (no horizontal sums).</summary>
    /// <remarks>With n a multiple of 16 up to 64 and 512-bit vectors, y is accumulated in registers (as <see cref="AccumulateRows"/>).</remarks>
    public static void MatVec(ReadOnlySpan<float> a, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = x.Length;
        var blocks = n / Vector512<float>.Count;
        if (Vector512.IsHardwareAccelerated && n % Vector512<float>.Count == 0 && blocks <= 4 && a.Length >= n * n && y.Length >= n)
        {
            const int W = 16;
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var j = 0; j < n; j++)
            {
                ref var row = ref MemoryMarshal.GetReference(a.Slice(j * n, n));
                var c = Vector512.Create(x[j]);
                s0 = Vector512.FusedMultiplyAdd(c, Vector512.LoadUnsafe(ref row), s0);
                if (blocks > 1)
                {
                    s1 = Vector512.FusedMultiplyAdd(c, Vector512.LoadUnsafe(ref row, W), s1);
                }
                if (blocks > 2)
                {
                    s2 = Vector512.FusedMultiplyAdd(c, Vector512.LoadUnsafe(ref row, 2 * W), s2);
                }
                if (blocks > 3)
                {
                    s3 = Vector512.FusedMultiplyAdd(c, Vector512.LoadUnsafe(ref row, 3 * W), s3);
                }
            }
            ref var ry = ref MemoryMarshal.GetReference(y);
            s0.StoreUnsafe(ref ry);
            if (blocks > 1)
            {
                s1.StoreUnsafe(ref ry, W);
            }
            if (blocks > 2)
            {
                s2.StoreUnsafe(ref ry, 2 * W);
            }
            if (blocks > 3)
            {
                s3.StoreUnsafe(ref ry, 3 * W);
            }
            return;
        }
        y[..n].Clear();
        for (var j = 0; j < n; j++)
        {
            Axpy(x[j], a.Slice(j * n, n), y);
        }
    }

    /// <summary>
    /// The Gram matrix FᵀF (f × f, row-major) of the rows of <paramref name="factors"/> (rows × f), plus
    /// <paramref name="diagonal"/> on the diagonal. Blocks of rows are summed in parallel and the blocks added in order,
    /// so the result does not depend on the number of threads.
    /// </summary>
    public static float[] Gram(float[] factors, int rows, int f, double diagonal)
    {
        const int BlockRows = 2048;
        var blocks = (rows + BlockRows - 1) / BlockRows;
        var partial = new float[blocks][];
        Parallel.For(0, blocks, block =>
        {
            var sum = new float[f * f];
            var end = Math.Min(rows, (block + 1) * BlockRows);
            for (var r = block * BlockRows; r < end; r++)
            {
                var row = factors.AsSpan(r * f, f);
                for (var j = 0; j < f; j++)
                {
                    if (row[j] != 0f)
                    {
                        Axpy(row[j], row, sum.AsSpan(j * f, f));
                    }
                }
            }
            partial[block] = sum;
        });
        var total = new double[f * f];
        foreach (var block in partial)
        {
            for (var n = 0; n < total.Length; n++)
            {
                total[n] += block[n];
            }
        }
        var result = new float[f * f];
        for (var n = 0; n < result.Length; n++)
        {
            result[n] = (float)total[n];
        }
        for (var j = 0; j < f; j++)
        {
            result[(j * f) + j] += (float)diagonal;
        }
        return result;
    }

    /// <summary>
    /// Solves A·x = b in place (b becomes x) for a symmetric positive definite n × n matrix (row-major, overwritten
    /// by its Cholesky factor). Returns false when A is not positive definite.
    /// </summary>
    public static bool CholeskySolve(Span<double> a, Span<double> b)
    {
        var n = b.Length;
        for (var j = 0; j < n; j++)
        {
            var d = a[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                d -= a[(j * n) + k] * a[(j * n) + k];
            }
            if (!(d > 0))
            {
                return false;
            }
            d = Math.Sqrt(d);
            a[(j * n) + j] = d;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    s -= a[(i * n) + k] * a[(j * n) + k];
                }
                a[(i * n) + j] = s / d;
            }
        }
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= a[(i * n) + k] * b[k];
            }
            b[i] = s / a[(i * n) + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= a[(k * n) + i] * b[k];
            }
            b[i] = s / a[(i * n) + i];
        }
        return true;
    }

    /// <summary>The number of items in a tile of <see cref="PackItems"/> (one 256-bit vector of floats).</summary>
    public const int ItemTile = 8;

    /// <summary>
    /// The item factors (items × f, row-major) laid out for <see cref="ScoreBlock"/>: tiles of <see cref="ItemTile"/>
    /// items, each f × <see cref="ItemTile"/> (factor k of the tile's items side by side), the last tile padded with zeros.
    /// </summary>
    public static float[] PackItems(float[] factors, int items, int f)
    {
        var tiles = (items + ItemTile - 1) / ItemTile;
        var packed = new float[(long)tiles * f * ItemTile];
        for (var i = 0; i < items; i++)
        {
            var tile = (long)(i / ItemTile) * f * ItemTile;
            var lane = i % ItemTile;
            for (var k = 0; k < f; k++)
            {
                packed[tile + ((long)k * ItemTile) + lane] = factors[((long)i * f) + k];
            }
        }
        return packed;
    }

    /// <summary>
    /// Every user's score of every item: <c>scores[u·items + i] = Σ_k x_u[k]·y_i[k]</c> for the <paramref name="count"/>
    /// users of <paramref name="users"/> (count × f, row-major) and the items of <paramref name="packed"/>
    /// (<see cref="PackItems"/>). Each score is a chain of fused multiply-adds over k = 0, 1, …, f − 1 from zero, on every
    /// path (4 users × 16 items in registers, the remainders, the scalar fallback), so a user's scores are the same
    /// bits whichever block it is scored in.
    /// </summary>
    public static void ScoreBlock(ReadOnlySpan<float> users, int count, ReadOnlySpan<float> packed, int items, int f, Span<float> scores)
    {
        if (users.Length < count * f || scores.Length < count * items || packed.Length < (items + ItemTile - 1) / ItemTile * f * ItemTile)
        {
            throw new ArgumentException("The users, packed items or scores are shorter than their sizes say.");
        }
        if (!Vector256.IsHardwareAccelerated)
        {
            for (var u = 0; u < count; u++)
            {
                for (var i = 0; i < items; i++)
                {
                    var tile = (i / ItemTile) * f * ItemTile;
                    var sum = 0f;
                    for (var k = 0; k < f; k++)
                    {
                        sum = MathF.FusedMultiplyAdd(users[(u * f) + k], packed[tile + (k * ItemTile) + (i % ItemTile)], sum);
                    }
                    scores[(u * items) + i] = sum;
                }
            }
            return;
        }
        const int T = ItemTile;
        var fullTiles = items / T;
        var tileSize = f * T;
        ref var rx = ref MemoryMarshal.GetReference(users);
        ref var ry = ref MemoryMarshal.GetReference(packed);
        ref var rs = ref MemoryMarshal.GetReference(scores);
        var u0 = 0;
        for (; u0 + 4 <= count; u0 += 4)
        {
            ref var x0 = ref Unsafe.Add(ref rx, u0 * f);
            ref var x1 = ref Unsafe.Add(ref x0, f);
            ref var x2 = ref Unsafe.Add(ref x1, f);
            ref var x3 = ref Unsafe.Add(ref x2, f);
            var t = 0;
            for (; t + 2 <= fullTiles; t += 2)
            {
                ref var y = ref Unsafe.Add(ref ry, t * tileSize);
                Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default;
                Vector256<float> a20 = default, a21 = default, a30 = default, a31 = default;
                for (var k = 0; k < f; k++)
                {
                    var y0 = Vector256.LoadUnsafe(ref y, (nuint)(k * T));
                    var y1 = Vector256.LoadUnsafe(ref y, (nuint)(tileSize + (k * T)));
                    var b = Vector256.Create(Unsafe.Add(ref x0, k));
                    a00 = Vector256.FusedMultiplyAdd(b, y0, a00);
                    a01 = Vector256.FusedMultiplyAdd(b, y1, a01);
                    b = Vector256.Create(Unsafe.Add(ref x1, k));
                    a10 = Vector256.FusedMultiplyAdd(b, y0, a10);
                    a11 = Vector256.FusedMultiplyAdd(b, y1, a11);
                    b = Vector256.Create(Unsafe.Add(ref x2, k));
                    a20 = Vector256.FusedMultiplyAdd(b, y0, a20);
                    a21 = Vector256.FusedMultiplyAdd(b, y1, a21);
                    b = Vector256.Create(Unsafe.Add(ref x3, k));
                    a30 = Vector256.FusedMultiplyAdd(b, y0, a30);
                    a31 = Vector256.FusedMultiplyAdd(b, y1, a31);
                }
                var at = (nuint)((u0 * items) + (t * T));
                a00.StoreUnsafe(ref rs, at);
                a01.StoreUnsafe(ref rs, at + T);
                a10.StoreUnsafe(ref rs, at + (nuint)items);
                a11.StoreUnsafe(ref rs, at + (nuint)items + T);
                a20.StoreUnsafe(ref rs, at + (nuint)(2 * items));
                a21.StoreUnsafe(ref rs, at + (nuint)(2 * items) + T);
                a30.StoreUnsafe(ref rs, at + (nuint)(3 * items));
                a31.StoreUnsafe(ref rs, at + (nuint)(3 * items) + T);
            }
            for (var u = u0; u < u0 + 4; u++)
            {
                ScoreTiles(ref Unsafe.Add(ref rx, u * f), ref ry, t, items, f, scores.Slice(u * items, items));
            }
        }
        for (var u = u0; u < count; u++)
        {
            ScoreTiles(ref Unsafe.Add(ref rx, u * f), ref ry, 0, items, f, scores.Slice(u * items, items));
        }
    }

    /// <summary>One user's scores of the items from tile <paramref name="firstTile"/> on, one tile at a time (the last may be partial).</summary>
    private static void ScoreTiles(ref float x, ref float packed, int firstTile, int items, int f, Span<float> scores)
    {
        const int T = ItemTile;
        var tiles = (items + T - 1) / T;
        Span<float> last = stackalloc float[T];
        for (var t = firstTile; t < tiles; t++)
        {
            ref var y = ref Unsafe.Add(ref packed, t * f * T);
            var a = Vector256<float>.Zero;
            for (var k = 0; k < f; k++)
            {
                a = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref x, k)), Vector256.LoadUnsafe(ref y, (nuint)(k * T)), a);
            }
            if ((t + 1) * T <= items)
            {
                a.StoreUnsafe(ref MemoryMarshal.GetReference(scores), (nuint)(t * T));
            }
            else
            {
                a.CopyTo(last);
                last[..(items - (t * T))].CopyTo(scores[(t * T)..]);
            }
        }
    }

    /// <summary>Divides every row of a rows × f matrix by its Euclidean norm (zero rows stay zero).</summary>
    public static float[] NormalizedRows(float[] factors, int rows, int f)
    {
        var result = (float[])factors.Clone();
        for (var r = 0; r < rows; r++)
        {
            var row = result.AsSpan(r * f, f);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }
        return result;
    }
}
