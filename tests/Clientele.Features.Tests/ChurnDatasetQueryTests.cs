using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Features.Tests;

/// <summary>The Online Retail sample ingested once into a temporary store, shared by the churn and early-behaviour query tests.</summary>
public sealed class OnlineRetailStoreFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public OnlineRetailStoreFixture()
    {
        Store = ClienteleStore.Open(_folder.File("shop.duckdb"));
        new OrderIngestor(Store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("rejects.csv") });
    }

    public ClienteleStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class OnlineRetailStoreGroup : ICollectionFixture<OnlineRetailStoreFixture>
{
    public const string Name = "Online Retail store";
}

[Collection(OnlineRetailStoreGroup.Name)]
public sealed class ChurnDatasetQueryTests(OnlineRetailStoreFixture onlineRetail) : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    /// <summary>
    /// Cutoff 2011-03-01, 30-day horizon: the label window is [2011-03-01, 2011-03-31).
    /// 11 buys again inside it; 12 never does; 13 only returns something inside it; 14 buys again on 2011-03-31, one
    /// day too late; 15 buys at 23:59 on the window's last day; 16's first purchase is at the cutoff itself (not a
    /// customer yet); 17 has only a return before the cutoff; 18 buys the minute before the cutoff and at it.
    /// </summary>
    private ClienteleStore HandWrittenStore(string engine)
    {
        var csv = _folder.Write("orders.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            1001,A,apple,2,2011-01-10 09:00:00,1.50,11,UK
            1002,B,pear,1,2011-03-05 10:00:00,4.00,11,UK
            1003,A,apple,1,2011-01-15 09:00:00,1.50,12,UK
            1004,A,apple,3,2011-01-20 09:00:00,1.50,13,UK
            C1005,A,apple,-1,2011-03-10 09:00:00,1.50,13,UK
            1006,B,pear,1,2011-02-01 09:00:00,4.00,14,UK
            1007,B,pear,1,2011-03-31 00:00:00,4.00,14,UK
            1008,A,apple,1,2011-02-02 09:00:00,1.50,15,UK
            1009,A,apple,1,2011-03-30 23:59:00,1.50,15,UK
            1010,A,apple,1,2011-03-01 00:00:00,1.50,16,UK
            C1011,B,pear,-1,2011-02-05 09:00:00,4.00,17,UK
            1012,A,apple,1,2011-02-28 23:59:00,1.50,18,UK
            1013,A,apple,1,2011-03-01 00:00:00,1.50,18,UK
            """);
        var store = _stores.Open(engine, "shop");
        new OrderIngestor(store).Ingest(csv, new IngestOptions { RejectsPath = _folder.File("r.csv") });
        return store;
    }

    /// <summary>
    /// value's churn step reads its test cutoff once: the dataset and the purchase histories from the summaries cut there
    /// are those of <see cref="ChurnDatasetQuery.Compute"/> and <see cref="CustomerInputs.PurchaseHistories"/> (each its own
    /// statement), to the bit (record equality: every feature's double and decimal).
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ComputeWithHistories_OnlineRetailCutoffs_TheRowsOfComputeAndOfPurchaseHistories(string engine)
    {
        using var store = _stores.Open(engine, "retail");
        new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("retail-rejects.csv") });
        CustomerInputs.Prepare(store);

        foreach (var cutoff in new DateOnly[] { new(2011, 3, 1), new(2011, 9, 10) })
        {
            Assert.Equal(CustomerInputs.Source.SummariesBefore, CustomerInputs.SourceFor(store, cutoff));
            var (dataset, histories) = ChurnDatasetQuery.ComputeWithHistories(store, cutoff, 90, TimeUnit.Weeks);
            var alone = ChurnDatasetQuery.Compute(store, cutoff, 90);

            Assert.True(dataset.Customers.Count > 1_000, $"{dataset.Customers.Count} customers");
            Assert.Equal(alone.Customers, dataset.Customers);
            Assert.Equal(alone.Churned, dataset.Churned);
            Assert.Equal(alone.CustomersWithoutPurchases, dataset.CustomersWithoutPurchases);
            Assert.Equal(CustomerInputs.PurchaseHistories(store, new SummaryPeriods(cutoff, Unit: TimeUnit.Weeks)), histories);
        }
    }

    /// <summary>
    /// value's churn step reads only a sample's features at each cutoff: handed every customer's label, the sample's rows
    /// (every third here) are exactly those rows of the whole dataset, with the whole dataset's population, churn rate and
    /// customers without purchases, from the order lines and from the summaries; with the histories, everyone's.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_WithASample_ExactlyTheSampledRowsOfTheWholeDataset(string engine)
    {
        using var store = _stores.Open(engine, "sampled");
        new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("sampled-rejects.csv") });
        var cutoff = new DateOnly(2011, 9, 10);
        static int[] EveryThird(IReadOnlyList<bool> labels) => [.. Enumerable.Range(0, labels.Count).Where(i => i % 3 == 1)];

        foreach (var source in new[] { CustomerInputs.Source.OrderLines, CustomerInputs.Source.SummariesBefore })
        {
            if (source == CustomerInputs.Source.SummariesBefore)
            {
                CustomerInputs.Prepare(store);
            }
            Assert.Equal(source, CustomerInputs.SourceFor(store, cutoff));
            var whole = ChurnDatasetQuery.Compute(store, cutoff, 90);
            IReadOnlyList<bool>? labels = null;
            var sampled = ChurnDatasetQuery.Compute(store, cutoff, 90, all => EveryThird(labels = all));
            var (withHistories, histories) = ChurnDatasetQuery.ComputeWithHistories(store, cutoff, 90, TimeUnit.Weeks, EveryThird);

            var rows = EveryThird(whole.Churned);
            Assert.Equal(whole.Churned, labels);
            Assert.False(whole.IsSample);
            foreach (var dataset in new[] { sampled, withHistories })
            {
                Assert.True(dataset.IsSample);
                Assert.Equal(rows.Select(i => whole.Customers[i]), dataset.Customers);
                Assert.Equal(rows.Select(i => whole.Churned[i]), dataset.Churned);
                Assert.Equal(
                    (whole.Customers.Count, whole.ChurnedCount, whole.ChurnRate, whole.CustomersWithoutPurchases),
                    (dataset.Population, dataset.PopulationChurned, dataset.ChurnRate, dataset.CustomersWithoutPurchases));
            }
            // The histories are the sampled customers' alone (the comparison's BG/NBD is fitted on the sample).
            var sampledIds = rows.Select(i => whole.Customers[i].CustomerId).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(CustomerInputs.PurchaseHistories(store, new SummaryPeriods(cutoff, Unit: TimeUnit.Weeks)).Where(h => sampledIds.Contains(h.CustomerId)), histories);
            Assert.Equal(rows.Length, histories.Count);
        }
    }

    [Fact]
    public void Compute_ASampleOutOfOrder_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ChurnDatasetQuery.Compute(onlineRetail.Store, new DateOnly(2011, 9, 10), 90, _ => [5, 3]));
        Assert.Contains("ascending positions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_HandWrittenOrders_LabelsFollowTheWindow(string engine)
    {
        using var store = HandWrittenStore(engine);

        var data = ChurnDatasetQuery.Compute(store, new DateOnly(2011, 3, 1), 30);

        Assert.Equal(["11", "12", "13", "14", "15", "18"], data.Customers.Select(c => c.CustomerId));
        Assert.Equal([false, true, true, true, false, false], data.Churned);
        Assert.Equal(1, data.CustomersWithoutPurchases); // 17
        Assert.Equal(new DateOnly(2011, 3, 31), data.LabelEnd);
        Assert.Equal(3, data.ChurnedCount);
        Assert.Equal(0.5, data.ChurnRate);
        // The features are CustomerFeatureQuery's as of the cutoff: 18 last bought on 2011-02-28, one day before.
        Assert.Equal(1, data.Customers[^1].RecencyDays);
        Assert.Equal(CustomerFeatureQuery.Compute(store, new DateOnly(2011, 3, 1)).Customers, data.Customers);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_LabelWindowPastTheLastOrder_SaysWhichDatesWork(string engine)
    {
        using var store = HandWrittenStore(engine);

        // The last order is on 2011-03-31: a 30-day window may start on 2011-03-02 at the latest.
        var error = Assert.Throws<ClienteleException>(() => ChurnDatasetQuery.Compute(store, new DateOnly(2011, 3, 5), 30));

        Assert.Contains("needs orders up to 2011-04-03, but the store's orders end on 2011-03-31", error.Message, StringComparison.Ordinal);
        Assert.Contains("Choose a cutoff after 2011-01-10 and on or before 2011-03-02, or a horizon of at most 27 days with this cutoff", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, ChurnDatasetQuery.Compute(store, new DateOnly(2011, 3, 2), 30).Customers.Count); // now 16 (2011-03-01) counts too
        Assert.Equal(7, ChurnDatasetQuery.Compute(store, new DateOnly(2011, 3, 5), 27).Customers.Count);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_BadHorizonOrEmptyStore_ClearError(string engine)
    {
        using var store = HandWrittenStore(engine);
        using var empty = _stores.Open(engine, "empty");

        Assert.Contains("at least 1 day", Assert.Throws<ClienteleException>(() => ChurnDatasetQuery.Compute(store, new DateOnly(2011, 3, 1), 0)).Message, StringComparison.Ordinal);
        Assert.Contains("has no orders yet", Assert.Throws<ClienteleException>(() => ChurnDatasetQuery.Compute(empty, new DateOnly(2011, 3, 1), 30)).Message, StringComparison.Ordinal);
        Assert.Contains("choose a later --as-of", Assert.Throws<ClienteleException>(() => ChurnDatasetQuery.Compute(store, new DateOnly(2010, 3, 1), 30)).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every Online Retail customer's label at the report's two cutoffs, against DuckDB's own CSV reader on the raw file
    /// with the cleaning rules applied directly (no clientele parsing, cleaning or store).
    /// </summary>
    [Theory]
    [InlineData("2011-06-12", 2_811)]
    [InlineData("2011-09-10", 3_370)]
    public void Compute_OnlineRetail_LabelsMatchTheRawFile(string cutoffText, int customers)
    {
        var cutoff = DateOnly.Parse(cutoffText, System.Globalization.CultureInfo.InvariantCulture);

        var data = ChurnDatasetQuery.Compute(onlineRetail.Store, cutoff, 90);

        var returning = new HashSet<string>(StringComparer.Ordinal);
        var before = new HashSet<string>(StringComparer.Ordinal);
        using (var command = onlineRetail.Store.Command(
            """
            WITH raw AS (
                SELECT DISTINCT * FROM read_csv($path, header = true,
                    types = {'InvoiceNo': 'VARCHAR', 'CustomerID': 'VARCHAR', 'Quantity': 'INTEGER', 'UnitPrice': 'DECIMAL(18,6)', 'InvoiceDate': 'TIMESTAMP'})
                WHERE CustomerID IS NOT NULL AND Quantity <> 0 AND UnitPrice > 0
            ),
            purchases AS (SELECT * FROM raw WHERE NOT (InvoiceNo LIKE 'C%' OR Quantity < 0))
            SELECT DISTINCT CustomerID, InvoiceDate >= $cutoff::TIMESTAMP FROM purchases
            WHERE InvoiceDate < $cutoff::TIMESTAMP + INTERVAL 90 DAY
            """,
            ("path", TestData.Sample("online_retail.csv.gz")),
            ("cutoff", cutoff.ToDateTime(TimeOnly.MinValue))))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                (reader.GetBoolean(1) ? returning : before).Add(reader.GetString(0));
            }
        }

        Assert.Equal(customers, data.Customers.Count);
        Assert.Equal(before.Order(StringComparer.Ordinal), data.Customers.Select(c => c.CustomerId));
        for (var i = 0; i < data.Customers.Count; i++)
        {
            Assert.True(data.Churned[i] == !returning.Contains(data.Customers[i].CustomerId), $"customer {data.Customers[i].CustomerId}");
        }
        Assert.InRange(data.ChurnRate, 0.4, 0.55); // 0.5205 and 0.4306
    }

    [Fact]
    public void Compute_OnlineRetail_LatestCutoffForNinetyDaysIsSeptemberEleventh()
    {
        // The last invoice is on 2011-12-09: a 90-day window [c, c + 90) needs c + 89 ≤ 2011-12-09.
        Assert.NotEmpty(ChurnDatasetQuery.Compute(onlineRetail.Store, new DateOnly(2011, 9, 11), 90).Customers);
        var error = Assert.Throws<ClienteleException>(() => ChurnDatasetQuery.Compute(onlineRetail.Store, new DateOnly(2011, 9, 12), 90));
        Assert.Contains("on or before 2011-09-11", error.Message, StringComparison.Ordinal);
    }
}
