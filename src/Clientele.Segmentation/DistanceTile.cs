using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// Scratch for the bulk distance kernels: up to <see cref="Size"/> consecutive rows held transposed in chunks of
/// <see cref="ChunkRows"/> (each chunk one feature after another, a vector's worth of rows per feature), so that the
/// distances of a chunk's rows to several centres are computed a vector of rows at a time while the kernel reads
/// memory in one sequential stream. Allocated once per worker and reused; nothing is allocated per row.
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

    /// <summary>Scratch for up to <see cref="Size"/> rows, row-major (Size × d), allocated at first use.</summary>
    internal double[] RowScratch => _rowScratch ??= new double[_dimensions * Size];

    private double[]? _rowScratch;

    /// <summary>After <see cref="Compute"/>: the squared distance of loaded row r to centre c is at <c>[c × Size + r]</c>.</summary>
    internal double[] Squared { get; }

    /// <summary>Rows per chunk of a transposed tile: two vectors of doubles, the double kernel's step (a divisor of <see cref="Size"/>).</summary>
    internal static int ChunkRows => 2 * Vector<double>.Count;

    /// <summary>
    /// Writes <paramref name="count"/> (at most <see cref="Size"/>) row-major rows transposed into
    /// <paramref name="destination"/>: feature j of row r goes to
    /// <c>[(r / ChunkRows) × ChunkRows × d + j × ChunkRows + r mod ChunkRows]</c>.
    /// </summary>
    /// <remarks>
    /// Chunks rather than one span per feature: with a tile's features kilobytes apart, a kernel reading them reads
    /// several interleaved streams, which left the hardware prefetcher behind (2.7 times slower on the machine
    /// measured); a chunk is read front to back.
    /// </remarks>
    internal static void Transpose(ReadOnlySpan<double> rows, int count, int dimensions, Span<double> destination)
    {
        var values = rows[..(count * dimensions)];
        var chunk = ChunkRows;
        var tile = destination[..(dimensions * Size)];
        for (var r = 0; r < count; r++)
        {
            var row = values.Slice(r * dimensions, dimensions);
            var first = (r / chunk * chunk * dimensions) + (r % chunk);
            for (var j = 0; j < row.Length; j++)
            {
                tile[first + (j * chunk)] = row[j];
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
    /// Register-blocked (<see cref="ScoreBlocked{T, TStep}"/>). Each lane adds <c>(x − c)²</c> feature by feature in column
    /// order, multiply then add (never fused), so the values are bit-for-bit <see cref="KMeansDistance.Squared"/>'s.
    /// </remarks>
    internal void Compute(ReadOnlySpan<double> centres, int centreCount)
    {
        var rows = PaddedRows<double>(_count);
        if (centres.Length < centreCount * _dimensions || Squared.Length < centreCount * Size || _source.Length < _offset + (_dimensions * Size))
        {
            throw new InvalidOperationException("DistanceTile.Compute: the tile, the centres or the source are smaller than the loops need.");
        }
        ScoreBlocked<double, SquaredDifference>(ref _source[_offset], centres, [], ref Squared[0], centreCount, rows, _dimensions);
    }

    /// <summary>The loaded row count rounded up to two vectors of <typeparamref name="T"/>: the kernel's step.</summary>
    private static int PaddedRows<T>(int count)
    {
        var step = 2 * Vector<T>.Count;
        return (count + step - 1) / step * step;
    }

    /// <summary>
    /// Scores of <paramref name="rows"/> transposed rows (laid out as <see cref="Transpose"/> writes them) against
    /// <paramref name="centreCount"/> centres, into <c>output[c × Size + r]</c>: each starts at
    /// <paramref name="initial"/>[c] (zero when empty) and takes one <typeparamref name="TStep"/> per feature. Per
    /// chunk, two vectors of rows against four centres at a time keep eight running scores in registers while the
    /// chunk's features stream by, so that each loaded value serves four centres and nothing but the final scores is
    /// stored. Rows past the loaded count (up to the next multiple of two vectors) are computed too and ignored: a tile
    /// is always <see cref="Size"/> long. The callers check that every index stays inside its array.
    /// </summary>
    private static void ScoreBlocked<T, TStep>(
        ref T source, ReadOnlySpan<T> centres, ReadOnlySpan<T> initial, ref T output, int centreCount, int rows, int dimensions)
        where T : unmanaged, INumber<T>
        where TStep : IScoreStep<T>
    {
        // Unchecked: the index arithmetic stays in range by the callers' guards, and checks would cost more than the work.
        unchecked
        {
            var width = Vector<T>.Count;
            var step = 2 * width;
            ref var centre = ref MemoryMarshal.GetReference(centres);
            for (var r = 0; r < rows; r += step)
            {
                ref var chunk = ref Unsafe.Add(ref source, r * dimensions);
                var c = 0;
                for (; c + 4 <= centreCount; c += 4)
                {
                    var s00 = Start(initial, c);
                    var s10 = Start(initial, c + 1);
                    var s20 = Start(initial, c + 2);
                    var s30 = Start(initial, c + 3);
                    Vector<T> s01 = s00, s11 = s10, s21 = s20, s31 = s30;
                    for (var j = 0; j < dimensions; j++)
                    {
                        var x0 = Vector.LoadUnsafe(ref chunk, (nuint)(j * step));
                        var x1 = Vector.LoadUnsafe(ref chunk, (nuint)((j * step) + width));
                        var b = new Vector<T>(Unsafe.Add(ref centre, (c * dimensions) + j));
                        s00 = TStep.Add(x0, b, s00);
                        s01 = TStep.Add(x1, b, s01);
                        b = new Vector<T>(Unsafe.Add(ref centre, ((c + 1) * dimensions) + j));
                        s10 = TStep.Add(x0, b, s10);
                        s11 = TStep.Add(x1, b, s11);
                        b = new Vector<T>(Unsafe.Add(ref centre, ((c + 2) * dimensions) + j));
                        s20 = TStep.Add(x0, b, s20);
                        s21 = TStep.Add(x1, b, s21);
                        b = new Vector<T>(Unsafe.Add(ref centre, ((c + 3) * dimensions) + j));
                        s30 = TStep.Add(x0, b, s30);
                        s31 = TStep.Add(x1, b, s31);
                    }
                    s00.StoreUnsafe(ref output, (nuint)((c * Size) + r));
                    s01.StoreUnsafe(ref output, (nuint)((c * Size) + r + width));
                    s10.StoreUnsafe(ref output, (nuint)(((c + 1) * Size) + r));
                    s11.StoreUnsafe(ref output, (nuint)(((c + 1) * Size) + r + width));
                    s20.StoreUnsafe(ref output, (nuint)(((c + 2) * Size) + r));
                    s21.StoreUnsafe(ref output, (nuint)(((c + 2) * Size) + r + width));
                    s30.StoreUnsafe(ref output, (nuint)(((c + 3) * Size) + r));
                    s31.StoreUnsafe(ref output, (nuint)(((c + 3) * Size) + r + width));
                }
                for (; c < centreCount; c++)
                {
                    var s0 = Start(initial, c);
                    var s1 = s0;
                    for (var j = 0; j < dimensions; j++)
                    {
                        var b = new Vector<T>(Unsafe.Add(ref centre, (c * dimensions) + j));
                        s0 = TStep.Add(Vector.LoadUnsafe(ref chunk, (nuint)(j * step)), b, s0);
                        s1 = TStep.Add(Vector.LoadUnsafe(ref chunk, (nuint)((j * step) + width)), b, s1);
                    }
                    s0.StoreUnsafe(ref output, (nuint)((c * Size) + r));
                    s1.StoreUnsafe(ref output, (nuint)((c * Size) + r + width));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Start<T>(ReadOnlySpan<T> initial, int centre)
        where T : unmanaged, INumber<T> =>
        initial.IsEmpty ? Vector<T>.Zero : new Vector<T>(initial[centre]);

    /// <summary>One feature's contribution to a running score in <see cref="ScoreBlocked{T, TStep}"/>.</summary>
    private interface IScoreStep<T>
        where T : unmanaged, INumber<T>
    {
        static abstract Vector<T> Add(Vector<T> row, Vector<T> centre, Vector<T> running);
    }

    /// <summary>running + (x − c)², multiply then add (never fused): the same rounding as <see cref="KMeansDistance.Squared"/>.</summary>
    private readonly struct SquaredDifference : IScoreStep<double>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Add(Vector<double> row, Vector<double> centre, Vector<double> running)
        {
            var difference = row - centre;
            return running + (difference * difference);
        }
    }

    /// <summary>
    /// running + x × c, fused where the processor has the instruction (one rounding instead of two; the error bound in
    /// <see cref="KMeansLloyd"/> allows for either).
    /// </summary>
    private readonly struct ProductStep : IScoreStep<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Add(Vector<float> row, Vector<float> centre, Vector<float> running) =>
            Fma.IsSupported || AdvSimd.IsSupported ? Vector.FusedMultiplyAdd(row, centre, running) : (row * centre) + running;
    }

    private float[]? _scores;

    /// <summary>
    /// After <see cref="FindNearestFiltered"/>: non-zero where loaded row r's nearest centre could not be decided in
    /// single precision (its <see cref="NearestCentre"/> is then not to be used).
    /// </summary>
    internal int[] Undecided { get; } = new int[Size];

    /// <summary>
    /// The nearest centre of every row of a tile, decided in single precision where that is certain. Each row scores each
    /// centre by <c>t = ‖c‖² − 2⟨x, c⟩</c>, its squared distance less the row's own squared norm: one multiply-add per
    /// feature and centre, eight lanes per AVX2 vector. A row is decided when its second-lowest score exceeds its
    /// lowest by more than <paramref name="slack"/>, which bounds twice the error of a score against exact arithmetic
    /// (see <see cref="KMeansLloyd"/>); the nearest centre in exact arithmetic — and so in double, whose errors the
    /// slack covers too — is then the lowest score's. Other rows are marked <see cref="Undecided"/> for the caller to
    /// settle in double. Returns whether any row is undecided (lanes past the loaded rows may count).
    /// </summary>
    /// <param name="singleRows">A tile's rows, centred and rounded (<see cref="CentredSingleRows.Tile"/>); no <see cref="Use"/> needed.</param>
    /// <param name="count">How many of the tile's rows are rows of the data.</param>
    /// <param name="scaledCentres">The centres, centred the same way and rounded, times −2 (row-major, c × d).</param>
    /// <param name="centreNorms">The squared norms of the centred centres, rounded.</param>
    internal bool FindNearestFiltered(
        ReadOnlySpan<float> singleRows, int count, ReadOnlySpan<float> scaledCentres, ReadOnlySpan<float> centreNorms, int centreCount, float slack)
    {
        var rows = PaddedRows<float>(count);
        var width = Vector<float>.Count;
        _scores ??= new float[Squared.Length];
        if (scaledCentres.Length < centreCount * _dimensions || centreNorms.Length < centreCount || _scores.Length < centreCount * Size
            || singleRows.Length < _dimensions * Size)
        {
            throw new InvalidOperationException("DistanceTile.FindNearestFiltered: the tile, the centres or the rows are smaller than the loops need.");
        }
        ScoreBlocked<float, ProductStep>(ref MemoryMarshal.GetReference(singleRows), scaledCentres, centreNorms, ref _scores[0], centreCount, rows, _dimensions);

        var scores = _scores;
        var anyUndecided = false;
        var margin = new Vector<float>(slack);
        for (var r = 0; r < rows; r += width)
        {
            var best = new Vector<float>(scores, r);
            var second = new Vector<float>(float.PositiveInfinity);
            var index = Vector<int>.Zero;
            for (var c = 1; c < centreCount; c++)
            {
                var candidate = new Vector<float>(scores, unchecked((c * Size) + r));
                var closer = Vector.LessThan(candidate, best);
                second = Vector.ConditionalSelect(closer, best, Vector.Min(second, candidate));
                best = Vector.ConditionalSelect(closer, candidate, best);
                index = Vector.ConditionalSelect(closer, new Vector<int>(c), index);
            }
            var open = ~Vector.GreaterThan(second - best, margin);
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
