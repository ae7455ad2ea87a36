using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

/// <summary>The reject threshold, overlap between files and the id-shape warning (issue 13, "ingest you can trust").</summary>
public sealed class IngestLimitsTests : IDisposable
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    private ClienteleStore CreateStore(string engine) => _stores.Open(engine);

    /// <summary>Line i: invoice 1000+i/3, product Pi, quantity 1 + i % 4, price 1.5 + i, customer 12000 + i % 7.</summary>
    private static string Line(int i) =>
        $"{1000 + (i / 3)},P{i},ITEM {i},{1 + (i % 4)},2011-01-{1 + (i % 28):00} 10:00:00,{1.5m + i},{12000 + (i % 7)},United Kingdom";

    private string WriteLines(string name, IEnumerable<string> lines, string newline = "\n") =>
        _folder.Write(name, string.Join(newline, [Header, .. lines]) + newline);

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_MoreRejectedThanThreshold_StopsStoreUnchangedReportWritten(string engine)
    {
        // 20 lines, 3 with an unparsable price: 15 % > the default 10 %.
        var lines = Enumerable.Range(0, 20).Select(i => i % 7 == 0 ? Line(i).Replace($",{1.5m + i},", ",n/a,", StringComparison.Ordinal) : Line(i));
        var file = WriteLines("bad.csv", lines);
        var report = _folder.File("bad.rejects.csv");
        using var store = CreateStore(engine);

        var error = Assert.Throws<ClienteleException>(() => new OrderIngestor(store).Ingest(file, new IngestOptions { RejectsPath = report }));

        Assert.Contains("3 of 20 lines were rejected (15.0 %)", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 unparsable number (UnitPrice)", error.Message, StringComparison.Ordinal);
        Assert.Contains(report, error.Message, StringComparison.Ordinal);
        Assert.Contains("--accept-rejects", error.Message, StringComparison.Ordinal);
        Assert.Contains("--max-rejected", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM order_lines"));
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM customers"));
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM source_files"));
        Assert.Equal(4, File.ReadAllLines(report).Length); // header + the 3 rejected lines
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_AcceptRejectsOrHigherThreshold_Commits(string engine)
    {
        var lines = Enumerable.Range(0, 20).Select(i => i % 7 == 0 ? Line(i).Replace($",{1.5m + i},", ",n/a,", StringComparison.Ordinal) : Line(i)).ToList();
        using var store = CreateStore(engine);

        var accepted = new OrderIngestor(store).Ingest(WriteLines("a.csv", lines), new IngestOptions { RejectsPath = _stores.RejectsPath(), Limits = new IngestLimits { AcceptRejects = true } });
        var higher = new OrderIngestor(store).Ingest(WriteLines("b.csv", lines.Select(l => "9" + l)), new IngestOptions { RejectsPath = _stores.RejectsPath(), Limits = new IngestLimits { MaxRejected = 0.15 } });

        Assert.Equal(17, accepted.Accepted);
        Assert.Equal(17, higher.Accepted); // exactly 15 % is allowed at --max-rejected 15%
        Assert.Equal(34L, store.Scalar<long>("SELECT count(*) FROM order_lines"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_GuestLinesWithoutCustomerId_NotCountedTowardThreshold(string engine)
    {
        // 10 guest lines (empty CustomerID) and 10 customer lines, one of them bad: 1 of 10 customer lines = 10 %, allowed.
        var lines = Enumerable.Range(0, 20).Select(i => i < 10 ? Line(i).Replace($",{12000 + (i % 7)},", ",,", StringComparison.Ordinal) : Line(i)).ToList();
        lines[15] = lines[15].Replace(",2011-01-", ",2011-13-", StringComparison.Ordinal);
        using var store = CreateStore(engine);

        var summary = new OrderIngestor(store).Ingest(WriteLines("guests.csv", lines), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        Assert.Equal(9, summary.Accepted);
        Assert.Equal(11, summary.Rejected);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_OnlineRetailSample_PassesDefaultThreshold(string engine)
    {
        // 135,080 lines without CustomerID are guests; of the other 406,829, 5,265 are rejected (1.3 %).
        using var store = CreateStore(engine);
        var summary = new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("r.csv") });

        Assert.Equal(401_564, summary.Accepted);
        Assert.Equal(0, summary.Overlap);
        Assert.Empty(summary.Warnings);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_SameLinesWithCrlfInsteadOfLf_AllOverlapNothingAddedTwice(string engine)
    {
        var lines = Enumerable.Range(0, 30).Select(Line).ToList();
        var lf = WriteLines("lf.csv", lines, "\n");
        var crlf = WriteLines("crlf.csv", lines, "\r\n");
        var report = _folder.File("crlf.rejects.csv");
        using var store = CreateStore(engine);
        new OrderIngestor(store).Ingest(lf, new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var revenue = store.Scalar<decimal>("SELECT sum(amount) FROM order_lines");

        var second = new OrderIngestor(store).Ingest(crlf, new IngestOptions { RejectsPath = report });

        Assert.False(second.AlreadyIngested); // other bytes
        Assert.Equal(30, second.Read);
        Assert.Equal(0, second.Accepted);
        Assert.Equal(30, second.Overlap);
        Assert.Equal(revenue, store.Scalar<decimal>("SELECT sum(amount) FROM order_lines"));
        Assert.Equal(30L, store.Scalar<long>("SELECT count(*) FROM order_lines"));
        // The file is in the ledger (so the same bytes are known next time), and each line names the earlier file.
        Assert.Equal(2L, store.Scalar<long>("SELECT count(*) FROM source_files"));
        var rows = File.ReadAllLines(report).Skip(1).ToList();
        Assert.Equal(30, rows.Count);
        Assert.All(rows, r => Assert.Contains($",overlap,same line as in file 1 ({lf})", r, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_FileHalfOverlappingAnother_OnlyNewLinesAdded(string engine)
    {
        // Lines 0–19, then lines 10–29: 10 overlap, 10 new; revenue is that of lines 0–29 once each.
        using var store = CreateStore(engine);
        new OrderIngestor(store).Ingest(WriteLines("first.csv", Enumerable.Range(0, 20).Select(Line)), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var second = new OrderIngestor(store).Ingest(WriteLines("second.csv", Enumerable.Range(10, 20).Select(Line)), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        Assert.Equal(20, second.Read);
        Assert.Equal(10, second.Accepted);
        Assert.Equal(10, second.Overlap);
        Assert.Equal(second.Read, second.Accepted + second.Rejected);
        // Σ (1 + i % 4)(1.5 + i) over i = 0…29, computed independently here.
        var expected = Enumerable.Range(0, 30).Sum(i => (1 + (i % 4)) * (1.5m + i));
        Assert.Equal(expected, store.Scalar<decimal>("SELECT sum(amount) FROM order_lines"));
        Assert.Equal(10L, store.Scalar<long>("SELECT count(*) FROM order_lines WHERE file_id = 2"));
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM order_lines WHERE file_id = 2 AND line_number < 12"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_AllowOverlap_AddsTheLinesAgain(string engine)
    {
        using var store = CreateStore(engine);
        new OrderIngestor(store).Ingest(WriteLines("first.csv", Enumerable.Range(0, 20).Select(Line)), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var second = new OrderIngestor(store).Ingest(
            WriteLines("second.csv", Enumerable.Range(10, 20).Select(Line)), new IngestOptions { RejectsPath = _stores.RejectsPath(), Limits = new IngestLimits { AllowOverlap = true } });

        Assert.Equal(20, second.Accepted);
        Assert.Equal(0, second.Overlap);
        Assert.Equal(40L, store.Scalar<long>("SELECT count(*) FROM order_lines"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_CdnowIntoOnlineRetailStore_WarnsOfAnotherSource(string engine)
    {
        using var store = CreateStore(engine);
        var first = new OrderIngestor(store).Ingest(WriteLines("retail.csv", Enumerable.Range(0, 20).Select(Line)), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var cdnow = new OrderIngestor(store).Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        Assert.Empty(first.Warnings);
        var warning = Assert.Single(cdnow.Warnings);
        Assert.Contains("layout is cdnow and the store's other order files are online-retail", warning, StringComparison.Ordinal);
        // CDNOW sample ids are 1–4 digits (1…23,556); the synthetic retail ids are 12000…12006.
        Assert.Contains("digits of length 1–4 and the store's are digits of length 5", warning, StringComparison.Ordinal);
        Assert.Contains("clientele files remove 2", warning, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_SecondFileOfSameSource_NoWarning(string engine)
    {
        using var store = CreateStore(engine);
        new OrderIngestor(store).Ingest(WriteLines("a.csv", Enumerable.Range(0, 20).Select(Line)), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var second = new OrderIngestor(store).Ingest(WriteLines("b.csv", Enumerable.Range(20, 20).Select(Line)), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        Assert.Empty(second.Warnings);
    }

    [Theory]
    [InlineData("0.1", 0.1)]
    [InlineData("10%", 0.1)]
    [InlineData(" 25 % ", 0.25)]
    [InlineData("0", 0.0)]
    [InlineData("100%", 1.0)]
    public void ParseShare_ValidText_Share(string text, double expected) => Assert.Equal(expected, IngestLimits.ParseShare(text), 12);

    [Theory]
    [InlineData("ten")]
    [InlineData("150%")]
    [InlineData("-0.1")]
    [InlineData("1.5")]
    public void ParseShare_InvalidText_NamesTheOption(string text) =>
        Assert.Contains("--max-rejected", Assert.Throws<ClienteleException>(() => IngestLimits.ParseShare(text)).Message, StringComparison.Ordinal);
}
