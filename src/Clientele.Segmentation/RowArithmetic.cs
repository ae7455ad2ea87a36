using System.Numerics;
using System.Runtime.CompilerServices;

namespace Clientele.Segmentation;

/// <summary>
/// Element-wise updates of a short span (a cluster's sums, a block's per-feature totals) by one row, a vector at a
/// time and inline: for a handful of features a library call per row costs more than the arithmetic. Each element is
/// computed exactly as a scalar loop would, so the results do not depend on the vector width.
/// </summary>
internal static class RowArithmetic
{
    /// <summary><paramref name="target"/> += <paramref name="sign"/> × <paramref name="row"/>, with sign ±1 (an exact negation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddScaled(Span<double> target, ReadOnlySpan<double> row, double sign)
    {
        var width = Vector<double>.Count;
        var j = 0;
        if (target.Length >= width)
        {
            var signs = new Vector<double>(sign);
            for (; j + width <= target.Length; j += width)
            {
                (new Vector<double>(target[j..]) + (signs * new Vector<double>(row[j..]))).CopyTo(target[j..]);
            }
        }
        for (; j < target.Length; j++)
        {
            target[j] += sign * row[j];
        }
    }

    /// <summary><paramref name="squares"/> += (<paramref name="row"/> − <paramref name="mean"/>)², element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddSquaredDeviation(Span<double> squares, ReadOnlySpan<double> row, ReadOnlySpan<double> mean)
    {
        var width = Vector<double>.Count;
        var j = 0;
        for (; j + width <= squares.Length; j += width)
        {
            var deviation = new Vector<double>(row[j..]) - new Vector<double>(mean[j..]);
            (new Vector<double>(squares[j..]) + (deviation * deviation)).CopyTo(squares[j..]);
        }
        for (; j < squares.Length; j++)
        {
            var deviation = row[j] - mean[j];
            squares[j] += deviation * deviation;
        }
    }

    /// <summary>Widens [<paramref name="minimum"/>, <paramref name="maximum"/>] element by element to take in <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Extend(Span<double> minimum, Span<double> maximum, ReadOnlySpan<double> row)
    {
        var width = Vector<double>.Count;
        var j = 0;
        for (; j + width <= row.Length; j += width)
        {
            var value = new Vector<double>(row[j..]);
            Vector.Min(new Vector<double>(minimum[j..]), value).CopyTo(minimum[j..]);
            Vector.Max(new Vector<double>(maximum[j..]), value).CopyTo(maximum[j..]);
        }
        for (; j < row.Length; j++)
        {
            minimum[j] = Math.Min(minimum[j], row[j]);
            maximum[j] = Math.Max(maximum[j], row[j]);
        }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy(ReadOnlySpan<double> source, Span<double> destination)
    {
        var width = Vector<double>.Count;
        var j = 0;
        for (; j + width <= source.Length; j += width)
        {
            new Vector<double>(source[j..]).CopyTo(destination[j..]);
        }
        for (; j < source.Length; j++)
        {
            destination[j] = source[j];
        }
    }
}
