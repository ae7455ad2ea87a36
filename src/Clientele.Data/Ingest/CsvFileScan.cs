using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Clientele.Data.Ingest;

/// <summary>
/// One pass over a plain UTF-8 CSV file's bytes before DuckDB reads it (<see cref="OrderBulkLoad"/>): its SHA-256 (the
/// ledger's identity), its physical line count, and the lines DuckDB's plain split could read differently from
/// <see cref="CsvRecordSource"/>: any line with a quote, or with whitespace that <see cref="string.Trim()"/> would take
/// off a field (a space or tab beside a delimiter or a line end, any other Unicode space). Those lines are kept whole,
/// with their numbers, and parsed by the C# reader; every other line is a plain split on the delimiter, the same in
/// both readers. A lone carriage return (not before a line feed) makes the scan give up: the readers would disagree
/// on where lines end.
/// </summary>
internal sealed class CsvFileScan
{
    private const int BlockBytes = 4 << 20;

    private static readonly SearchValues<byte> NonAsciiSpaceLeads = SearchValues.Create([0xC2, 0xE1, 0xE2, 0xE3]);

    /// <summary>At most this many lines are kept whole; a file with more takes the C# reader for everything.</summary>
    public const int MaximumKeptLines = 2_000_000;

    private CsvFileScan(string sha256, long lines, IReadOnlyList<KeptLine> kept, LineChecksum checksum)
    {
        Sha256 = sha256;
        Lines = lines;
        Kept = kept;
        Checksum = checksum;
    }

    /// <summary>
    /// Line numbers weighed by line lengths over the lines after the header that are not kept: what DuckDB's rows must
    /// give when their order is the file's (see <see cref="LineChecksum"/>).
    /// </summary>
    public LineChecksum Checksum { get; }

    public string Sha256 { get; }

    /// <summary>Physical lines (a last line without a line feed counts).</summary>
    public long Lines { get; }

    /// <summary>The lines that need the C# reader, in file order, without their line ends; never the header (line 1).</summary>
    public IReadOnlyList<KeptLine> Kept { get; }

    /// <summary>A line kept whole: its number (1-based) and text.</summary>
    internal readonly record struct KeptLine(long Line, string Text);

    /// <summary>Scans <paramref name="path"/>; null when the file has a lone carriage return or too many lines to keep.</summary>
    /// <param name="bytesRead">Told the bytes read so far, after each block (for a progress bar).</param>
    public static CsvFileScan? Scan(string path, char delimiter, out string sha256, Action<long>? bytesRead = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        var kept = new List<KeptLine>();
        var checksum = new LineChecksum();
        var usable = true;
        var lastLine = 0L;
        var whole = ForEachBlock(
            path,
            bytes =>
            {
                hash.AppendData(bytes);
                total += bytes.Length;
                bytesRead?.Invoke(total);
            },
            (block, firstLine) =>
            {
                // The hash needs every byte, so the file is read to its end even after the scan gives up.
                usable = usable && ScanBlock(block, firstLine, (byte)delimiter, kept);
                if (usable)
                {
                    lastLine = checksum.AddLines(block, firstLine);
                }
                return true;
            });
        sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        foreach (var line in kept)
        {
            checksum.Remove(line.Line, Encoding.UTF8.GetByteCount(line.Text));
        }
        return usable && whole ? new CsvFileScan(sha256, lastLine, kept, checksum) : null;
    }

    /// <summary>
    /// The text of the given lines (1-based, ascending), without their line ends, in one pass over the file; for the
    /// rejects report's raw lines of rows that never went through the C# reader.
    /// </summary>
    public static List<(long Line, string Text)> ReadLines(string path, IReadOnlyList<long> lines)
    {
        var found = new List<(long, string)>(lines.Count);
        if (lines.Count == 0)
        {
            return found;
        }
        ForEachBlock(path, null, (block, firstLine) =>
        {
            var line = firstLine;
            foreach (var text in new LineEnumerator(block))
            {
                if (found.Count < lines.Count && lines[found.Count] == line)
                {
                    found.Add((line, Encoding.UTF8.GetString(text)));
                }
                line++;
            }
            return found.Count < lines.Count;
        });
        return found;
    }

    private delegate bool BlockVisitor(ReadOnlySpan<byte> block, long firstLine);

    /// <summary>
    /// Reads the file in blocks of whole lines (the last line even without a line feed) and gives each to
    /// <paramref name="visit"/> with the number of its first line, until it returns false; every byte read goes to
    /// <paramref name="read"/> first. False when a line was longer than two blocks (it was given cut).
    /// </summary>
    private static bool ForEachBlock(string path, Action<ReadOnlySpan<byte>>? read, BlockVisitor visit)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[BlockBytes * 2];
        var carried = 0;
        long firstLine = 1;
        var whole = true;
        while (true)
        {
            var count = file.Read(buffer, carried, BlockBytes);
            read?.Invoke(buffer.AsSpan(carried, count));
            var filled = carried + count;
            var end = count == 0 ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            if (end == 0 && count > 0 && filled < buffer.Length)
            {
                carried = filled; // one line longer than the block: read more before looking at it
                continue;
            }
            if (end == 0 && count > 0)
            {
                whole = false;
                end = filled;
            }
            var block = buffer.AsSpan(0, end);
            if (!visit(block, firstLine) || count == 0)
            {
                return whole;
            }
            firstLine += block.Count((byte)'\n');
            buffer.AsSpan(end, filled - end).CopyTo(buffer);
            carried = filled - end;
        }
    }

    /// <summary>Finds the lines of <paramref name="block"/> (whole lines) that need the C# reader; false to give up.</summary>
    private static bool ScanBlock(ReadOnlySpan<byte> block, long firstLine, byte delimiter, List<KeptLine> kept)
    {
        // The next hit of each pattern at or after where the scan stands; each pattern's search only moves forward.
        Span<int> next = stackalloc int[PatternCount];
        for (var p = 0; p < PatternCount; p++)
        {
            next[p] = Find(block, 0, p, delimiter);
        }
        var line = firstLine;
        var counted = 0; // line feeds before this offset are counted in `line`
        while (true)
        {
            var hit = int.MaxValue;
            foreach (var at in next)
            {
                hit = Math.Min(hit, at);
            }
            if (hit == int.MaxValue)
            {
                return true;
            }
            var lineStart = block[..hit].LastIndexOf((byte)'\n') + 1;
            var lineEndOffset = block[hit..].IndexOf((byte)'\n');
            var lineEnd = lineEndOffset < 0 ? block.Length : hit + lineEndOffset;
            line += block[counted..lineStart].Count((byte)'\n');
            counted = lineStart;
            var text = WithoutCarriageReturn(block[lineStart..lineEnd]);
            if (text.IndexOf((byte)'\r') >= 0)
            {
                return false; // a lone carriage return: the readers would split lines differently
            }
            if (line > 1)
            {
                if (kept.Count >= MaximumKeptLines)
                {
                    return false;
                }
                kept.Add(new KeptLine(line, Encoding.UTF8.GetString(text)));
            }
            for (var p = 0; p < PatternCount; p++)
            {
                if (next[p] <= lineEnd)
                {
                    next[p] = Find(block, lineEnd + 1, p, delimiter);
                }
            }
        }
    }

    private const int PatternCount = 10;

    /// <summary>A line's text without the carriage return of a <c>\r\n</c> line end.</summary>
    internal static ReadOnlySpan<byte> WithoutCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    /// <summary>
    /// The offset of the first byte at or after <paramref name="from"/> that makes its line suspect by pattern
    /// <paramref name="pattern"/>, or <see cref="int.MaxValue"/>: a quote; a vertical tab or form feed; a tab that is not
    /// the delimiter; a carriage return; a space beside the delimiter or at a line's start or end; a Unicode space other
    /// than ASCII's (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
    /// </summary>
    private static int Find(ReadOnlySpan<byte> block, int from, int pattern, byte delimiter)
    {
        if (from >= block.Length)
        {
            return int.MaxValue;
        }
        var rest = block[from..];
        ReadOnlySpan<byte> spaceAfter = [delimiter, (byte)' '];
        ReadOnlySpan<byte> spaceBefore = [(byte)' ', delimiter];
        var at = pattern switch
        {
            0 => rest.IndexOf((byte)'"'),
            1 => rest.IndexOfAny((byte)'\v', (byte)'\f'),
            2 => delimiter == '\t' ? -1 : rest.IndexOf((byte)'\t'),
            3 => rest.IndexOf((byte)'\r'), // a line end's too: the line is looked at, and kept only when the CR is alone
            4 => Shift(rest.IndexOf(spaceAfter), 1),
            5 => rest.IndexOf(spaceBefore),
            6 => Shift(rest.IndexOf("\n "u8), 1),
            7 => rest.IndexOf(" \n"u8),
            8 => rest.IndexOf(" \r"u8),
            _ => NextUnicodeSpace(rest),
        };
        if (pattern == 3)
        {
            // Skip carriage returns that end a line (before a line feed): only a lone one matters.
            while (at >= 0 && at + 1 < rest.Length && rest[at + 1] == '\n')
            {
                var again = rest[(at + 1)..].IndexOf((byte)'\r');
                at = again < 0 ? -1 : at + 1 + again;
            }
        }
        if (from == 0 && rest.Length > 0 && rest[0] == ' ' && pattern == 6)
        {
            at = 0; // the block's first line starts with a space
        }
        if (at < 0 && pattern == 7 && rest.Length > 0 && rest[^1] == ' ')
        {
            at = rest.Length - 1; // the file's last line, without a line feed, ends with a space
        }
        return at < 0 ? int.MaxValue : from + at;

        static int Shift(int index, int by) => index < 0 ? -1 : index + by;
    }

    private static int NextUnicodeSpace(ReadOnlySpan<byte> rest)
    {
        var offset = 0;
        while (true)
        {
            var lead = rest[offset..].IndexOfAny(NonAsciiSpaceLeads);
            if (lead < 0)
            {
                return -1;
            }
            if (IsUnicodeSpace(rest[(offset + lead)..]))
            {
                return offset + lead;
            }
            offset += lead + 1;
        }
    }

    private static bool IsUnicodeSpace(ReadOnlySpan<byte> s) => s switch
    {
        [0xC2, 0x85 or 0xA0, ..] => true,
        [0xE1, 0x9A, 0x80, ..] => true,
        [0xE2, 0x80, >= 0x80 and <= 0x8A, ..] => true,
        [0xE2, 0x80, 0xA8 or 0xA9 or 0xAF, ..] => true,
        [0xE2, 0x81, 0x9F, ..] => true,
        [0xE3, 0x80, 0x80, ..] => true,
        _ => false,
    };
}

/// <summary>
/// Two sums over a file's lines after the header, Σ line × (length + 1) and Σ (line mod 65521) × (length + 1)², where
/// length is the line's bytes without its line end: equal on both sides only when DuckDB's rows come in the file's
/// order (a row's line is its rowid + 2), so that a plan that reorders rows is caught, not trusted.
/// </summary>
internal sealed class LineChecksum
{
    public Int128 ByLine { get; private set; }

    public Int128 BySquare { get; private set; }

    /// <summary>The same sums in SQL over <paramref name="table"/>'s rows (rowid in file order, <c>len</c> the line's bytes).</summary>
    public static string Sql(string table, string where) =>
        $"SELECT sum(CAST(rowid + 2 AS HUGEINT) * (len + 1)), sum(CAST((rowid + 2) % 65521 AS HUGEINT) * (len + 1) * (len + 1)) FROM {table} {where}";

    /// <summary>Adds the whole lines of <paramref name="block"/>; returns the number of its last line.</summary>
    internal long AddLines(ReadOnlySpan<byte> block, long firstLine)
    {
        var line = firstLine - 1;
        foreach (var text in new LineEnumerator(block))
        {
            if (++line > 1)
            {
                Add(line, text.Length);
            }
        }
        return line;
    }

    internal void Remove(long line, int length) => Add(line, length, -1);

    private void Add(long line, int length, int sign = 1)
    {
        Int128 weight = length + 1;
        ByLine += sign * line * weight;
        BySquare += sign * (line % 65521) * weight * weight;
    }
}

/// <summary>The lines of a block of whole lines, without their line ends (<c>\n</c>, or <c>\r\n</c>).</summary>
internal ref struct LineEnumerator(ReadOnlySpan<byte> block)
{
    private ReadOnlySpan<byte> _rest = block;

    public ReadOnlySpan<byte> Current { get; private set; }

    public readonly LineEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }
        var feed = _rest.IndexOf((byte)'\n');
        Current = CsvFileScan.WithoutCarriageReturn(feed < 0 ? _rest : _rest[..feed]);
        _rest = feed < 0 ? [] : _rest[(feed + 1)..];
        return true;
    }
}
