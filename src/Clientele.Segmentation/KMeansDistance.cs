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
    /// Register-blocked (<see cref="ComputeBlocked{T}"/>). Each lane adds <c>(x − c)²</c> feature by feature in column
    /// order, multiply then add (never fused), so the values are bit-for-bit <see cref="KMeansDistance.Squared"/>'s.
    /// </remarks>
    internal void Compute(ReadOnlySpan<double> centres, int centreCount)
    {
        var rows = PaddedRows<double>();
        if (centres.Length < centreCount * _dimensions || Squared.Length < centreCount * Size || _source.Length < _offset + (_dimensions * Size))
        {
            throw new InvalidOperationException("DistanceTile.Compute: the tile, the centres or the source are smaller than the loops need.");
        }
        ComputeBlocked(ref _source[_offset], centres, ref Squared[0], centreCount, rows, _dimensions);
    }

    /// <summary>The loaded row count rounded up to two vectors of <typeparamref name="T"/>: the kernel's step.</summary>
    private int PaddedRows<T>()
    {
        var step = 2 * Vector<T>.Count;
        return (_count + step - 1) / step * step;
    }

    /// <summary>
    /// Squared distances of <paramref name="rows"/> transposed rows (feature j of row r at <c>source[j × Size + r]</c>)
    /// to <paramref name="centreCount"/> centres, into <c>squared[c × Size + r]</c>. Two vectors of rows against four
    /// centres at a time keep eight running sums in registers while the features stream by, so that each loaded value
    /// serves four centres and nothing but the final sums is stored. Rows past the loaded count (up to the next multiple
    /// of two vectors) are computed too and ignored: a tile is always <see cref="Size"/> long. The callers check that
    /// every index stays inside its array.
    /// </summary>
    private static void ComputeBlocked<T>(ref T source, ReadOnlySpan<T> centres, ref T squared, int centreCount, int rows, int dimensions)
        where T : unmanaged, INumber<T>
    {
        // Unchecked: the index arithmetic stays in range by the callers' guards, and checks would cost more than the work.
        unchecked
        {
            var width = Vector<T>.Count;
            var step = 2 * width;
            ref var centre = ref MemoryMarshal.GetReference(centres);
            var c = 0;
            for (; c + 4 <= centreCount; c += 4)
            {
                for (var r = 0; r < rows; r += step)
                {
                    Vector<T> s00 = default, s01 = default, s10 = default, s11 = default;
                    Vector<T> s20 = default, s21 = default, s30 = default, s31 = default;
                    for (var j = 0; j < dimensions; j++)
                    {
                        var x0 = Vector.LoadUnsafe(ref source, (nuint)((j * Size) + r));
                        var x1 = Vector.LoadUnsafe(ref source, (nuint)((j * Size) + r + width));
                        var b = new Vector<T>(Unsafe.Add(ref centre, (c * dimensions) + j));
                        var d0 = x0 - b;
                        var d1 = x1 - b;
                        s00 += d0 * d0;
                        s01 += d1 * d1;
                        b = new Vector<T>(Unsafe.Add(ref centre, ((c + 1) * dimensions) + j));
                        d0 = x0 - b;
                        d1 = x1 - b;
                        s10 += d0 * d0;
                        s11 += d1 * d1;
                        b = new Vector<T>(Unsafe.Add(ref centre, ((c + 2) * dimensions) + j));
                        d0 = x0 - b;
                        d1 = x1 - b;
                        s20 += d0 * d0;
                        s21 += d1 * d1;
                        b = new Vector<T>(Unsafe.Add(ref centre, ((c + 3) * dimensions) + j));
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
                    Vector<T> s0 = default, s1 = default;
                    for (var j = 0; j < dimensions; j++)
                    {
                        var b = new Vector<T>(Unsafe.Add(ref centre, (c * dimensions) + j));
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

    private float[]? _single;
    private float[]? _squaredSingle;

    /// <summary>
    /// After <see cref="FindNearestFiltered"/>: non-zero where loaded row r's nearest centre could not be decided in
    /// single precision (its <see cref="NearestCentre"/> is then not to be used).
    /// </summary>
    internal int[] Undecided { get; } = new int[Size];

    /// <summary>
    /// The nearest centre of every loaded row, decided in single precision where that is certain: twice the vector
    /// width, half the memory traffic of the double kernel. A row is decided when
    /// <c>√s₂ − √s₁ &gt; relativeSlack · √s₂ + absoluteSlack</c>, where s₁ and s₂ are its smallest and second-smallest
    /// single-precision squared distances and the slacks bound the error of single precision against the exact
    /// distances (see <see cref="KMeansLloyd"/>); then the nearest centre in exact arithmetic — and so in double, whose
    /// error is ten orders of magnitude smaller — is s₁'s. Other rows are marked <see cref="Undecided"/> for the caller
    /// to settle in double. Returns whether any row is undecided (lanes past the loaded rows may count).
    /// </summary>
    /// <param name="centres">The centres rounded to single precision (row-major, c × d).</param>
    internal bool FindNearestFiltered(ReadOnlySpan<float> centres, int centreCount, float relativeSlack, float absoluteSlack)
    {
        var rows = PaddedRows<float>();
        var width = Vector<float>.Count;
        _single ??= new float[_dimensions * Size];
        _squaredSingle ??= new float[Squared.Length];
        if (centres.Length < centreCount * _dimensions || _squaredSingle.Length < centreCount * Size || _source.Length < _offset + (_dimensions * Size))
        {
            throw new InvalidOperationException("DistanceTile.FindNearestFiltered: the tile, the centres or the source are smaller than the loops need.");
        }

        // Round the tile to single precision, two double vectors into one float vector.
        var source = _source.AsSpan(_offset, _dimensions * Size);
        var doubleWidth = Vector<double>.Count;
        for (var v = 0; v + (2 * doubleWidth) <= source.Length; v += 2 * doubleWidth)
        {
            Vector.Narrow(new Vector<double>(source[v..]), new Vector<double>(source[(v + doubleWidth)..])).CopyTo(_single, v);
        }
        ComputeBlocked(ref _single[0], centres, ref _squaredSingle[0], centreCount, rows, _dimensions);

        var squared = _squaredSingle;
        var anyUndecided = false;
        var relative = new Vector<float>(relativeSlack);
        var absolute = new Vector<float>(absoluteSlack);
        for (var r = 0; r < rows; r += width)
        {
            var best = new Vector<float>(squared, r);
            var second = new Vector<float>(float.PositiveInfinity);
            var index = Vector<int>.Zero;
            for (var c = 1; c < centreCount; c++)
            {
                var candidate = new Vector<float>(squared, unchecked((c * Size) + r));
                var closer = Vector.LessThan(candidate, best);
                second = Vector.ConditionalSelect(closer, best, Vector.Min(second, candidate));
                best = Vector.ConditionalSelect(closer, candidate, best);
                index = Vector.ConditionalSelect(closer, new Vector<int>(c), index);
            }
            var farther = Vector.SquareRoot(second);
            var open = ~Vector.GreaterThan(farther - Vector.SquareRoot(best), (relative * farther) + absolute);
            open.CopyTo(Undecided, r);
            index.CopyTo(NearestCentre, r);
            anyUndecided |= open != Vector<int>.Zero;
        }
        return anyUndecided;
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
