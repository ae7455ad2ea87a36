using System.IO.Compression;
using System.Text;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Tests;
using CsCheck;

namespace Clientele.Data.Tests;

public sealed class TextEncodingTests : IDisposable
{
    private const int PlainLines = 70_000;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // CSV-like text, mostly ASCII as order files are, with some accented and non-Latin letters.
    private static readonly Gen<string> Texts = Gen.String[Gen.Frequency((20, Gen.Char["abcdefghij,0123456789.\n"]), (1, Gen.Char["éÈçßøЖ中€"])), 20, 400];

    public static TheoryData<string> Encodings => ["utf-8", "utf-8-bom", "utf-16le", "utf-16le-bom", "utf-16be", "utf-16be-bom", "utf-32le", "utf-32le-bom", "utf-32be", "utf-32be-bom"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Detect_EncodedText_PropertyDecodesToTheSameText(string name)
    {
        var bom = name.EndsWith("-bom", StringComparison.Ordinal);
        Encoding encoding = name.Replace("-bom", "", StringComparison.Ordinal) switch
        {
            "utf-8" => new UTF8Encoding(bom),
            "utf-16le" => new UnicodeEncoding(false, bom),
            "utf-16be" => new UnicodeEncoding(true, bom),
            "utf-32le" => new UTF32Encoding(false, bom),
            _ => new UTF32Encoding(true, bom),
        };
        Texts.Sample(text =>
        {
            byte[] bytes = [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
            var detected = TextEncoding.Detect(bytes);
            using var reader = new StreamReader(new MemoryStream(bytes), detected, detectEncodingFromByteOrderMarks: false);
            Assert.Equal(text, reader.ReadToEnd());
        }, iter: 500);
    }

    [Fact]
    public void CsvRecordSource_Utf16File_ReadNotCalledBinary()
    {
        var path = _folder.File("orders.csv");
        File.WriteAllText(path, "customer_id,date\n1,2020-01-01\n", new UnicodeEncoding(false, true));

        Assert.Equal(InputKind.Text, InputFile.Inspect(path));
        using var source = new CsvRecordSource(path, InputKind.Text);
        Assert.True(source.Read());
        Assert.Equal(["customer_id", "date"], source.Header);
        Assert.Equal(["1", "2020-01-01"], source.Fields);
    }

    [Fact]
    public void CsvRecordSource_Latin1BytesInGzipAsUtf8_RefusedWithTheLineAndByte()
    {
        var path = _folder.File("orders.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            // 70,000 lines before the bad byte: beyond the reader's first buffer and the gzip block.
            var text = new StringBuilder("customer_id,description\n");
            for (var i = 0; i < PlainLines; i++)
            {
                text.Append(i).Append(",plain\n");
            }
            text.Append("70000,CAFÉ CRÈME\n");
            gzip.Write(Encoding.Latin1.GetBytes(text.ToString()));
        }

        var error = Assert.Throws<ClienteleException>(() =>
        {
            using var source = new CsvRecordSource(path, InputKind.GzipText);
            while (source.Read())
            {
            }
        });

        Assert.Equal(PlainLines + 2, error.Line); // after the header and the plain lines
        Assert.Contains("byte 0xC9 is not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("--encoding latin1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("latin1", "CAFÉ CRÈME")]
    [InlineData("windows-1252", "5€ – CAFÉ")]
    [InlineData("ISO_8859-15", "5€ CAFÉ")]
    public void Resolve_NamedEncoding_DecodesItsText(string name, string text)
    {
        var encoding = TextEncoding.Resolve(name)!;
        Assert.Equal(text, encoding.GetString(encoding.GetBytes(text)));
    }

    [Fact]
    public void Resolve_UnknownName_OneLineErrorWithExamples()
    {
        var error = Assert.Throws<ClienteleException>(() => TextEncoding.Resolve("klingon"));
        Assert.Equal("--encoding klingon: not an encoding this machine knows; try latin1, windows-1252, iso-8859-15, utf-16 or utf-8", error.Message);
    }
}
