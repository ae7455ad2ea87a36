using System.Globalization;
using System.IO.Compression;
using System.Text;
using Clientele.Core;

namespace Clientele.Language.Sentiment;

/// <summary>
/// A labelled review corpus as the sentiment trainers read it: one entry per distinct non-empty text, in file order,
/// with the counts that reconcile it with the file (rows = texts + empty + duplicates).
/// </summary>
/// <remarks>
/// Repeated texts are kept once (the first row's label wins) so that no held-out text is also a training text: the
/// Alexa file repeats 770 of its reviews verbatim (the same review shown under several product variants), and a split
/// that left them in would measure memory rather than generalisation.
/// </remarks>
public sealed class SentimentCorpus
{
    private SentimentCorpus(string name, IReadOnlyList<LabelledText> texts, int rows, int empty, int duplicates, int conflicting)
    {
        Name = name;
        Texts = texts;
        Rows = rows;
        Empty = empty;
        Duplicates = duplicates;
        Conflicting = conflicting;
    }

    /// <summary>The file name the corpus was read from.</summary>
    public string Name { get; }

    /// <summary>The distinct non-empty texts with their labels, in file order.</summary>
    public IReadOnlyList<LabelledText> Texts { get; }

    /// <summary>Data rows in the file.</summary>
    public int Rows { get; }

    /// <summary>Rows whose text is empty or white space (left out).</summary>
    public int Empty { get; }

    /// <summary>Rows whose text repeats an earlier row's (left out).</summary>
    public int Duplicates { get; }

    /// <summary>Of <see cref="Duplicates"/>, those whose label differs from the first row's.</summary>
    public int Conflicting { get; }

    /// <summary>
    /// The Amazon Alexa reviews (<c>amazon_alexa.tsv</c>: tab-separated, a header with <c>rating</c> and
    /// <c>verified_reviews</c>), labelled from the stars by <see cref="SentimentLabels.FromStars"/>.
    /// </summary>
    /// <exception cref="ClienteleException">The file is missing, lacks a column, or has a bad rating; the message says where.</exception>
    public static SentimentCorpus ReadAmazonAlexa(string path)
    {
        using var reader = OpenText(path);
        return Read(path, reader, '\t', "verified_reviews", "rating", value =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var stars) && stars is >= 1 and <= 5
                ? SentimentLabels.FromStars(stars)
                : null, "a star rating from 1 to 5");
    }

    /// <summary>
    /// The Chinese online-shopping reviews (<c>online_shopping_10_cats.csv</c>, plain or gzip: a header with
    /// <c>label</c> and <c>review</c>; label 1 positive, 0 negative). Stray U+FEFF characters inside texts are removed.
    /// </summary>
    /// <exception cref="ClienteleException">The file is missing, lacks a column, or has a bad label; the message says where.</exception>
    public static SentimentCorpus ReadOnlineShopping(string path)
    {
        using var reader = OpenText(path);
        return Read(path, reader, ',', "review", "label", value => value switch
        {
            "1" => SentimentLabel.Positive,
            "0" => SentimentLabel.Negative,
            _ => null,
        }, "1 (positive) or 0 (negative)");
    }

    /// <summary>
    /// A shop's star-rated reviews as a corpus: 1–2 stars negative, 4–5 positive; reviews rated in between (3 stars)
    /// are left out and counted in <paramref name="middle"/>, and <see cref="Rows"/> counts the rest (empty and repeated
    /// texts left out as for the files).
    /// </summary>
    public static SentimentCorpus FromRatings(string name, IEnumerable<(string? Text, double Rating)> reviews, out int middle)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(reviews);
        var corpus = new Builder();
        middle = 0;
        foreach (var (raw, rating) in reviews)
        {
            SentimentLabel label;
            if (rating <= 2)
            {
                label = SentimentLabel.Negative;
            }
            else if (rating >= 4)
            {
                label = SentimentLabel.Positive;
            }
            else
            {
                middle++;
                continue;
            }
            corpus.Add(raw ?? "", label);
        }
        return corpus.Build(name);
    }

    /// <summary>The labels of <see cref="Texts"/>, in order.</summary>
    public SentimentLabel[] Labels() => [.. Texts.Select(t => t.Label)];

    /// <summary>How many texts have each label.</summary>
    public IReadOnlyDictionary<SentimentLabel, int> LabelCounts() =>
        Texts.GroupBy(t => t.Label).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    private static SentimentCorpus Read(
        string path, TextReader reader, char delimiter, string textColumn, string labelColumn,
        Func<string, SentimentLabel?> parseLabel, string expectedLabel)
    {
        var records = new DelimitedReader(reader, delimiter);
        var fields = new List<string>();
        try
        {
            if (!records.Read(fields))
            {
                throw new ClienteleException("the file is empty; expected a header line", path);
            }
            var header = fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToList();
            var textIndex = ColumnIndex(header, textColumn, path);
            var labelIndex = ColumnIndex(header, labelColumn, path);
            var corpus = new Builder();
            while (records.Read(fields))
            {
                if (fields.Count != header.Count)
                {
                    throw new ClienteleException($"has {fields.Count} fields; the header has {header.Count}", path, records.Line);
                }
                var label = parseLabel(fields[labelIndex].Trim())
                    ?? throw new ClienteleException($"'{fields[labelIndex]}' is not {expectedLabel}", path, records.Line, labelColumn);
                corpus.Add(fields[textIndex], label);
            }
            return corpus.Build(Path.GetFileName(path));
        }
        catch (FormatException e)
        {
            throw new ClienteleException(e.Message, path, records.Line, innerException: e);
        }
        catch (InvalidDataException e)
        {
            throw new ClienteleException($"the gzip data is corrupt ({e.Message})", path, innerException: e);
        }
    }

    /// <summary>
    /// Collects labelled texts as every source is read: stray U+FEFF removed, empty texts and repeats of an earlier
    /// text left out and counted (with the repeats whose label disagrees with the first).
    /// </summary>
    private sealed class Builder
    {
        private readonly Dictionary<string, SentimentLabel> _seen = new(StringComparer.Ordinal);
        private readonly List<LabelledText> _texts = [];
        private int _rows, _empty, _duplicates, _conflicting;

        public void Add(string raw, SentimentLabel label)
        {
            _rows++;
            var text = raw.Replace("\uFEFF", "", StringComparison.Ordinal).Trim();
            if (text.Length == 0)
            {
                _empty++;
            }
            else if (_seen.TryGetValue(text, out var first))
            {
                _duplicates++;
                if (first != label)
                {
                    _conflicting++;
                }
            }
            else
            {
                _seen.Add(text, label);
                _texts.Add(new LabelledText(text, label));
            }
        }

        public SentimentCorpus Build(string name) => new(name, _texts, _rows, _empty, _duplicates, _conflicting);
    }

    private static int ColumnIndex(List<string> header, string column, string path)
    {
        var index = header.IndexOf(column);
        return index >= 0
            ? index
            : throw new ClienteleException($"has no column '{column}'; its columns are: {string.Join(", ", header)}", path, 1);
    }

    /// <summary>Opens a UTF-8 text file (a BOM is skipped), decompressing it when it is gzip.</summary>
    internal static StreamReader OpenText(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            throw new ClienteleException("is a folder, not a file", path);
        }
        if (!File.Exists(path))
        {
            throw new ClienteleException("no such file", path);
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        Stream stream = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true, 1 << 16);
    }
}
