using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Clientele.Language.Numerics;

/// <summary>
/// Single-precision matrix product C += A · B for a row-major A (activations) and a <see cref="PackedMatrix"/> B
/// (weights): blocked over K (256) and over rows (192), each 32-column panel of B streamed once per block against
/// register tiles of 8 × 32 (AVX-512), 2 × 32 (AVX2) or a row at a time through <see cref="TensorPrimitives"/>
/// elsewhere. Single-threaded: callers parallelise over independent texts. Does not allocate.
/// </summary>
internal static class Gemm
{
    private const int KBlock = 256;
    private const int RowBlock = 192;
    private const int Width = PackedMatrix.PanelWidth;

    /// <summary>The kernel <see cref="GemmKernel.Auto"/> resolves to on this processor.</summary>
    public static GemmKernel NativeKernel { get; } =
        Vector512.IsHardwareAccelerated ? GemmKernel.Vector512
        : Vector256.IsHardwareAccelerated ? GemmKernel.Vector256
        : GemmKernel.Portable;

    /// <summary>
    /// C[i, j] += Σ_k A[i, k] · B[k, j] for i &lt; <paramref name="rows"/> and j &lt; B's columns; A's rows are
    /// <paramref name="aStride"/> apart and C's <paramref name="cStride"/> apart.
    /// </summary>
    public static void MultiplyAdd(
        ReadOnlySpan<float> a, int rows, int aStride, PackedMatrix b, Span<float> c, int cStride, GemmKernel kernel = GemmKernel.Auto)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (rows == 0)
        {
            return;
        }
        var k = b.Rows;
        var n = b.Columns;
        if (rows < 0 || aStride < k || cStride < n
            || a.Length < ((rows - 1) * aStride) + k || c.Length < ((rows - 1) * cStride) + n)
        {
            throw new ArgumentException($"A {rows} × {k} by {k} × {n} product does not fit the given spans and strides.");
        }
        if (kernel == GemmKernel.Auto)
        {
            kernel = NativeKernel;
        }
        if ((kernel == GemmKernel.Vector512 && !Vector512.IsHardwareAccelerated)
            || (kernel == GemmKernel.Vector256 && !Vector256.IsHardwareAccelerated))
        {
            kernel = GemmKernel.Portable;
        }

        Span<float> tile = stackalloc float[8 * Width];
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(b.Data);
        for (var kb = 0; kb < k; kb += KBlock)
        {
            var kc = Math.Min(KBlock, k - kb);
            for (var ib = 0; ib < rows; ib += RowBlock)
            {
                var rowEnd = Math.Min(rows, ib + RowBlock);
                for (var p = 0; p < b.Panels; p++)
                {
                    ref var panel = ref Unsafe.Add(ref b0, ((p * k) + kb) * Width);
                    var column = p * Width;
                    var width = Math.Min(Width, n - column);
                    var i = ib;
                    while (i < rowEnd)
                    {
                        var height = kernel switch
                        {
                            GemmKernel.Vector512 => rowEnd - i >= 8 ? 8 : rowEnd - i >= 4 ? 4 : 1,
                            GemmKernel.Vector256 => rowEnd - i >= 2 ? 2 : 1,
                            _ => 1,
                        };
                        ref var aTile = ref Unsafe.Add(ref a0, (i * aStride) + kb);
                        if (width == Width)
                        {
                            Tile(kernel, height, ref aTile, aStride, ref panel, kc, ref Unsafe.Add(ref c0, (i * cStride) + column), cStride);
                        }
                        else
                        {
                            // The last, partial panel: through a full-width scratch tile (the panel is zero-padded).
                            for (var r = 0; r < height; r++)
                            {
                                c.Slice(((i + r) * cStride) + column, width).CopyTo(tile.Slice(r * Width, width));
                            }
                            Tile(kernel, height, ref aTile, aStride, ref panel, kc, ref MemoryMarshal.GetReference(tile), Width);
                            for (var r = 0; r < height; r++)
                            {
                                tile.Slice(r * Width, width).CopyTo(c.Slice(((i + r) * cStride) + column, width));
                            }
                        }
                        i += height;
                    }
                }
            }
        }
    }

    private static void Tile(GemmKernel kernel, int height, ref float a, int aStride, ref float b, int kc, ref float c, int cStride)
    {
        switch (kernel, height)
        {
            case (GemmKernel.Vector512, 8):
                Tile512x8(ref a, aStride, ref b, kc, ref c, cStride);
                break;
            case (GemmKernel.Vector512, 4):
                Tile512x4(ref a, aStride, ref b, kc, ref c, cStride);
                break;
            case (GemmKernel.Vector512, _):
                Tile512x1(ref a, ref b, kc, ref c);
                break;
            case (GemmKernel.Vector256, 2):
                Tile256x2(ref a, aStride, ref b, kc, ref c, cStride);
                break;
            case (GemmKernel.Vector256, _):
                Tile256x1(ref a, ref b, kc, ref c);
                break;
            default:
                TilePortable(ref a, ref b, kc, ref c);
                break;
        }
    }

    private static void Tile512x8(ref float a, int aStride, ref float b, int kc, ref float c, int cStride)
    {
        unchecked // indices were checked by MultiplyAdd; the overflow checks would sit in the inner loop
        {
            nint lda = aStride;
            nint ldc = cStride;
            ref var c1 = ref Unsafe.Add(ref c, ldc);
            ref var c2 = ref Unsafe.Add(ref c, 2 * ldc);
            ref var c3 = ref Unsafe.Add(ref c, 3 * ldc);
            ref var c4 = ref Unsafe.Add(ref c, 4 * ldc);
            ref var c5 = ref Unsafe.Add(ref c, 5 * ldc);
            ref var c6 = ref Unsafe.Add(ref c, 6 * ldc);
            ref var c7 = ref Unsafe.Add(ref c, 7 * ldc);
            var s00 = Vector512.LoadUnsafe(ref c);
            var s01 = Vector512.LoadUnsafe(ref c, 16);
            var s10 = Vector512.LoadUnsafe(ref c1);
            var s11 = Vector512.LoadUnsafe(ref c1, 16);
            var s20 = Vector512.LoadUnsafe(ref c2);
            var s21 = Vector512.LoadUnsafe(ref c2, 16);
            var s30 = Vector512.LoadUnsafe(ref c3);
            var s31 = Vector512.LoadUnsafe(ref c3, 16);
            var s40 = Vector512.LoadUnsafe(ref c4);
            var s41 = Vector512.LoadUnsafe(ref c4, 16);
            var s50 = Vector512.LoadUnsafe(ref c5);
            var s51 = Vector512.LoadUnsafe(ref c5, 16);
            var s60 = Vector512.LoadUnsafe(ref c6);
            var s61 = Vector512.LoadUnsafe(ref c6, 16);
            var s70 = Vector512.LoadUnsafe(ref c7);
            var s71 = Vector512.LoadUnsafe(ref c7, 16);
            ref var a1 = ref Unsafe.Add(ref a, lda);
            ref var a2 = ref Unsafe.Add(ref a, 2 * lda);
            ref var a3 = ref Unsafe.Add(ref a, 3 * lda);
            ref var a4 = ref Unsafe.Add(ref a, 4 * lda);
            ref var a5 = ref Unsafe.Add(ref a, 5 * lda);
            ref var a6 = ref Unsafe.Add(ref a, 6 * lda);
            ref var a7 = ref Unsafe.Add(ref a, 7 * lda);
            for (nint k = 0; k < kc; k++)
            {
                ref var bk = ref Unsafe.Add(ref b, k * Width);
                var b0 = Vector512.LoadUnsafe(ref bk);
                var b1 = Vector512.LoadUnsafe(ref bk, 16);
                var x = Vector512.Create(Unsafe.Add(ref a, k));
                s00 = Vector512.MultiplyAddEstimate(x, b0, s00);
                s01 = Vector512.MultiplyAddEstimate(x, b1, s01);
                x = Vector512.Create(Unsafe.Add(ref a1, k));
                s10 = Vector512.MultiplyAddEstimate(x, b0, s10);
                s11 = Vector512.MultiplyAddEstimate(x, b1, s11);
                x = Vector512.Create(Unsafe.Add(ref a2, k));
                s20 = Vector512.MultiplyAddEstimate(x, b0, s20);
                s21 = Vector512.MultiplyAddEstimate(x, b1, s21);
                x = Vector512.Create(Unsafe.Add(ref a3, k));
                s30 = Vector512.MultiplyAddEstimate(x, b0, s30);
                s31 = Vector512.MultiplyAddEstimate(x, b1, s31);
                x = Vector512.Create(Unsafe.Add(ref a4, k));
                s40 = Vector512.MultiplyAddEstimate(x, b0, s40);
                s41 = Vector512.MultiplyAddEstimate(x, b1, s41);
                x = Vector512.Create(Unsafe.Add(ref a5, k));
                s50 = Vector512.MultiplyAddEstimate(x, b0, s50);
                s51 = Vector512.MultiplyAddEstimate(x, b1, s51);
                x = Vector512.Create(Unsafe.Add(ref a6, k));
                s60 = Vector512.MultiplyAddEstimate(x, b0, s60);
                s61 = Vector512.MultiplyAddEstimate(x, b1, s61);
                x = Vector512.Create(Unsafe.Add(ref a7, k));
                s70 = Vector512.MultiplyAddEstimate(x, b0, s70);
                s71 = Vector512.MultiplyAddEstimate(x, b1, s71);
            }
            s00.StoreUnsafe(ref c);
            s01.StoreUnsafe(ref c, 16);
            s10.StoreUnsafe(ref c1);
            s11.StoreUnsafe(ref c1, 16);
            s20.StoreUnsafe(ref c2);
            s21.StoreUnsafe(ref c2, 16);
            s30.StoreUnsafe(ref c3);
            s31.StoreUnsafe(ref c3, 16);
            s40.StoreUnsafe(ref c4);
            s41.StoreUnsafe(ref c4, 16);
            s50.StoreUnsafe(ref c5);
            s51.StoreUnsafe(ref c5, 16);
            s60.StoreUnsafe(ref c6);
            s61.StoreUnsafe(ref c6, 16);
            s70.StoreUnsafe(ref c7);
            s71.StoreUnsafe(ref c7, 16);
        }
    }

    private static void Tile512x4(ref float a, int aStride, ref float b, int kc, ref float c, int cStride)
    {
        unchecked // indices were checked by MultiplyAdd; the overflow checks would sit in the inner loop
        {
            nint lda = aStride;
            nint ldc = cStride;
            ref var c1 = ref Unsafe.Add(ref c, ldc);
            ref var c2 = ref Unsafe.Add(ref c, 2 * ldc);
            ref var c3 = ref Unsafe.Add(ref c, 3 * ldc);
            var s00 = Vector512.LoadUnsafe(ref c);
            var s01 = Vector512.LoadUnsafe(ref c, 16);
            var s10 = Vector512.LoadUnsafe(ref c1);
            var s11 = Vector512.LoadUnsafe(ref c1, 16);
            var s20 = Vector512.LoadUnsafe(ref c2);
            var s21 = Vector512.LoadUnsafe(ref c2, 16);
            var s30 = Vector512.LoadUnsafe(ref c3);
            var s31 = Vector512.LoadUnsafe(ref c3, 16);
            ref var a1 = ref Unsafe.Add(ref a, lda);
            ref var a2 = ref Unsafe.Add(ref a, 2 * lda);
            ref var a3 = ref Unsafe.Add(ref a, 3 * lda);
            for (nint k = 0; k < kc; k++)
            {
                ref var bk = ref Unsafe.Add(ref b, k * Width);
                var b0 = Vector512.LoadUnsafe(ref bk);
                var b1 = Vector512.LoadUnsafe(ref bk, 16);
                var x = Vector512.Create(Unsafe.Add(ref a, k));
                s00 = Vector512.MultiplyAddEstimate(x, b0, s00);
                s01 = Vector512.MultiplyAddEstimate(x, b1, s01);
                x = Vector512.Create(Unsafe.Add(ref a1, k));
                s10 = Vector512.MultiplyAddEstimate(x, b0, s10);
                s11 = Vector512.MultiplyAddEstimate(x, b1, s11);
                x = Vector512.Create(Unsafe.Add(ref a2, k));
                s20 = Vector512.MultiplyAddEstimate(x, b0, s20);
                s21 = Vector512.MultiplyAddEstimate(x, b1, s21);
                x = Vector512.Create(Unsafe.Add(ref a3, k));
                s30 = Vector512.MultiplyAddEstimate(x, b0, s30);
                s31 = Vector512.MultiplyAddEstimate(x, b1, s31);
            }
            s00.StoreUnsafe(ref c);
            s01.StoreUnsafe(ref c, 16);
            s10.StoreUnsafe(ref c1);
            s11.StoreUnsafe(ref c1, 16);
            s20.StoreUnsafe(ref c2);
            s21.StoreUnsafe(ref c2, 16);
            s30.StoreUnsafe(ref c3);
            s31.StoreUnsafe(ref c3, 16);
        }
    }

    private static void Tile512x1(ref float a, ref float b, int kc, ref float c)
    {
        unchecked // indices were checked by MultiplyAdd; the overflow checks would sit in the inner loop
        {
            var s0 = Vector512.LoadUnsafe(ref c);
            var s1 = Vector512.LoadUnsafe(ref c, 16);
            for (nint k = 0; k < kc; k++)
            {
                ref var bk = ref Unsafe.Add(ref b, k * Width);
                var x = Vector512.Create(Unsafe.Add(ref a, k));
                s0 = Vector512.MultiplyAddEstimate(x, Vector512.LoadUnsafe(ref bk), s0);
                s1 = Vector512.MultiplyAddEstimate(x, Vector512.LoadUnsafe(ref bk, 16), s1);
            }
            s0.StoreUnsafe(ref c);
            s1.StoreUnsafe(ref c, 16);
        }
    }

    private static void Tile256x2(ref float a, int aStride, ref float b, int kc, ref float c, int cStride)
    {
        unchecked // indices were checked by MultiplyAdd; the overflow checks would sit in the inner loop
        {
            ref var c1 = ref Unsafe.Add(ref c, (nint)cStride);
            ref var a1 = ref Unsafe.Add(ref a, (nint)aStride);
            var s00 = Vector256.LoadUnsafe(ref c);
            var s01 = Vector256.LoadUnsafe(ref c, 8);
            var s02 = Vector256.LoadUnsafe(ref c, 16);
            var s03 = Vector256.LoadUnsafe(ref c, 24);
            var s10 = Vector256.LoadUnsafe(ref c1);
            var s11 = Vector256.LoadUnsafe(ref c1, 8);
            var s12 = Vector256.LoadUnsafe(ref c1, 16);
            var s13 = Vector256.LoadUnsafe(ref c1, 24);
            for (nint k = 0; k < kc; k++)
            {
                ref var bk = ref Unsafe.Add(ref b, k * Width);
                var b0 = Vector256.LoadUnsafe(ref bk);
                var b1 = Vector256.LoadUnsafe(ref bk, 8);
                var b2 = Vector256.LoadUnsafe(ref bk, 16);
                var b3 = Vector256.LoadUnsafe(ref bk, 24);
                var x = Vector256.Create(Unsafe.Add(ref a, k));
                s00 = Vector256.MultiplyAddEstimate(x, b0, s00);
                s01 = Vector256.MultiplyAddEstimate(x, b1, s01);
                s02 = Vector256.MultiplyAddEstimate(x, b2, s02);
                s03 = Vector256.MultiplyAddEstimate(x, b3, s03);
                x = Vector256.Create(Unsafe.Add(ref a1, k));
                s10 = Vector256.MultiplyAddEstimate(x, b0, s10);
                s11 = Vector256.MultiplyAddEstimate(x, b1, s11);
                s12 = Vector256.MultiplyAddEstimate(x, b2, s12);
                s13 = Vector256.MultiplyAddEstimate(x, b3, s13);
            }
            s00.StoreUnsafe(ref c);
            s01.StoreUnsafe(ref c, 8);
            s02.StoreUnsafe(ref c, 16);
            s03.StoreUnsafe(ref c, 24);
            s10.StoreUnsafe(ref c1);
            s11.StoreUnsafe(ref c1, 8);
            s12.StoreUnsafe(ref c1, 16);
            s13.StoreUnsafe(ref c1, 24);
        }
    }

    private static void Tile256x1(ref float a, ref float b, int kc, ref float c)
    {
        unchecked // indices were checked by MultiplyAdd; the overflow checks would sit in the inner loop
        {
            var s0 = Vector256.LoadUnsafe(ref c);
            var s1 = Vector256.LoadUnsafe(ref c, 8);
            var s2 = Vector256.LoadUnsafe(ref c, 16);
            var s3 = Vector256.LoadUnsafe(ref c, 24);
            for (nint k = 0; k < kc; k++)
            {
                ref var bk = ref Unsafe.Add(ref b, k * Width);
                var x = Vector256.Create(Unsafe.Add(ref a, k));
                s0 = Vector256.MultiplyAddEstimate(x, Vector256.LoadUnsafe(ref bk), s0);
                s1 = Vector256.MultiplyAddEstimate(x, Vector256.LoadUnsafe(ref bk, 8), s1);
                s2 = Vector256.MultiplyAddEstimate(x, Vector256.LoadUnsafe(ref bk, 16), s2);
                s3 = Vector256.MultiplyAddEstimate(x, Vector256.LoadUnsafe(ref bk, 24), s3);
            }
            s0.StoreUnsafe(ref c);
            s1.StoreUnsafe(ref c, 8);
            s2.StoreUnsafe(ref c, 16);
            s3.StoreUnsafe(ref c, 24);
        }
    }

    private static void TilePortable(ref float a, ref float b, int kc, ref float c)
    {
        unchecked // indices were checked by MultiplyAdd; the overflow checks would sit in the inner loop
        {
            var row = MemoryMarshal.CreateSpan(ref c, Width);
            for (var k = 0; k < kc; k++)
            {
                var panelRow = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, k * Width), Width);
                TensorPrimitives.MultiplyAdd(panelRow, Unsafe.Add(ref a, k), row, row);
            }
        }
    }
}
