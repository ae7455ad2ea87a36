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

    /// <summary>y = A·x for a dense symmetric row-major n × n matrix A, as Σ_j x_j A_j (no horizontal sums).</summary>
    public static void MatVec(ReadOnlySpan<float> a, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = x.Length;
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
