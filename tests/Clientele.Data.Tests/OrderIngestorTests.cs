using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

public sealed class OrderIngestorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    private ClienteleStore CreateStore(string engine) => _stores.Open(engine);

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_FullOnlineRetail_EveryRowAccountedFor(string engine)
    {
        using var store = CreateStore(engine);
        var summary = new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("rejects.csv") });

        // 541,909 rows and 135,080 without CustomerID: ../shared/data/online-retail/README.md.
        Assert.Equal("online-retail", summary.Layout);
        Assert.Equal(541_909, summary.Read);
        Assert.Equal(summary.Read, summary.Accepted + summary.Rejected);
        Assert.Equal(135_080, Count(summary, "missing_customer_id"));
        Assert.Equal(summary.Rejected, summary.RejectedByReason.Sum(r => r.Rows));
        Assert.Equal(summary.Accepted, store.Scalar<long>("SELECT count(*) FROM order_lines"));
        Assert.Equal(summary.ReturnLines, store.Scalar<long>("SELECT count(*) FROM order_lines WHERE is_return"));

        // Every rejected row is in the report, once, with its reason.
        var reportLines = File.ReadLines(summary.RejectsFile!).Count() - 1;
        Assert.Equal(summary.Rejected, reportLines);

        // The README's "usual cleaning" (CustomerID present, Quantity > 0, UnitPrice > 0) keeps 397,884 rows of 4,338
        // customers, duplicates included. Ours keeps the same purchase lines less the exact duplicates we reject.
        var purchaseLines = store.Scalar<long>("SELECT count(*) FROM order_lines WHERE NOT is_return");
        var purchaseDuplicates = _stores.Files().Scalar<long>(
            "SELECT count(*) FROM read_csv($path, header = true, all_varchar = true) WHERE reason = 'duplicate_line' AND raw NOT LIKE 'C%'",
            ("path", summary.RejectsFile));
        Assert.Equal(397_884, purchaseLines + purchaseDuplicates);
        Assert.Equal(4_338, store.Scalar<long>("SELECT count(DISTINCT customer_id) FROM order_lines WHERE NOT is_return"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_SameBytesTwice_SecondAddsNothing(string engine)
    {
        using var store = CreateStore(engine);
        var file = TestData.Sample("CDNOW_sample.txt");
        var first = new OrderIngestor(store).Ingest(file, new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var copy = _folder.File("renamed.txt");
        File.Copy(file, copy);
        var second = new OrderIngestor(store).Ingest(copy, new IngestOptions { RejectsPath = _stores.RejectsPath() });

        Assert.False(first.AlreadyIngested);
        Assert.True(second.AlreadyIngested);
        Assert.Equal(first.Read, second.Read);
        Assert.Equal(first.Accepted, store.Scalar<long>("SELECT count(*) FROM order_lines"));
        Assert.Equal(1L, store.Scalar<long>("SELECT count(*) FROM source_files"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_CdnowSample_AllRowsAcceptedAsTransactions(string engine)
    {
        using var store = CreateStore(engine);
        var summary = new OrderIngestor(store).Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        // 6,919 transactions of 2,357 customers, $244,091.94 in all: ../shared/data/cdnow/README.md.
        Assert.Equal("cdnow", summary.Layout);
        Assert.Equal(6_919, summary.Read);
        Assert.Equal(6_919, summary.Accepted);
        Assert.Equal(2_357, store.Scalar<long>("SELECT count(*) FROM customers"));
        Assert.Equal(244_091.94m, store.Scalar<decimal>("SELECT sum(amount) FROM order_lines"));
        Assert.Equal(6_919, store.Scalar<long>("SELECT count(DISTINCT order_id) FROM order_lines"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_CdnowMasterWithHeader_HeaderIsNotARow(string engine)
    {
        using var store = CreateStore(engine);
        var summary = new OrderIngestor(store).Ingest(TestData.Shared("cdnow/CDNOW_master.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        // 69,659 transactions, 23,570 customers, $2,500,315.63: ../shared/data/cdnow/README.md.
        Assert.Equal(69_659, summary.Read);
        Assert.Equal(69_659, summary.Accepted);
        Assert.Equal(23_570, store.Scalar<long>("SELECT count(*) FROM customers"));
        Assert.Equal(2_500_315.63m, store.Scalar<decimal>("SELECT sum(amount) FROM order_lines"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_CancelledHalfway_StoreAndReportAsBefore(string engine)
    {
        using var store = CreateStore(engine);
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelAfter(cancellation, rows: 50_000);
        var rejects = _folder.File("rejects.csv");

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = rejects }, progress, cancellation.Token));

        Assert.True(progress.Cancelled);
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM order_lines"));
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM customers"));
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM source_files"));
        Assert.False(File.Exists(rejects));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.partial"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_QuotedFieldSpanningLines_LineNumbersFollowTheFile(string engine)
    {
        var csv = _folder.Write("multi.csv", string.Join('\n',
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            "1,A,\"two",
            "lines\",1,2011-01-01 10:00:00,1.00,100,UK",
            "",
            "2,B,plain,x,2011-01-01 10:00:00,1.00,100,UK",
            ""));
        using var store = CreateStore(engine);
        var summary = new OrderIngestor(store).Ingest(csv, new IngestOptions { RejectsPath = _folder.File("r.csv"), Limits = new IngestLimits { AcceptRejects = true } });

        Assert.Equal(2, summary.Read);
        Assert.Equal(1, summary.Accepted);
        Assert.Equal("two\nlines", store.Scalar<string>("SELECT description FROM order_lines"));
        Assert.Equal(2L, store.Scalar<long>("SELECT line_number FROM order_lines"));
        // Line 5: header 1, record on lines 2–3, a blank line 4, the bad record on 5.
        var report = File.ReadAllLines(_folder.File("r.csv"));
        Assert.StartsWith("5,Quantity,unparsable_number,", report[1], StringComparison.Ordinal);
    }

    private static long Count(IngestSummary summary, string reason) =>
        summary.RejectedByReason.Where(r => r.Reason == reason).Sum(r => r.Rows);

    /// <summary>Cancels the ingest once it has read enough rows, as a user pressing Ctrl+C would.</summary>
    private sealed class CancelAfter(CancellationTokenSource source, long rows) : IProgress<IngestProgress>
    {
        public bool Cancelled { get; private set; }

        public void Report(IngestProgress value)
        {
            if (value.RowsRead >= rows && !Cancelled)
            {
                Cancelled = true;
                source.Cancel();
            }
        }
    }
}
