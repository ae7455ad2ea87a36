using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// Squared Euclidean distances, always summed feature by feature in column order,
/// <c>((x₀ − c₀)² + (x₁ − c₁)²) + …</c>, so that the bulk kernel (<see cref="DistanceTile"/>) and the single-pair
/// <see cref="Squared"/> give bit-for-bit the same value and agree on every nearest-centroid decision.
/// </summary>
internal static class KMeansDistance
{
    /// <summary>Squared Euclidean distance of one pair, in the same order and rounding as <see cref="DistanceTile"/>.</summary>
    internal static double Squared(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var total = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            var difference = x[j] - y[j];
            total += difference * difference;
        }
        return total;
    }

    /// <summary>
    /// The index of the centroid nearest to <paramref name="point"/> (ties go to the lower index) and the squared
    /// distance to it. <paramref name="centroids"/> is row-major, k × d.
    /// </summary>
    internal static int Nearest(ReadOnlySpan<double> point, ReadOnlySpan<double> centroids, int numberOfClusters, out double squaredDistance)
    {
        var dimensions = point.Length;
        var best = 0;
        var bestDistance = Squared(point, centroids[..dimensions]);
        for (var c = 1; c < numberOfClusters; c++)
        {
            var d = Squared(point, centroids.Slice(c * dimensions, dimensions));
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        squaredDistance = bestDistance;
        return best;
    }
}

/// <summary>
/// Scratch for the bulk distance kernel: up to <see cref="Size"/> consecutive rows held transposed (one contiguous
/// span per feature), so that the squared distances of all of them to a centre are computed with
/// <see cref="TensorPrimitives"/> on spans of <see cref="Size"/> values, feature by feature. Allocated once per worker
/// and reused; nothing is allocated per row.
/// </summary>
internal sealed class DistanceTile
{
    /// <summary>Rows per tile: long enough to vectorise well, short enough that a tile's spans stay in L1.</summary>
    internal const int Size = 256;

    private readonly int _dimensions;
    private readonly double[] _transposed;
    private double[] _source;
    private int _offset;
    private int _count;

    internal DistanceTile(int dimensions, int maximumCentres)
    {
        _dimensions = dimensions;
        _transposed = new double[dimensions * Size];
        _source = _transposed;
        Squared = new double[maximumCentres * Size];
    }

    /// <summary>After <see cref="Compute"/>: the squared distance of loaded row r to centre c is at <c>[c × Size + r]</c>.</summary>
    internal double[] Squared { get; }

    /// <summary>
    /// Writes <paramref name="count"/> (at most <see cref="Size"/>) row-major rows transposed into
    /// <paramref name="destination"/>: feature j of row r goes to <c>[j × Size + r]</c>.
    /// </summary>
    internal static void Transpose(ReadOnlySpan<double> rows, int count, int dimensions, Span<double> destination)
    {
        var values = rows[..(count * dimensions)];
        for (var j = 0; j < dimensions; j++)
        {
            var column = destination.Slice(j * Size, count);
            for (var r = 0; r < column.Length; r++)
            {
                // Bounded by the slice above; unchecked keeps overflow checks out of the hot loop.
                column[r] = values[unchecked((r * dimensions) + j)];
            }
        }
    }

    /// <summary>Loads rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1, transposed.</summary>
    internal void Load(FeatureMatrix data, int start, int count)
    {
        Transpose(data.Values[(start * _dimensions)..], count, _dimensions, _transposed);
        Use(_transposed, 0, count);
    }

    /// <summary>
    /// Points the tile at <paramref name="count"/> rows already transposed (as <see cref="Transpose"/> writes them) in
    /// <paramref name="source"/> from <paramref name="offset"/> on.
    /// </summary>
    internal void Use(double[] source, int offset, int count)
    {
        _source = source;
        _offset = offset;
        _count = count;
    }

    /// <summary>Squared distances of the loaded rows to the first <paramref name="centreCount"/> centres (row-major, c × d).</summary>
    /// <remarks>
    /// Register-blocked: two vectors of rows against four centres at a time keep eight running sums in registers while
    /// the features stream by, so that each loaded value serves four centres and nothing but the final sums is stored.
    /// Each lane still adds <c>(x − c)²</c> feature by feature in column order, multiply then add (never fused), so the
    /// values are bit-for-bit <see cref="KMeansDistance.Squared"/>'s. Rows past the loaded count (up to the next
    /// multiple of two vectors, within the tile) are computed too and ignored: the tile is always <see cref="Size"/> long.
    /// </remarks>
    internal void Compute(ReadOnlySpan<double> centres, int centreCount)
    {
        var width = Vector<double>.Count;
        var step = 2 * width;
        var rows = (_count + step - 1) / step * step;
        var dimensions = _dimensions;
        // The loops below index without bounds checks: these are the bounds they rely on.
        if (Size % step != 0 || centres.Length < centreCount * dimensions || Squared.Length < centreCount * Size
            || _source.Length < _offset + (dimensions * Size))
        {
            throw new InvalidOperationException("DistanceTile.Compute: the tile, the centres or the source are smaller than the loops need.");
        }
        ComputeBlocked(centres, centreCount, rows, width, step, dimensions);
    }

    private void ComputeBlocked(ReadOnlySpan<double> centres, int centreCount, int rows, int width, int step, int dimensions)
    {
        // Unchecked: the index arithmetic stays in range by the guard in Compute, and checks would cost more than the work.
        unchecked
        {
            ref var source = ref _source[_offset];
            ref var centre = ref MemoryMarshal.GetReference(centres);
            ref var squared = ref Squared[0];
            var c = 0;
            for (; c + 4 <= centreCount; c += 4)
            {
                for (var r = 0; r < rows; r += step)
                {
                    Vector<double> s00 = default, s01 = default, s10 = default, s11 = default;
                    Vector<double> s20 = default, s21 = default, s30 = default, s31 = default;
                    for (var j = 0; j < dimensions; j++)
                    {
                        var x0 = Vector.LoadUnsafe(ref source, (nuint)((j * Size) + r));
                        var x1 = Vector.LoadUnsafe(ref source, (nuint)((j * Size) + r + width));
                        var b = new Vector<double>(Unsafe.Add(ref centre, (c * dimensions) + j));
                        var d0 = x0 - b;
                        var d1 = x1 - b;
                        s00 += d0 * d0;
                        s01 += d1 * d1;
                        b = new Vector<double>(Unsafe.Add(ref centre, ((c + 1) * dimensions) + j));
                        d0 = x0 - b;
                        d1 = x1 - b;
                        s10 += d0 * d0;
                        s11 += d1 * d1;
                        b = new Vector<double>(Unsafe.Add(ref centre, ((c + 2) * dimensions) + j));
                        d0 = x0 - b;
                        d1 = x1 - b;
                        s20 += d0 * d0;
                        s21 += d1 * d1;
                        b = new Vector<double>(Unsafe.Add(ref centre, ((c + 3) * dimensions) + j));
                        d0 = x0 - b;
                        d1 = x1 - b;
                        s30 += d0 * d0;
                        s31 += d1 * d1;
                    }
                    s00.StoreUnsafe(ref squared, (nuint)((c * Size) + r));
                    s01.StoreUnsafe(ref squared, (nuint)((c * Size) + r + width));
                    s10.StoreUnsafe(ref squared, (nuint)(((c + 1) * Size) + r));
                    s11.StoreUnsafe(ref squared, (nuint)(((c + 1) * Size) + r + width));
                    s20.StoreUnsafe(ref squared, (nuint)(((c + 2) * Size) + r));
                    s21.StoreUnsafe(ref squared, (nuint)(((c + 2) * Size) + r + width));
                    s30.StoreUnsafe(ref squared, (nuint)(((c + 3) * Size) + r));
                    s31.StoreUnsafe(ref squared, (nuint)(((c + 3) * Size) + r + width));
                }
            }
            for (; c < centreCount; c++)
            {
                for (var r = 0; r < rows; r += step)
                {
                    Vector<double> s0 = default, s1 = default;
                    for (var j = 0; j < dimensions; j++)
                    {
                        var b = new Vector<double>(Unsafe.Add(ref centre, (c * dimensions) + j));
                        var d0 = Vector.LoadUnsafe(ref source, (nuint)((j * Size) + r)) - b;
                        var d1 = Vector.LoadUnsafe(ref source, (nuint)((j * Size) + r + width)) - b;
                        s0 += d0 * d0;
                        s1 += d1 * d1;
                    }
                    s0.StoreUnsafe(ref squared, (nuint)((c * Size) + r));
                    s1.StoreUnsafe(ref squared, (nuint)((c * Size) + r + width));
                }
            }
        }
    }

    /// <summary>After <see cref="FindNearest"/>: the nearest centre of each loaded row.</summary>
    internal int[] NearestCentre { get; } = new int[Size];

    /// <summary>After <see cref="FindNearest"/>: the squared distance of each loaded row to its nearest centre.</summary>
    internal double[] NearestSquared { get; } = new double[Size];

    /// <summary>
    /// For every loaded row, the nearest of the first <paramref name="centreCount"/> centres of the last
    /// <see cref="Compute"/> (ties go to the lower index, as <see cref="KMeansDistance.Nearest"/>), vectorised across
    /// rows: a branchy scalar argmin mispredicts on almost every row.
    /// </summary>
    internal void FindNearest(int centreCount)
    {
        var squared = Squared;
        var width = Vector<double>.Count;
        var r = 0;
        for (; r + width <= _count; r += width)
        {
            var best = new Vector<double>(squared, r);
            var index = Vector<double>.Zero;
            for (var c = 1; c < centreCount; c++)
            {
                var candidate = new Vector<double>(squared, unchecked((c * Size) + r));
                var closer = Vector.LessThan(candidate, best);
                best = Vector.ConditionalSelect(closer, candidate, best);
                index = Vector.ConditionalSelect(closer, new Vector<double>(c), index);
            }
            best.CopyTo(NearestSquared, r);
            for (var lane = 0; lane < width; lane++)
            {
                NearestCentre[r + lane] = (int)index[lane];
            }
        }
        for (; r < _count; r++)
        {
            var best = 0;
            var bestDistance = squared[r];
            for (var c = 1; c < centreCount; c++)
            {
                var d = squared[unchecked((c * Size) + r)];
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = c;
                }
            }
            NearestCentre[r] = best;
            NearestSquared[r] = bestDistance;
        }
    }
}
