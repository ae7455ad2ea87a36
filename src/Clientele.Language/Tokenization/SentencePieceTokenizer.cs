using System.Text.Json;

namespace Clientele.Language.Tokenization;

/// <summary>
/// The SentencePiece unigram tokenizer of Universal Sentence Encoder Lite, exactly as its JavaScript runtime
/// (<c>@energetic-ai/embeddings</c> 0.2.0, after <c>@tensorflow-models/universal-sentence-encoder</c>) runs it, so that
/// the ids, and so the embeddings, are the same. Immutable and thread-safe; the scratch space is the caller's.
/// </summary>
/// <remarks>
/// <para>
/// The text is NFKC-normalised; a non-empty text then gets one U+2581 (▁) in front and every space (U+0020) replaced
/// by U+2581. Over its code points a lattice holds every vocabulary piece that starts at each position (pieces 0–5 are
/// reserved and never matched); a position where no piece starts gets a one-code-point unknown edge (id 0, score 0).
/// Viterbi then keeps, for each end position, the best total score, visiting edges by ascending start and replacing
/// the best on ties (<c>&gt;=</c>), with a best of exactly 0 read as "not set", as the runtime does. The path is read
/// backwards stepping by each piece's UTF-16 length, and consecutive unknown ids are merged into one.
/// </para>
/// <para>Seven pieces have a null score in <c>vocab.json</c>; JavaScript adds null as 0, and so does this.</para>
/// </remarks>
internal sealed class SentencePieceTokenizer
{
    /// <summary>The first ids are reserved (unknown, &lt;s&gt;, &lt;/s&gt;, three extra ids) and never matched.</summary>
    public const int ReservedPieces = 6;

    /// <summary>The id of the unknown piece.</summary>
    public const int UnknownId = 0;

    private const char WordBoundary = '\u2581';

    private readonly string[] _pieces;
    private readonly double[] _scores;
    private readonly int[] _pieceLengths; // UTF-16 length, which the runtime steps back by
    private readonly Dictionary<long, int> _children = [];
    private readonly int[] _nodePiece; // trie node → the piece ending there, or -1

    private SentencePieceTokenizer(string[] pieces, double[] scores)
    {
        _pieces = pieces;
        _scores = scores;
        _pieceLengths = pieces.Select(p => p.Length).ToArray();
        var nodePiece = new List<int> { -1 };
        for (var id = ReservedPieces; id < pieces.Length; id++)
        {
            var node = 0;
            var piece = pieces[id];
            for (var i = 0; i < piece.Length; i++)
            {
                var cp = CodePointAt(piece, ref i);
                var key = Key(node, cp);
                if (!_children.TryGetValue(key, out var child))
                {
                    child = nodePiece.Count;
                    nodePiece.Add(-1);
                    _children.Add(key, child);
                }
                node = child;
            }
            if (node != 0)
            {
                nodePiece[node] = id; // a later duplicate replaces an earlier one, as in the runtime's trie
            }
        }
        _nodePiece = [.. nodePiece];
        MaximumPieceLength = pieces.Skip(ReservedPieces).Select(p => p.EnumerateRunes().Count()).DefaultIfEmpty(1).Max();
    }

    /// <summary>How many pieces the vocabulary has (ids are 0 to this − 1).</summary>
    public int VocabularySize => _pieces.Length;

    /// <summary>The longest piece, in code points.</summary>
    public int MaximumPieceLength { get; }

    /// <summary>The text of piece <paramref name="id"/>.</summary>
    public string Piece(int id) => _pieces[id];

    /// <summary>The score of piece <paramref name="id"/> (a null score reads as 0).</summary>
    public double Score(int id) => _scores[id];

    /// <summary>
    /// Reads a USE vocabulary: a JSON array of [piece, score] pairs, the score a number or null. Throws
    /// <see cref="InvalidDataException"/> naming what is wrong.
    /// </summary>
    public static SentencePieceTokenizer Load(Stream json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() <= ReservedPieces)
            {
                throw new InvalidDataException($"{source} should be a JSON array of more than {ReservedPieces} [piece, score] pairs.");
            }
            var pieces = new string[root.GetArrayLength()];
            var scores = new double[pieces.Length];
            var index = 0;
            foreach (var entry in root.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2
                    || entry[0].ValueKind != JsonValueKind.String
                    || entry[1].ValueKind is not (JsonValueKind.Number or JsonValueKind.Null))
                {
                    throw new InvalidDataException($"{source}: entry {index} should be a [piece, score] pair, the score a number or null; it is {entry.GetRawText()}.");
                }
                pieces[index] = entry[0].GetString()!;
                scores[index] = entry[1].ValueKind == JsonValueKind.Null ? 0 : entry[1].GetDouble();
                index++;
            }
            if (pieces[UnknownId].Length == 0)
            {
                throw new InvalidDataException($"{source}: the unknown piece (entry 0) is empty; the tokenizer steps back by its length.");
            }
            return new SentencePieceTokenizer(pieces, scores);
        }
    }

    /// <summary>The ids of <paramref name="text"/>, with a fresh scratch space (convenient, allocates).</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = new TokenizerScratch();
        var count = Encode(text, scratch, int.MaxValue);
        return scratch.Ids.AsSpan(0, count).ToArray();
    }

    /// <summary>
    /// Tokenizes <paramref name="text"/> into <see cref="TokenizerScratch.Ids"/> and returns how many ids were written,
    /// keeping at most the first <paramref name="maximumIds"/>. Allocates only when the scratch space must grow.
    /// </summary>
    public int Encode(ReadOnlySpan<char> text, TokenizerScratch scratch, int maximumIds)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var n = Symbols(text, scratch);
        if (n == 0)
        {
            return 0;
        }
        var symbols = scratch.Symbols;
        scratch.EnsureLattice(n, n * MaximumPieceLength + n);

        // Lattice: the edges starting at each position, in the order the runtime visits them.
        var edgeStart = scratch.EdgeStart;
        var edgeId = scratch.EdgeId;
        var edgeEnd = scratch.EdgeEnd;
        var edges = 0;
        for (var start = 0; start < n; start++)
        {
            var found = false;
            var node = 0;
            for (var end = start; end < n && _children.TryGetValue(Key(node, symbols[end]), out node); end++)
            {
                var id = _nodePiece[node];
                if (id >= 0)
                {
                    edgeStart[edges] = start;
                    edgeEnd[edges] = end + 1;
                    edgeId[edges] = id;
                    edges++;
                    found = true;
                }
            }
            if (!found)
            {
                edgeStart[edges] = start;
                edgeEnd[edges] = start + 1;
                edgeId[edges] = UnknownId;
                edges++;
            }
        }

        // Group the edges by end position, keeping ascending start within a group (a counting sort).
        var groupStart = scratch.GroupStart; // n + 2 entries
        Array.Clear(groupStart, 0, n + 2);
        for (var e = 0; e < edges; e++)
        {
            groupStart[edgeEnd[e] + 1]++;
        }
        for (var p = 1; p < n + 2; p++)
        {
            groupStart[p] += groupStart[p - 1];
        }
        var byEnd = scratch.ByEnd;
        var fill = scratch.Fill;
        Array.Copy(groupStart, fill, n + 2);
        for (var e = 0; e < edges; e++)
        {
            byEnd[fill[edgeEnd[e]]++] = e;
        }

        // Viterbi, with the runtime's tie and zero rules.
        var best = scratch.Best;
        var words = scratch.Words;
        Array.Clear(best, 0, n + 1);
        Array.Clear(words, 0, n + 1);
        for (var end = 1; end <= n; end++)
        {
            for (var g = groupStart[end]; g < groupStart[end + 1]; g++)
            {
                var e = byEnd[g];
                var id = edgeId[e];
                var score = (id == UnknownId ? 0 : _scores[id]) + best[edgeStart[e]]; // the unknown edge scores 0
                if (best[end] == 0 || score >= best[end])
                {
                    best[end] = score;
                    words[end] = id;
                }
            }
        }

        // Backtrack (right to left), merging runs of unknowns, then reverse.
        var ids = scratch.EnsureIds(n);
        var count = 0;
        var previousUnknown = false;
        for (var position = n; position > 0; position -= _pieceLengths[words[position]])
        {
            var id = words[position];
            if (!(previousUnknown && id == UnknownId))
            {
                ids[count++] = id;
            }
            previousUnknown = id == UnknownId;
        }
        Array.Reverse(ids, 0, count);
        return Math.Min(count, maximumIds);
    }

    /// <summary>NFKC, then ▁ in front and ▁ for every space; returns the number of code points in the scratch space.</summary>
    private static int Symbols(ReadOnlySpan<char> text, TokenizerScratch scratch)
    {
        var normalized = scratch.Normalized;
        var length = Nfkc.Normalize(text, ref normalized);
        scratch.Normalized = normalized;
        if (length == 0)
        {
            return 0;
        }
        var symbols = scratch.EnsureSymbols(length + 1);
        symbols[0] = WordBoundary;
        for (var i = 0; i < length; i++)
        {
            var cp = normalized[i];
            symbols[i + 1] = cp == ' ' ? WordBoundary : cp;
        }
        return length + 1;
    }

    private static long Key(int node, int codePoint) => ((long)node << 21) | (uint)codePoint;

    private static int CodePointAt(string text, ref int index)
    {
        if (char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            return char.ConvertToUtf32(text[index], text[++index]);
        }
        return text[index];
    }
}
