using System.Globalization;
using System.Text;
using Clientele.Language.Tokenization;

namespace Clientele.Language.Sentiment;

/// <summary>
/// Turns a text into a sparse vector of hashed character n-grams, the features of the Chinese sentiment model.
/// Thread-safe; work buffers are kept per thread, so a call allocates only what it returns.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>The text is put in Unicode NFKC form (full-width Latin letters, digits and punctuation become their ASCII
/// forms) and lower-cased; white space and format characters (such as a stray U+FEFF) are dropped.</item>
/// <item>Every run of 1 to <see cref="MaximumLength"/> consecutive code points is hashed with 32-bit FNV-1a: start from
/// 2166136261, fold in the n-gram's length and then each code point (XOR, then multiply by 16777619), and keep the
/// low <see cref="BucketBits"/> bits as the bucket.</item>
/// <item>A bucket's value is ln(1 + count), and the vector is scaled to unit Euclidean length.</item>
/// </list>
/// </remarks>
public sealed class CharNgramHasher
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    [ThreadStatic]
    private static int[]? t_codePoints;

    [ThreadStatic]
    private static int[]? t_hashes;

    /// <summary>A hasher of 1- to <paramref name="maximumLength"/>-grams into 2^<paramref name="bucketBits"/> buckets.</summary>
    public CharNgramHasher(int maximumLength, int bucketBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumLength, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBits, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bucketBits, 24);
        MaximumLength = maximumLength;
        BucketBits = bucketBits;
    }

    /// <summary>The longest n-gram, in code points.</summary>
    public int MaximumLength { get; }

    /// <summary>log2 of the number of buckets.</summary>
    public int BucketBits { get; }

    /// <summary>The vector length, 2^<see cref="BucketBits"/>.</summary>
    public int Buckets => 1 << BucketBits;

    /// <summary>A one-line description, stored with the model.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"character 1..{MaximumLength}-grams of the NFKC, lower-cased text without white space; FNV-1a 32 hashes into 2^{BucketBits} buckets; ln(1 + count), unit length");

    /// <summary>The features of <paramref name="text"/>: bucket indices in ascending order and their values.</summary>
    public (int[] Indices, float[] Values) Featurize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var codePoints = t_codePoints ?? new int[256];
        var hashes = t_hashes ?? new int[512];
        try
        {
            var count = Hash(text, ref codePoints, ref hashes);
            if (count == 0)
            {
                return ([], []);
            }
            var buckets = hashes.AsSpan(0, count);
            buckets.Sort();
            var distinct = 1;
            for (var i = 1; i < count; i++)
            {
                if (buckets[i] != buckets[i - 1])
                {
                    distinct++;
                }
            }
            var indices = new int[distinct];
            var values = new float[distinct];
            var k = 0;
            var run = 1;
            for (var i = 1; i <= count; i++)
            {
                if (i < count && buckets[i] == buckets[i - 1])
                {
                    run++;
                    continue;
                }
                indices[k] = buckets[i - 1];
                values[k] = (float)Math.Log(1 + run);
                k++;
                run = 1;
            }
            var norm = 0.0;
            foreach (var v in values)
            {
                norm += (double)v * v;
            }
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= scale;
            }
            return (indices, values);
        }
        finally
        {
            t_codePoints = codePoints;
            t_hashes = hashes;
        }
    }

    /// <summary>Writes the bucket of every n-gram of <paramref name="text"/> into <paramref name="hashes"/>; returns how many.</summary>
    private int Hash(string text, ref int[] codePoints, ref int[] hashes)
    {
        var length = Nfkc.Normalize(text.AsSpan(), ref codePoints);
        var kept = 0;
        for (var i = 0; i < length; i++)
        {
            var rune = new Rune(Rune.IsValid(codePoints[i]) ? codePoints[i] : 0xFFFD);
            if (Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                continue;
            }
            codePoints[kept++] = Rune.ToLowerInvariant(rune).Value;
        }
        var needed = kept * MaximumLength;
        if (hashes.Length < needed)
        {
            hashes = new int[Math.Max(needed, hashes.Length * 2)];
        }
        var mask = (uint)(Buckets - 1);
        var count = 0;
        for (var n = 1; n <= MaximumLength; n++)
        {
            for (var start = 0; start + n <= kept; start++)
            {
                var hash = unchecked((FnvOffset ^ (uint)n) * FnvPrime);
                for (var j = 0; j < n; j++)
                {
                    hash = unchecked((hash ^ (uint)codePoints[start + j]) * FnvPrime);
                }
                hashes[count++] = (int)(hash & mask);
            }
        }
        return count;
    }
}
