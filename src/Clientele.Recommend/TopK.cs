using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Clientele.Recommend;

/// <summary>
/// Selects the k best scores of a vector with a bounded min-heap (O(n log k), no allocation): higher scores first,
/// equal scores by lower index. Scores that are NaN or −∞ are not candidates.
/// </summary>
internal static class TopK
{
    /// <summary>Fills <paramref name="indices"/> and <paramref name="values"/> (length ≥ k) best first; returns the count.</summary>
    public static int Select(ReadOnlySpan<float> scores, int k, Span<int> indices, Span<float> values)
    {
        var count = 0;
        var i = 0;
        for (; i < scores.Length && count < k; i++)
        {
            var score = scores[i];
            if (float.IsNaN(score) || float.IsNegativeInfinity(score))
            {
                continue;
            }
            indices[count] = i;
            values[count] = score;
            SiftUp(indices, values, count);
            count++;
        }

        // The heap is full. A later index wins only with a strictly higher score than the worst kept (an equal score
        // loses to the lower index already there, and NaN and −∞ are never higher), so 8 scores at a time that are none
        // of them higher are skipped without looking at them one by one.
        if (count == k && k > 0 && Vector256.IsHardwareAccelerated)
        {
            ref var r = ref MemoryMarshal.GetReference(scores);
            for (; i <= scores.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                if (!Vector256.GreaterThanAny(Vector256.LoadUnsafe(ref r, (nuint)i), Vector256.Create(values[0])))
                {
                    continue;
                }
                for (var j = i; j < i + Vector256<float>.Count; j++)
                {
                    Offer(scores[j], j, indices, values, count);
                }
            }
        }
        for (; i < scores.Length && k > 0; i++)
        {
            var score = scores[i];
            if (!float.IsNaN(score) && !float.IsNegativeInfinity(score))
            {
                Offer(score, i, indices, values, count);
            }
        }

        // Heap sort in place: repeatedly move the worst to the end, leaving the best first.
        for (var end = count - 1; end > 0; end--)
        {
            (indices[0], indices[end]) = (indices[end], indices[0]);
            (values[0], values[end]) = (values[end], values[0]);
            SiftDown(indices, values, end);
        }
        return count;
    }

    /// <summary>Puts (score, index) in the full heap in place of its worst when it ranks before that.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Offer(float score, int index, Span<int> indices, Span<float> values, int count)
    {
        if (Better(score, index, values[0], indices[0]))
        {
            indices[0] = index;
            values[0] = score;
            SiftDown(indices, values, count);
        }
    }

    /// <summary>Whether (a, ia) ranks before (b, ib).</summary>
    private static bool Better(float a, int ia, float b, int ib) => a > b || (a == b && ia < ib);

    // The heap keeps the worst candidate at the root.
    private static void SiftUp(Span<int> indices, Span<float> values, int position)
    {
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (!Better(values[parent], indices[parent], values[position], indices[position]))
            {
                break;
            }
            (indices[parent], indices[position]) = (indices[position], indices[parent]);
            (values[parent], values[position]) = (values[position], values[parent]);
            position = parent;
        }
    }

    private static void SiftDown(Span<int> indices, Span<float> values, int count)
    {
        var position = 0;
        while (true)
        {
            var left = (2 * position) + 1;
            if (left >= count)
            {
                return;
            }
            var worst = left;
            var right = left + 1;
            if (right < count && Better(values[left], indices[left], values[right], indices[right]))
            {
                worst = right;
            }
            if (!Better(values[position], indices[position], values[worst], indices[worst]))
            {
                return;
            }
            (indices[position], indices[worst]) = (indices[worst], indices[position]);
            (values[position], values[worst]) = (values[worst], values[position]);
            position = worst;
        }
    }
}
