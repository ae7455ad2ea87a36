using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Summaries;
using Clientele.Tests;

namespace Clientele.Features.Tests;

[Collection(OnlineRetailStoreGroup.Name)]
public sealed class EarlyBehaviourQueryTests(OnlineRetailStoreFixture onlineRetail) : IDisposable
{
    private static readonly DateOnly AsOf = new(2011, 4, 1);
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    /// <summary>
    /// As of 2011-04-01 with 10 first days and a 20-day horizon, training customers first bought by 2011-03-02.
    /// 21: first day 2011-01-05, so the first days are [01-05, 01-15) and the horizon [01-15, 02-04).
    /// 22: first day 2011-03-02, the last that qualifies. 23: first day 2011-03-03, to be scored. 24: first day
    /// 2011-03-25, still in its first days. 25: a return before its first purchase. 26: two orders at the same minute.
    /// </summary>
    private ClienteleStore HandWrittenStore(string engine)
    {
        var csv = _folder.Write("orders.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            2001,A,apple,2,2011-01-05 09:00:00,1.50,21,UK
            2001,B,pear,1,2011-01-05 09:00:00,4.00,21,UK
            2002,A,apple,10,2011-01-05 15:00:00,1.50,21,UK
            2003,C,plum,1,2011-01-09 12:00:00,2.00,21,UK
            C2004,A,apple,-2,2011-01-10 08:00:00,1.50,21,UK
            2005,B,pear,1,2011-01-14 23:00:00,4.00,21,UK
            2006,A,apple,4,2011-01-15 00:00:00,1.50,21,UK
            2007,B,pear,1,2011-02-04 00:00:00,4.00,21,UK
            2010,A,apple,1,2011-03-02 10:00:00,1.50,22,UK
            2011,A,apple,2,2011-03-03 10:00:00,1.50,23,UK
            2012,A,apple,1,2011-03-25 10:00:00,1.50,24,UK
            2013,A,apple,1,2011-03-31 10:00:00,1.50,24,UK
            C2020,B,pear,-1,2011-01-06 10:00:00,4.00,25,UK
            2021,B,pear,2,2011-01-08 10:00:00,4.00,25,UK
            2031,A,apple,1,2011-02-01 10:00:00,1.50,26,UK
            2030,B,pear,1,2011-02-01 10:00:00,4.00,26,UK
            """);
        var store = _stores.Open(engine, "shop");
        new OrderIngestor(store).Ingest(csv, new IngestOptions { RejectsPath = _folder.File("r.csv") });
        return store;
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_HandWrittenOrders_FollowTheDefinitions(string engine)
    {
        using var store = HandWrittenStore(engine);

        var set = EarlyBehaviourQuery.Compute(store, firstDays: 10, horizonDays: 20, AsOf);

        Assert.Equal(["21", "22", "25", "26"], set.Customers.Select(c => c.CustomerId));
        // 21, by hand: orders 2001 (3.00 + 4.00), 2002 (15.00), 2003 (2.00), 2005 (4.00, day 10 of 10); return 2 × 1.50;
        // 2006 at midnight of day 11 opens the horizon; 2007 on 02-04 is the day after it.
        Assert.Equal(
            new EarlyBehaviour("21", new DateOnly(2011, 1, 5), Orders: 4, Spend: 28.00m, DistinctProducts: 3, Lines: 5, ReturnValue: 3.00m,
                ActiveDays: 3, MeanOrderValue: 7.00m, FirstOrderValue: 7.00m, FutureValue: 6.00m, FutureOrders: 1),
            set.Customers[0]);
        Assert.Equal(
            new EarlyBehaviour("22", new DateOnly(2011, 3, 2), 1, 1.50m, 1, 1, 0m, 1, 1.50m, 1.50m, 0m, 0),
            set.Customers[1]);
        // 25's return came before its first purchase: not part of its first days.
        Assert.Equal(0m, set.Customers[2].ReturnValue);
        Assert.Equal(new DateOnly(2011, 1, 8), set.Customers[2].FirstPurchaseDay);
        // 26: two orders at 10:00; the first order is the lower id, 2030 (4.00).
        Assert.Equal(4.00m, set.Customers[3].FirstOrderValue);
        Assert.Equal(2, set.Customers[3].Orders);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ToFeatureMatrix_ColumnsInTheDocumentedOrder(string engine)
    {
        using var store = HandWrittenStore(engine);
        var set = EarlyBehaviourQuery.Compute(store, 10, 20, AsOf);

        var matrix = set.ToFeatureMatrix();

        Assert.Equal(EarlyBehaviour.FeatureNames, matrix.ColumnNames);
        Assert.Equal([4.0, 28.0, 3, 5, 3, 3, 7, 7], matrix.Row(0).ToArray());
        Assert.Equal([6.0, 0, 0, 0], set.ToFutureValues());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ComputeForScoring_CustomersWhoseFirstDaysAreOverButNotTheirHorizon(string engine)
    {
        using var store = HandWrittenStore(engine);

        var set = EarlyBehaviourQuery.ComputeForScoring(store, 10, 20, AsOf);

        // 23 (first day 03-03: first days over on 03-13, horizon not until 04-02). 24 is still in its first days.
        var c = Assert.Single(set.Customers);
        Assert.Equal("23", c.CustomerId);
        Assert.Null(c.FutureValue);
        Assert.Null(c.FutureOrders);
        Assert.Throws<InvalidOperationException>(() => set.ToFutureValues());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_AsOfAfterTheData_SaysWhichDateWorks(string engine)
    {
        using var store = HandWrittenStore(engine);

        var error = Assert.Throws<ClienteleException>(() => EarlyBehaviourQuery.Compute(store, 10, 20, new DateOnly(2011, 4, 3)));

        Assert.Contains("after the store's orders end (2011-03-31)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Use 2011-04-01 or earlier", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_NoCustomerOldEnough_ClearError(string engine)
    {
        using var store = HandWrittenStore(engine);

        var error = Assert.Throws<ClienteleException>(() => EarlyBehaviourQuery.Compute(store, 10, 20, new DateOnly(2011, 1, 20)));

        Assert.Contains("No customer's first purchase is on or before 2010-12-21", error.Message, StringComparison.Ordinal);
        Assert.Contains("the store's first order is on 2011-01-05", error.Message, StringComparison.Ordinal);
        Assert.Throws<ClienteleException>(() => EarlyBehaviourQuery.Compute(store, 0, 20, AsOf));
    }

    [Fact]
    public void Compute_OnlineRetail_TrainingAndScoringSetsSplitTheCustomersByFirstPurchase()
    {
        var asOf = new DateOnly(2011, 12, 10);

        var training = EarlyBehaviourQuery.Compute(onlineRetail.Store, 30, 180, asOf);
        var scoring = EarlyBehaviourQuery.ComputeForScoring(onlineRetail.Store, 30, 180, asOf);

        // First purchase by 2011-05-14 (training) and 2011-05-15 … 2011-11-10 (scoring).
        Assert.Equal(2_580, training.Customers.Count);
        Assert.Equal(1_521, scoring.Customers.Count);
        Assert.All(training.Customers, c => Assert.True(c.FirstPurchaseDay <= new DateOnly(2011, 5, 14) && c.FutureValue >= 0 && c.Orders >= 1 && c.ActiveDays <= c.Orders));
        Assert.All(scoring.Customers, c => Assert.InRange(c.FirstPurchaseDay, new DateOnly(2011, 5, 15), new DateOnly(2011, 11, 10)));
        // Together with the customers still in their first 30 days they are everyone with a purchase.
        var young = onlineRetail.Store.Scalar<int>(
            "SELECT count(*) FROM (SELECT customer_id FROM order_lines WHERE NOT is_return GROUP BY customer_id HAVING min(CAST(ordered_at AS DATE)) > DATE '2011-11-10')");
        Assert.Equal(4_338, training.Customers.Count + scoring.Customers.Count + young);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_FromTheSummaries_SameRowsAsFromTheLines(string engine)
    {
        using var store = HandWrittenStore(engine);
        var fromLines = (EarlyBehaviourQuery.Compute(store, 10, 20, AsOf).Customers, EarlyBehaviourQuery.ComputeForScoring(store, 10, 20, AsOf).Customers);
        Assert.False(EarlyBehaviourQuery.FromSummaries(store));

        CustomerSummaryTables.Rebuild(store);

        // DuckDB reads the summaries; PostgreSQL keeps to the lines (its plan for the summaries' statement is slow).
        Assert.Equal(engine == StoreEngines.DuckDb, EarlyBehaviourQuery.FromSummaries(store));
        Assert.Equal(fromLines.Item1, EarlyBehaviourQuery.Compute(store, 10, 20, AsOf).Customers);
        Assert.Equal(fromLines.Item2, EarlyBehaviourQuery.ComputeForScoring(store, 10, 20, AsOf).Customers);
    }

    [Fact]
    public void Compute_OnlineRetailFromTheSummaries_SameRowsAsFromTheLines()
    {
        // Online Retail's invoices are each of one moment and purchases or returns only, so its summaries answer.
        using var store = ClienteleStore.Open(_folder.File("retail.duckdb"));
        new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("retail-rejects.csv") });
        var asOf = new DateOnly(2011, 12, 10);
        var fromLines = (EarlyBehaviourQuery.Compute(store, 30, 180, asOf).Customers, EarlyBehaviourQuery.ComputeForScoring(store, 30, 180, asOf).Customers);

        CustomerSummaryTables.Rebuild(store);

        Assert.True(EarlyBehaviourQuery.FromSummaries(store));
        Assert.Equal(2_580, fromLines.Item1.Count);
        Assert.Equal(fromLines.Item1, EarlyBehaviourQuery.Compute(store, 30, 180, asOf).Customers);
        Assert.Equal(fromLines.Item2, EarlyBehaviourQuery.ComputeForScoring(store, 30, 180, asOf).Customers);
    }

    /// <summary>
    /// The value class reads every candidate's future value, then the early behaviour of its training sample alone: on
    /// Online Retail the candidates and future values are the whole set's, and the rows of chosen customers (every
    /// seventh) are the whole set's rows of them.
    /// </summary>
    [Fact]
    public void FutureValuesAndChosenCustomers_OnlineRetailFromTheSummaries_TheWholeSetsRows()
    {
        using var store = ClienteleStore.Open(_folder.File("retail-chosen.duckdb"));
        new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("retail-chosen-rejects.csv") });
        CustomerSummaryTables.Rebuild(store);
        var asOf = new DateOnly(2011, 12, 10);
        var whole = EarlyBehaviourQuery.Compute(store, 30, 180, asOf);

        var candidates = EarlyBehaviourQuery.FutureValues(store, 30, 180, asOf)!.Value;
        var chosen = whole.Customers.Where((_, i) => i % 7 == 3).ToArray();
        var read = EarlyBehaviourQuery.Compute(store, 30, 180, asOf, [.. chosen.Select(c => c.CustomerId)]);

        Assert.Equal(2_580, candidates.Customers.Count);
        Assert.Equal(whole.Customers.Select(c => c.CustomerId), candidates.Customers);
        Assert.Equal(whole.ToFutureValues(), candidates.FutureValues);
        Assert.Equal(chosen, read.Customers);
        // The restriction is the call's alone: the whole set again after it.
        Assert.Equal(whole.Customers, EarlyBehaviourQuery.Compute(store, 30, 180, asOf).Customers);
    }

    [Fact]
    public void FutureValues_SummariesDoNotAnswer_Null()
    {
        using var store = HandWrittenStore(StoreEngines.DuckDb);

        Assert.False(EarlyBehaviourQuery.FromSummaries(store));
        Assert.Null(EarlyBehaviourQuery.FutureValues(store, 10, 20, AsOf));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void FromSummaries_AnOrderWithPurchasesAndReturns_ReadsTheLines(string engine)
    {
        var csv = _folder.Write("mixed.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            3001,A,apple,-1,2011-01-05 08:00:00,1.50,31,UK
            3001,B,pear,2,2011-01-05 09:00:00,4.00,31,UK
            3002,B,pear,1,2011-01-07 09:00:00,4.00,32,UK
            3003,B,pear,1,2011-03-31 09:00:00,4.00,32,UK
            """);
        using var store = _stores.Open(engine, "mixed");
        new OrderIngestor(store).Ingest(csv, new IngestOptions { RejectsPath = _folder.File("mixed-rejects.csv") });
        CustomerSummaryTables.Rebuild(store);

        // Order 3001's first line is a return: the summaries would date its first purchase an hour early.
        Assert.False(EarlyBehaviourQuery.FromSummaries(store));
        Assert.Equal(8.00m, EarlyBehaviourQuery.Compute(store, 10, 20, AsOf).Customers[0].FirstOrderValue);
    }
}
