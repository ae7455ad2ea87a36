using System.Security.Cryptography;
using System.Text;
using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Data.Tests;

/// <summary>The byte scan before DuckDB's read: which lines only the C# reader reads right, the hash, the lines by number.</summary>
public sealed class CsvFileScanTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Scan_LinesWithQuotesOrEdgeSpaces_KeptWithTheirNumbers()
    {
        var text = "a,\"b\",c\r\n"          // 1: the header is never kept
            + "1,2,3\r\n"                   // 2
            + "1,\"2,5\",3\r\n"             // 3: a quote
            + "1, 2,3\r\n"                  // 4: a space after the delimiter
            + "1,2 ,3\r\n"                  // 5: a space before it
            + "1,2,3 \r\n"                  // 6: at the line's end
            + " 1,2,3\r\n"                  // 7: at its start
            + "1,2\u00A0,3\r\n"             // 8: a no-break space
            + "1,2\t,3\r\n"                 // 9: a tab that is not the delimiter
            + "1,£2,3\r\n"                  // 10: non-ASCII, not a space
            + "1,two words,3";              // 11: a space inside a field, no line end
        var file = Write("kept.csv", text);

        var scan = CsvFileScan.Scan(file, ',', out var sha256);

        Assert.NotNull(scan);
        Assert.Equal([3L, 4, 5, 6, 7, 8, 9], scan.Kept.Select(k => k.Line));
        Assert.Equal("1,\"2,5\",3", scan.Kept[0].Text);
        Assert.Equal("1,2\u00A0,3", scan.Kept[5].Text);
        Assert.Equal(11, scan.Lines);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), sha256);
    }

    [Fact]
    public void Scan_LoneCarriageReturn_GivesUp()
    {
        var file = Write("cr.csv", "a,b\n1,2\r3,4\n");
        Assert.Null(CsvFileScan.Scan(file, ',', out _));
    }

    [Fact]
    public void Scan_Checksum_WeighsEveryLineAfterTheHeaderButTheKeptOnes()
    {
        var file = Write("sum.csv", "h1,h2\nab,c\n\"x\",y\nlonger,line\n");
        var scan = CsvFileScan.Scan(file, ',', out _)!;

        // Lines 2 and 4 (line 3 is kept): Σ line × (length + 1) and Σ (line mod 65521) × (length + 1)², by hand.
        Assert.Equal((Int128)((2 * 5) + (4 * 12)), scan.Checksum.ByLine);
        Assert.Equal((Int128)((2 * 25) + (4 * 144)), scan.Checksum.BySquare);
    }

    [Fact]
    public void ReadLines_AcrossTheScansBlocks_GivesEachLineAsWritten()
    {
        // About 9 MB: the lines asked for lie in the first, second and third of the scan's 4 MB blocks.
        var lines = Enumerable.Range(1, 300_000).Select(i => $"{i},{new string((char)('a' + (i % 26)), 20)}").ToList();
        var file = Write("long.csv", "n,text\n" + string.Join("\n", lines) + "\n");
        long[] wanted = [2, 3, 150_000, 150_001, 299_999, 300_001];

        var read = CsvFileScan.ReadLines(file, wanted).ToList();

        Assert.Equal(wanted, read.Select(r => r.Line));
        Assert.All(read, r => Assert.Equal(lines[(int)r.Line - 2], r.Text));
    }

    private string Write(string name, string text)
    {
        var file = _folder.File(name);
        File.WriteAllText(file, text, new UTF8Encoding(false));
        return file;
    }
}
