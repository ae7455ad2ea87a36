using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Features.Tests;

public sealed class CustomerFeatureQueryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    /// <summary>
    /// recency, frequency and monetary for every Online Retail customer, against an independent computation:
    /// DuckDB's own CSV reader on the raw file, the definitions applied directly (no clientele parsing, cleaning or store).
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_FullOnlineRetail_MatchesIndependentComputationExactly(string engine)
    {
        using var store = _stores.Open(engine, "shop");
        new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("r.csv") });
        var features = CustomerFeatureQuery.Compute(store);

        Assert.Equal(new DateOnly(2011, 12, 10), features.AsOf); // last invoice 2011-12-09 12:50 (README), plus one day
        var expected = new Dictionary<string, (long Recency, long Frequency, decimal Monetary)>();
        using (var command = _stores.Files().Command(
            """
            WITH raw AS (
                SELECT DISTINCT * FROM read_csv($path, header = true,
                    types = {'InvoiceNo': 'VARCHAR', 'CustomerID': 'VARCHAR', 'Quantity': 'INTEGER', 'UnitPrice': 'DECIMAL(18,6)', 'InvoiceDate': 'TIMESTAMP'})
                WHERE CustomerID IS NOT NULL AND Quantity <> 0 AND UnitPrice > 0
            ),
            marked AS (SELECT *, (InvoiceNo LIKE 'C%' OR Quantity < 0) AS ret FROM raw)
            SELECT CustomerID,
                   DATE '2011-12-10' - CAST(max(InvoiceDate) FILTER (WHERE NOT ret) AS DATE),
                   count(DISTINCT InvoiceNo) FILTER (WHERE NOT ret),
                   sum(Quantity * UnitPrice)
            FROM marked GROUP BY CustomerID
            HAVING count(*) FILTER (WHERE NOT ret) > 0
            """,
            ("path", TestData.Sample("online_retail.csv.gz"))))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                expected[reader.GetString(0)] = (Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(2), reader.GetDecimal(3));
            }
        }

        // 4,338 customers with purchases: ../shared/data/online-retail/README.md ("usual cleaning").
        Assert.Equal(4_338, expected.Count);
        Assert.Equal(expected.Count, features.Customers.Count);
        foreach (var c in features.Customers)
        {
            var e = expected[c.CustomerId];
            Assert.True(
                (e.Recency, e.Frequency, e.Monetary) == (c.RecencyDays, c.Frequency, c.Monetary),
                $"customer {c.CustomerId}: expected ({e.Recency}, {e.Frequency}, {e.Monetary}), got ({c.RecencyDays}, {c.Frequency}, {c.Monetary})");
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_HandWrittenOrders_FollowTheDefinitions(string engine)
    {
        // Customer 1: two orders (one with two lines), one partial return; customer 2: only a return; customer 3: after as-of.
        var csv = _folder.Write("orders.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            1001,A,apple,2,2011-01-01 09:00:00,1.50,1,UK
            1001,B,pear,1,2011-01-01 09:00:00,4.00,1,UK
            1002,A,apple,10,2011-01-20 18:30:00,1.50,1,UK
            C1003,A,apple,-4,2011-01-25 08:00:00,1.50,1,UK
            C1004,B,pear,-1,2011-01-10 08:00:00,4.00,2,UK
            1005,A,apple,1,2011-03-01 08:00:00,1.50,3,UK
            """);
        using var store = _stores.Open(engine, "shop");
        new OrderIngestor(store).Ingest(csv, new IngestOptions { RejectsPath = _folder.File("r.csv") });

        var features = CustomerFeatureQuery.Compute(store, new DateOnly(2011, 2, 1));
        var c = Assert.Single(features.Customers);
        Assert.Equal(1, features.CustomersWithoutPurchases); // customer 2
        // By hand: last purchase 2011-01-20 → 12 days to 2011-02-01; first 2011-01-01 → 31 days.
        Assert.Equal("1", c.CustomerId);
        Assert.Equal(12, c.RecencyDays);
        Assert.Equal(31, c.TenureDays);
        Assert.Equal(2, c.Frequency);
        // Purchases 2×1.50 + 4.00 + 10×1.50 = 22.00; returned 4×1.50 = 6.00; monetary 16.00.
        Assert.Equal(16.00m, c.Monetary);
        Assert.Equal(11.00m, c.AverageOrderValue); // 22.00 / 2 orders
        Assert.Equal(2, c.DistinctProducts);
        Assert.Equal(6.0 / 22.0, c.ReturnRate, 12);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_AsOfBeforeAnyPurchase_ClearError(string engine)
    {
        using var store = _stores.Open(engine, "shop");
        new OrderIngestor(store).Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions());
        var error = Assert.Throws<ClienteleException>(() => CustomerFeatureQuery.Compute(store, new DateOnly(1990, 1, 1)));
        Assert.Contains("choose a later --as-of", error.Message, StringComparison.Ordinal);
    }
}
