using System.Diagnostics;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Summaries;
using Clientele.Tests;
using Xunit.Abstractions;

namespace Clientele.Features.Tests.Summaries;

[Collection(SummaryStoreGroup.Name)]
public sealed class CustomerSummaryTablesTests(SummaryStoreFixture shop, ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Rebuild_OnlineRetailAndCdnow_AccountsForEveryLineAndCustomer()
    {
        var counts = shop.Counts;
        output.WriteLine($"bulk rebuild of {counts.Lines:N0} lines: {shop.RebuildTime.TotalSeconds:F2} s; {counts}");

        Assert.Equal(shop.Store.Scalar<long>("SELECT count(*) FROM order_lines"), counts.Lines);
        // Online Retail's 4,372 customers (../shared/data/online-retail/README.md) less 13256, whose every line has a
        // zero price (rejected at ingest; counted with python's csv module), and CDNOW's 2,357 (samples/README.md).
        Assert.Equal(4_371 + 2_357, counts.Customers);
        Assert.Equal(shop.Store.Scalar<long>("SELECT count(DISTINCT customer_id) FROM order_lines"), counts.Customers);
        var summaries = CustomerSummaryTables.ReadSummaries(shop.Store);
        Assert.Equal(counts.Lines, summaries.Sum(s => s.PurchaseLines + s.ReturnLines));
        // 4,338 Online Retail customers with a purchase (README, "usual cleaning"), and every CDNOW customer.
        Assert.Equal(4_338 + 2_357, summaries.Count(s => s.PurchaseOrders > 0));
    }

    /// <summary>A second rebuild of the whole Online Retail store (the tables dropped and filled anew) gives the same rows.</summary>
    [Fact]
    public void Rebuild_OnlineRetailAgain_SameRows()
    {
        var summaries = CustomerSummaryTables.ReadSummaries(shop.Store);
        var productDays = CustomerSummaryTables.ReadProductDays(shop.Store);
        var clock = Stopwatch.StartNew();

        var counts = CustomerSummaryTables.Rebuild(shop.Store);

        output.WriteLine($"second bulk rebuild: {clock.Elapsed.TotalSeconds:F2} s (first {shop.RebuildTime.TotalSeconds:F2} s)");
        Assert.Equal(shop.Counts, counts);
        Assert.Equal(summaries, CustomerSummaryTables.ReadSummaries(shop.Store));
        Assert.Equal(productDays, CustomerSummaryTables.ReadProductDays(shop.Store));
    }

    /// <summary>
    /// On DuckDB the rebuilt tables' string ids are stored with FSST, as SummarySchema.CreateTablesFor names it. Left to
    /// choose, DuckDB stores Online Retail's product ids (about 3,700 distinct) in dictionaries, so this fails if the
    /// rebuild uses the portable text.
    /// </summary>
    [Fact]
    public void Rebuild_DuckDb_StoresTheStringIdsWithFsst()
    {
        shop.Store.Execute("CHECKPOINT");
        foreach (var (table, column) in new[] { ("customer_products", "product_id"), ("customer_product_days", "product_id"), ("customer_orders", "order_id"), ("customer_summaries", "customer_id") })
        {
            using var command = shop.Store.Command(
                $"SELECT DISTINCT compression FROM pragma_storage_info('{table}') WHERE column_name = '{column}' AND segment_type = 'VARCHAR' ORDER BY 1");
            using var reader = command.ExecuteReader();
            var methods = new List<string>();
            while (reader.Read())
            {
                methods.Add(reader.GetString(0));
            }
            Assert.Equal(["FSST"], methods);
        }
    }

    [Fact]
    public void Apply_WriterPreparedBeforeARebuild_KeepsWorking()
    {
        using var store = ClienteleStore.Open(_folder.File("prepared.duckdb"));
        using var writer = new CustomerSummaryWriter(store);
        var lines = CustomerSummaryBuilderTests.HandWrittenLines();
        writer.Apply(lines[0]);

        CustomerSummaryTables.Rebuild(store); // no order lines: empties the tables
        foreach (var line in lines)
        {
            writer.Apply(line);
        }

        Assert.Equal([CustomerSummaryBuilderTests.HandWrittenA, CustomerSummaryBuilderTests.HandWrittenB], CustomerSummaryTables.ReadSummaries(store));
    }

    [Fact]
    public void IsCurrent_AfterAnotherIngest_FalseUntilRebuilt()
    {
        using var store = ClienteleStore.Open(_folder.File("stale.duckdb"));
        var ingestor = new OrderIngestor(store);
        ingestor.Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _folder.File("r.csv") });
        Assert.False(CustomerSummaryTables.IsCurrent(store)); // never built
        CustomerSummaryTables.Rebuild(store);
        Assert.True(CustomerSummaryTables.IsCurrent(store));
        Assert.True(CustomerSummaryTables.IsCurrent(shop.Store));

        var more = _folder.Write("more.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            1001,A,apple,2,1998-07-01 09:00:00,1.50,1,UK
            """);
        ingestor.Ingest(more, new IngestOptions { RejectsPath = _folder.File("r2.csv") });

        Assert.False(CustomerSummaryTables.IsCurrent(store));
        CustomerSummaryTables.Rebuild(store);
        Assert.True(CustomerSummaryTables.IsCurrent(store));
    }

    [Fact]
    public void IsCurrent_AFileSwappedForAnotherOfAsManyLines_FalseUntilRebuilt()
    {
        // IsCurrent keeps its answer while the line counts and the ingested files stay the same: swapping a file for
        // another of as many lines for the same customers changes only the amounts, and must still be seen.
        using var store = ClienteleStore.Open(_folder.File("swap.duckdb"));
        var ingestor = new OrderIngestor(store);
        var first = _folder.Write("first.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            1001,A,apple,2,2011-07-01 09:00:00,1.50,1,UK
            """);
        var second = _folder.Write("second.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            1001,A,apple,3,2011-07-01 09:00:00,1.50,1,UK
            """);
        ingestor.Ingest(first, new IngestOptions { RejectsPath = _folder.File("r1.csv") });
        CustomerSummaryTables.Rebuild(store);
        Assert.True(CustomerSummaryTables.IsCurrent(store));

        SourceFiles.Remove(store, first);
        ingestor.Ingest(second, new IngestOptions { RejectsPath = _folder.File("r2.csv") });

        Assert.False(CustomerSummaryTables.IsCurrent(store));
        Assert.False(CustomerSummaryTables.IsCurrent(store)); // the kept answer
        CustomerSummaryTables.Rebuild(store);
        Assert.True(CustomerSummaryTables.IsCurrent(store));
    }

    [Fact]
    public void IsCurrent_InAnotherProcess_TakesTheRebuildsRecordedState()
    {
        // A copy of the store stands for another process: this one has never asked about it. The rebuild recorded the
        // state it made the summaries at, so a copy whose state is that one is current without summing the amounts;
        // an amount changed by hand (which no command does) is then not seen, and is seen once the record is gone.
        var built = _folder.File("built.duckdb");
        using (var store = ClienteleStore.Open(built))
        {
            new OrderIngestor(store).Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _folder.File("r.csv") });
            CustomerSummaryTables.Rebuild(store);
            CustomerSummaryTables.Rebuild(store); // one record, replaced
            Assert.Equal(1, store.Scalar<long>("SELECT count(*) FROM summary_checks"));
        }
        bool CurrentInCopy(string name, bool changeAnAmount, bool forgetTheRecord)
        {
            var copy = _folder.File(name);
            File.Copy(built, copy);
            using var store = ClienteleStore.Open(copy);
            if (changeAnAmount)
            {
                store.Execute("UPDATE order_lines SET amount = amount + 1 WHERE line_number = (SELECT min(line_number) FROM order_lines)");
            }
            if (forgetTheRecord)
            {
                store.Execute("DELETE FROM summary_checks");
            }
            return CustomerSummaryTables.IsCurrent(store);
        }

        Assert.True(CurrentInCopy("recorded.duckdb", changeAnAmount: false, forgetTheRecord: false));
        Assert.True(CurrentInCopy("summed.duckdb", changeAnAmount: false, forgetTheRecord: true));
        Assert.True(CurrentInCopy("changed-recorded.duckdb", changeAnAmount: true, forgetTheRecord: false));
        Assert.False(CurrentInCopy("changed-summed.duckdb", changeAnAmount: true, forgetTheRecord: true));
    }

    [Fact]
    public void Rebuild_Twice_SameRows()
    {
        using var store = ClienteleStore.Open(_folder.File("cdnow.duckdb"));
        new OrderIngestor(store).Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _folder.File("r.csv") });
        var first = CustomerSummaryTables.Rebuild(store);
        var summaries = CustomerSummaryTables.ReadSummaries(store);
        var days = CustomerSummaryTables.ReadDays(store);

        var second = CustomerSummaryTables.Rebuild(store);

        // 6,919 lines of 2,357 customers (samples/README.md); CDNOW has no product ids, so no product rows.
        Assert.Equal(new SummaryTableCounts(6_919, 2_357, days.Count, 6_919, 0, 0), first);
        Assert.Equal(first, second);
        Assert.Equal(summaries, CustomerSummaryTables.ReadSummaries(store));
        Assert.Equal(days, CustomerSummaryTables.ReadDays(store));
    }

    [Fact]
    public void Rebuild_StoreWithoutOrderLines_EmptiesTheTables()
    {
        using var store = ClienteleStore.Open(_folder.File("empty.duckdb"));
        using var writer = new CustomerSummaryWriter(store);
        foreach (var line in CustomerSummaryBuilderTests.HandWrittenLines())
        {
            writer.Apply(line);
        }
        Assert.Equal(2, CustomerSummaryTables.Counts(store).Customers);

        Assert.Equal(new SummaryTableCounts(0, 0, 0, 0, 0, 0), CustomerSummaryTables.Rebuild(store));
    }

    /// <summary>
    /// The writer on each engine: on PostgreSQL a parameter first met as <c>CAST($at AS DATE)</c> was prepared as a date
    /// and the line's timestamp could not be bound to it ("incorrect binary data format in bind parameter 2").
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Apply_HandWrittenLinesOnEitherEngine_FollowTheDefinitions(string engine)
    {
        using var stores = new TestStores();
        using var store = stores.Open(engine);
        using var writer = new CustomerSummaryWriter(store);
        foreach (var line in CustomerSummaryBuilderTests.HandWrittenLines())
        {
            writer.Apply(line);
        }

        Assert.Equal([CustomerSummaryBuilderTests.HandWrittenA, CustomerSummaryBuilderTests.HandWrittenB], CustomerSummaryTables.ReadSummaries(store));
        Assert.Equal(3 + 1, CustomerSummaryTables.ReadProducts(store).Count);
    }

    [Fact]
    public void Apply_HandWrittenLinesThroughTheStore_FollowTheDefinitions()
    {
        using var store = ClienteleStore.Open(_folder.File("hand.duckdb"));
        using var writer = new CustomerSummaryWriter(store);
        foreach (var line in CustomerSummaryBuilderTests.HandWrittenLines())
        {
            writer.Apply(line);
        }

        Assert.Equal([CustomerSummaryBuilderTests.HandWrittenA, CustomerSummaryBuilderTests.HandWrittenB], CustomerSummaryTables.ReadSummaries(store));
        Assert.Equal([CustomerSummaryBuilderTests.HandWrittenB], CustomerSummaryTables.ReadSummaries(store, "B"));
        Assert.Equal(3 + 1, CustomerSummaryTables.ReadProducts(store).Count);
    }

    /// <summary>
    /// Every line of a few thousand customers' worth (Online Retail customers with a same-day cancellation, and CDNOW
    /// customers, whose lines carry no product), applied one transaction per line to an empty store, gives the bulk
    /// tables' rows of those customers exactly.
    /// </summary>
    [Fact]
    public void Apply_ThousandsOfLinesOneTransactionEach_EqualsTheBulkRowsOfTheirCustomers()
    {
        var days = CustomerSummaryTables.ReadDays(shop.Store);
        var linesPerCustomer = CustomerSummaryTables.ReadSummaries(shop.Store).ToDictionary(s => s.CustomerId, s => s.PurchaseLines + s.ReturnLines);
        var cancelled = days.Where(d => d.PurchaseLines > 0 && !d.IsTransaction).Select(d => d.CustomerId).Distinct().Order(StringComparer.Ordinal);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var customer in cancelled)
        {
            if (total + linesPerCustomer[customer] > 1_500)
            {
                continue;
            }
            chosen.Add(customer);
            total += linesPerCustomer[customer];
        }
        foreach (var customer in Enumerable.Range(1, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            chosen.Add(customer); // CDNOW
        }
        var lines = StoredOrderLines.Read(shop.Store).Where(l => chosen.Contains(l.CustomerId)).ToList();
        Assert.InRange(lines.Count, 1_500, 3_000);
        Assert.Contains(lines, l => l.IsReturn);
        Assert.Contains(lines, l => l.ProductId is null);

        using var store = ClienteleStore.Open(_folder.File("live.duckdb"));
        using var writer = new CustomerSummaryWriter(store);
        var clock = Stopwatch.StartNew();
        foreach (var line in lines)
        {
            writer.Apply(line);
        }
        clock.Stop();
        output.WriteLine($"{lines.Count:N0} lines of {chosen.Count} customers through the store, one transaction each: {clock.Elapsed.TotalSeconds:F2} s, {lines.Count / clock.Elapsed.TotalSeconds:N0} lines/s");

        Rows.AssertSame([.. days.Where(d => chosen.Contains(d.CustomerId))], CustomerSummaryTables.ReadDays(store), Rows.Key, "customer_days");
        Rows.AssertSame([.. CustomerSummaryTables.ReadOrders(shop.Store).Where(o => chosen.Contains(o.CustomerId))], CustomerSummaryTables.ReadOrders(store), Rows.Key, "customer_orders");
        Rows.AssertSame([.. CustomerSummaryTables.ReadProducts(shop.Store).Where(p => chosen.Contains(p.CustomerId))], CustomerSummaryTables.ReadProducts(store), Rows.Key, "customer_products");
        Rows.AssertSame([.. CustomerSummaryTables.ReadProductDays(shop.Store).Where(p => chosen.Contains(p.CustomerId))], CustomerSummaryTables.ReadProductDays(store), Rows.Key, "customer_product_days");
        var expected = CustomerSummaryTables.ReadSummaries(shop.Store).Where(s => chosen.Contains(s.CustomerId)).ToList();
        Rows.AssertSame(expected, CustomerSummaryTables.ReadSummaries(store), Rows.Key, "customer_summaries");
        Assert.Contains(expected, s => s.TransactionDays < s.PurchaseDays); // a cancelled day among them
    }

    [Fact]
    public void ApplyInCurrentTransaction_RolledBack_LeavesNoRows()
    {
        using var store = ClienteleStore.Open(_folder.File("rollback.duckdb"));
        using var writer = new CustomerSummaryWriter(store);
        writer.Apply(CustomerSummaryBuilderTests.HandWrittenLines()[^1]); // B's return, committed
        using (var transaction = store.Connection.BeginTransaction())
        {
            foreach (var line in CustomerSummaryBuilderTests.HandWrittenLines()[..^1])
            {
                writer.ApplyInCurrentTransaction(line);
            }
            Assert.Equal(2, CustomerSummaryTables.Counts(store).Customers);
            transaction.Rollback();
        }

        Assert.Equal([CustomerSummaryBuilderTests.HandWrittenB], CustomerSummaryTables.ReadSummaries(store));
        Assert.Equal(new SummaryTableCounts(0, 1, 1, 1, 1, 1), CustomerSummaryTables.Counts(store));
    }

    [Fact]
    public void Apply_LineWithoutCustomer_Throws()
    {
        using var store = ClienteleStore.Open(_folder.File("bad.duckdb"));
        var line = new OrderLine("1", "", "P", null, 1, 1m, 1m, new DateTime(2011, 1, 1), false, null);
        using var writer = new CustomerSummaryWriter(store);
        Assert.Throws<ArgumentException>(() => writer.Apply(line));
    }
}
