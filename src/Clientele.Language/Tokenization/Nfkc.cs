using System.Collections.Frozen;
using System.Globalization;

namespace Clientele.Language.Tokenization;

/// <summary>
/// Unicode normalisation form KC (compatibility decomposition, then canonical composition), written out because the
/// process runs with invariant globalization, where <see cref="string.Normalize(System.Text.NormalizationForm)"/>
/// leaves non-ASCII text as it is.
/// </summary>
/// <remarks>
/// The algorithm is UAX #15's: every code point is replaced by its full compatibility decomposition (Hangul syllables
/// by arithmetic), each run of non-starters is sorted stably by canonical combining class, and then each starter is
/// composed with the following characters that are not blocked from it. The tables (<c>nfkc-data.txt</c>) were
/// generated from Node's <c>String.prototype.normalize</c> by <c>generate-nfkc-data.mjs</c>, so the result is the one
/// the USE-lite JavaScript runtime tokenizes. Text is handled as code points; an unpaired surrogate stays itself.
/// </remarks>
internal static class Nfkc
{
    private const int HangulSBase = 0xAC00;
    private const int HangulLBase = 0x1100;
    private const int HangulVBase = 0x1161;
    private const int HangulTBase = 0x11A7;
    private const int HangulLCount = 19;
    private const int HangulVCount = 21;
    private const int HangulTCount = 28;
    private const int HangulNCount = HangulVCount * HangulTCount;
    private const int HangulSCount = HangulLCount * HangulNCount;

    private static readonly Lazy<Tables> Data = new(Tables.Load);

    /// <summary>
    /// Writes the NFKC form of <paramref name="text"/> as code points into <paramref name="output"/> (grown when too
    /// small) and returns how many were written.
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> text, ref int[] output)
    {
        if (output.Length < text.Length)
        {
            output = new int[Math.Max(text.Length, output.Length * 2)];
        }
        if (IsAscii(text))
        {
            for (var i = 0; i < text.Length; i++)
            {
                output[i] = text[i];
            }
            return text.Length;
        }

        var tables = Data.Value;
        var count = Decompose(text, tables, ref output);
        Reorder(output.AsSpan(0, count), tables);
        return Compose(output.AsSpan(0, count), tables);
    }

    /// <summary>The NFKC form of <paramref name="text"/> as a string (for tests and diagnostics).</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new int[text.Length];
        var count = Normalize(text.AsSpan(), ref buffer);
        var builder = new System.Text.StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            AppendCodePoint(builder, buffer[i]);
        }
        return builder.ToString();
    }

    private static bool IsAscii(ReadOnlySpan<char> text) => System.Text.Ascii.IsValid(text);

    private static int Decompose(ReadOnlySpan<char> text, Tables tables, ref int[] output)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            if (cp is >= HangulSBase and < HangulSBase + HangulSCount)
            {
                var index = cp - HangulSBase;
                Append(ref output, ref count, HangulLBase + (index / HangulNCount));
                Append(ref output, ref count, HangulVBase + (index % HangulNCount / HangulTCount));
                var t = index % HangulTCount;
                if (t != 0)
                {
                    Append(ref output, ref count, HangulTBase + t);
                }
            }
            else if (tables.Decompositions.TryGetValue(cp, out var mapping))
            {
                foreach (var d in mapping)
                {
                    Append(ref output, ref count, d);
                }
            }
            else
            {
                Append(ref output, ref count, cp);
            }
        }
        return count;
    }

    private static void Append(ref int[] output, ref int count, int codePoint)
    {
        if (count == output.Length)
        {
            Array.Resize(ref output, output.Length * 2 + 8);
        }
        output[count++] = codePoint;
    }

    /// <summary>Canonical ordering: a stable insertion sort of each run of non-starters by combining class.</summary>
    private static void Reorder(Span<int> text, Tables tables)
    {
        for (var i = 1; i < text.Length; i++)
        {
            var cp = text[i];
            var ccc = tables.CombiningClass(cp);
            if (ccc == 0)
            {
                continue;
            }
            var j = i;
            while (j > 0)
            {
                var before = tables.CombiningClass(text[j - 1]);
                if (before <= ccc)
                {
                    break;
                }
                text[j] = text[j - 1];
                j--;
            }
            text[j] = cp;
        }
    }

    /// <summary>Canonical composition in place (UAX #15, with the blocking rule); returns the new length.</summary>
    private static int Compose(Span<int> text, Tables tables)
    {
        if (text.IsEmpty)
        {
            return 0;
        }
        var starterIndex = 0;
        var starter = text[0];
        var lastClass = tables.CombiningClass(starter);
        if (lastClass != 0)
        {
            lastClass = 256; // a leading non-starter blocks everything after it
        }
        var length = 1;
        for (var i = 1; i < text.Length; i++)
        {
            var cp = text[i];
            var ccc = tables.CombiningClass(cp);
            if ((lastClass < ccc || lastClass == 0) && TryCompose(starter, cp, tables, out var composite))
            {
                text[starterIndex] = composite;
                starter = composite;
                continue;
            }
            if (ccc == 0)
            {
                starterIndex = length;
                starter = cp;
            }
            lastClass = ccc;
            text[length++] = cp;
        }
        return length;
    }

    private static bool TryCompose(int first, int second, Tables tables, out int composite)
    {
        if (first is >= HangulLBase and < HangulLBase + HangulLCount
            && second is >= HangulVBase and < HangulVBase + HangulVCount)
        {
            composite = HangulSBase + ((((first - HangulLBase) * HangulVCount) + (second - HangulVBase)) * HangulTCount);
            return true;
        }
        if (first is >= HangulSBase and < HangulSBase + HangulSCount
            && (first - HangulSBase) % HangulTCount == 0
            && second is > HangulTBase and < HangulTBase + HangulTCount)
        {
            composite = first + (second - HangulTBase);
            return true;
        }
        return tables.Compositions.TryGetValue(((long)first << 21) | (uint)second, out composite);
    }

    private static void AppendCodePoint(System.Text.StringBuilder builder, int cp)
    {
        if (cp is >= 0xD800 and <= 0xDFFF)
        {
            builder.Append((char)cp); // an unpaired surrogate, kept as it came
        }
        else
        {
            builder.Append(char.ConvertFromUtf32(cp));
        }
    }

    private sealed class Tables
    {
        private const int DenseClassLimit = 0x20000;

        private readonly byte[] _denseClasses = new byte[DenseClassLimit];
        private readonly Dictionary<int, byte> _sparseClasses = [];

        public FrozenDictionary<int, int[]> Decompositions { get; private set; } = FrozenDictionary<int, int[]>.Empty;

        /// <summary>(first &lt;&lt; 21 | second) → the primary composite.</summary>
        public FrozenDictionary<long, int> Compositions { get; private set; } = FrozenDictionary<long, int>.Empty;

        public int CombiningClass(int cp) =>
            (uint)cp < DenseClassLimit ? _denseClasses[cp] : _sparseClasses.GetValueOrDefault(cp);

        public static Tables Load()
        {
            const string resource = "Clientele.Language.nfkc-data.txt";
            using var stream = typeof(Nfkc).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from {typeof(Nfkc).Assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            var tables = new Tables();
            var decompositions = new Dictionary<int, int[]>();
            var compositions = new Dictionary<long, int>();
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }
                var fields = line.Split(' ');
                switch (fields[0])
                {
                    case "D":
                        decompositions[Hex(fields[1])] = fields.Skip(2).Select(Hex).ToArray();
                        break;
                    case "C":
                        var rank = byte.Parse(fields[3], CultureInfo.InvariantCulture);
                        for (var cp = Hex(fields[1]); cp <= Hex(fields[2]); cp++)
                        {
                            if (cp < DenseClassLimit)
                            {
                                tables._denseClasses[cp] = rank;
                            }
                            else
                            {
                                tables._sparseClasses[cp] = rank;
                            }
                        }
                        break;
                    case "P":
                        compositions[((long)Hex(fields[1]) << 21) | (uint)Hex(fields[2])] = Hex(fields[3]);
                        break;
                    default:
                        throw new InvalidDataException($"{resource}: unexpected line '{line}'.");
                }
            }
            tables.Decompositions = decompositions.ToFrozenDictionary();
            tables.Compositions = compositions.ToFrozenDictionary();
            return tables;
        }

        private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
