namespace Clientele.Cli.Tests;

/// <summary>
/// Files that cannot be ingested at all: each gives one clear line on stderr naming the file, exit code 1,
/// and leaves a store that already holds data exactly as it was.
/// </summary>
public sealed class IngestBadInputTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _store;
    private readonly (long OrderLines, long SourceFiles, long Customers, long Products) _before;

    public IngestBadInputTests()
    {
        _store = _temp.File("store.duckdb");
        var good = _temp.Write("good.csv", OnlineRetail.FiveGoodLines);
        Cli.Ok("ingest", "orders", good, "--store", _store, "--output", "json");
        _before = StoreFile.Counts(_store);
        // 5 lines, 1 file, 2 customers, 5 products: hand-counted in OnlineRetail.FiveGoodLines.
        Assert.Equal((5L, 1L, 2L, 5L), _before);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ingest_NonExistentPath_OneLineErrorStoreUnchanged()
    {
        var missing = _temp.File("no-such-orders.csv");

        var result = IngestInto(missing);

        Cli.AssertOneLineError(result, "no-such-orders.csv");
        Assert.Contains("no such file", result.Err, StringComparison.Ordinal);
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_Folder_OneLineErrorStoreUnchanged()
    {
        var folder = _temp.File("orders-folder.csv");
        Directory.CreateDirectory(folder);

        var result = IngestInto(folder);

        Cli.AssertOneLineError(result, "orders-folder.csv");
        Assert.Contains("folder", result.Err, StringComparison.Ordinal);
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_EmptyFile_OneLineErrorStoreUnchanged()
    {
        var empty = _temp.WriteBytes("empty.csv", []);

        var result = IngestInto(empty);

        Cli.AssertOneLineError(result, "empty.csv");
        Assert.Contains("empty", result.Err.Replace("empty.csv", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_HeaderOnly_NoDataRowsErrorStoreUnchanged()
    {
        var headerOnly = _temp.Write("header-only.csv", OnlineRetail.Header + "\n");

        var result = IngestInto(headerOnly);

        Cli.AssertOneLineError(result, "header-only.csv");
        Assert.Contains("no data rows", result.Err, StringComparison.Ordinal);
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_RandomBytesWithNuls_BinaryErrorStoreUnchanged()
    {
        var bytes = new byte[4096];
        new Random(20240601).NextBytes(bytes);
        bytes[0] = (byte)'x'; // not gzip's 1F 8B nor Parquet's PAR1
        bytes[100] = 0;
        var binary = _temp.WriteBytes("random.csv", bytes);

        var result = IngestInto(binary);

        Cli.AssertOneLineError(result, "random.csv");
        Assert.Contains("binary", result.Err, StringComparison.Ordinal);
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_PngImage_BinaryErrorStoreUnchanged()
    {
        // A complete 1×1 PNG (signature, IHDR, IDAT, IEND): its chunk lengths hold NUL bytes.
        byte[] png =
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
            0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
            0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
            0x42, 0x60, 0x82,
        ];
        var image = _temp.WriteBytes("orders.png", png);

        var result = IngestInto(image);

        Cli.AssertOneLineError(result, "orders.png");
        Assert.Contains("binary", result.Err, StringComparison.Ordinal);
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_PngSignatureOnly_OneLineErrorStoreUnchanged()
    {
        // Just the 8-byte PNG signature: no NUL byte, so it passes for text; it must still fail cleanly.
        var image = _temp.WriteBytes("signature.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        var result = IngestInto(image);

        Cli.AssertOneLineError(result, "signature.png");
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_CorruptGzip_OneLineErrorStoreUnchanged()
    {
        // A valid gzip header (magic 1F 8B, deflate, no flags) followed by bytes that are not deflate data.
        var bytes = new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03 }
            .Concat(Enumerable.Repeat((byte)0xFF, 256)).ToArray();
        var corrupt = _temp.WriteBytes("orders.csv.gz", bytes);

        var result = IngestInto(corrupt);

        Cli.AssertOneLineError(result, "orders.csv.gz");
        Assert.Contains("corrupt", result.Err, StringComparison.Ordinal);
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_TruncatedGzip_NonZeroExitStoreUnchanged()
    {
        // The first 1 MB of the 7.5 MB sample: the gzip stream stops mid-way (no deflate end block, no CRC trailer).
        var sample = TestData.Sample("online_retail.csv.gz");
        var head = new byte[1_000_000];
        using (var file = File.OpenRead(sample))
        {
            file.ReadExactly(head);
        }
        var truncated = _temp.WriteBytes("truncated.csv.gz", head);

        var result = IngestInto(truncated);

        Cli.AssertOneLineError(result, "truncated.csv.gz");
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_MissingUnitPriceWithOnlineRetailSchema_ErrorNamesUnitPrice()
    {
        var noPrice = _temp.Write(
            "no-price.csv",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,CustomerID,Country\n"
            + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,17850,United Kingdom\n");

        var result = IngestInto(noPrice, "--schema", "online-retail");

        Cli.AssertOneLineError(result, "no-price.csv");
        Assert.Contains("UnitPrice", result.Err, StringComparison.Ordinal);
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_MissingUnitPriceWithAutoSchema_ErrorCannotTellLayout()
    {
        var noPrice = _temp.Write(
            "no-price.csv",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,CustomerID,Country\n"
            + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,17850,United Kingdom\n");

        var result = IngestInto(noPrice, "--schema", "auto");

        Cli.AssertOneLineError(result, "no-price.csv");
        Assert.Contains("cannot tell the layout", result.Err, StringComparison.Ordinal);
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    [Fact]
    public void Ingest_EveryRowBad_NonZeroNothingIngestedRejectsWritten()
    {
        // Three rows, every one without a CustomerID.
        var allBad = _temp.Write(
            "all-bad.csv",
            OnlineRetail.Header + "\n"
            + "536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom\n"
            + "536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,2010-12-01 14:32:00,2.51,,United Kingdom\n"
            + "536544,21774,DECORATIVE CATS BATHROOM BOTTLE,2,2010-12-01 14:32:00,2.51,,United Kingdom\n");
        var rejects = _temp.File("all-bad.rejects.csv");

        var result = IngestInto(allBad, "--rejects", rejects);

        Cli.AssertOneLineError(result, "all-bad.csv");
        Assert.Contains("nothing was ingested", result.Err, StringComparison.Ordinal);
        Assert.True(File.Exists(rejects), $"no rejects file at {rejects}: {result}");
        var rows = Csv.Read(rejects);
        Assert.Equal(["line", "column", "reason", "detail", "raw"], rows[0]);
        // Lines 2, 3 and 4 (header is line 1): the three rows written above.
        Assert.Equal(["2", "3", "4"], rows.Skip(1).Select(r => r[0]));
        Assert.All(rows.Skip(1), r => Assert.Equal("missing_customer_id", r[2]));
        Assert.Equal(_before, StoreFile.Counts(_store));
    }

    private CliResult IngestInto(string file, params string[] extra) =>
        Cli.Run(["ingest", "orders", file, "--store", _store, "--output", "json", .. extra]);
}
