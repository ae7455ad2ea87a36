using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Summaries;
using Clientele.Tests;

namespace Clientele.Features.Tests.Summaries;

[Collection(SummaryStoreGroup.Name)]
public sealed class CustomerSummaryReaderTests(SummaryStoreFixture shop) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string?> AsOfs => [null, "2011-12-10", "2012-06-30"];

    /// <summary>Online Retail and CDNOW: the features from the summaries are the query's on the order lines, customer for customer.</summary>
    [Theory]
    [MemberData(nameof(AsOfs))]
    public void Features_OnlineRetailAndCdnow_EqualCustomerFeatureQuery(string? asOfText)
    {
        DateOnly? asOf = asOfText is null ? null : DateOnly.Parse(asOfText, System.Globalization.CultureInfo.InvariantCulture);
        var query = CustomerFeatureQuery.Compute(shop.Store, asOf);
        var read = CustomerSummaryReader.Features(shop.Store, asOf);

        Assert.Equal(new DateOnly(2011, 12, 10), CustomerSummaryReader.DefaultAsOf(shop.Store));
        Assert.Equal(query.AsOf, read.AsOf);
        Assert.Equal(query.CustomersWithoutPurchases, read.CustomersWithoutPurchases);
        Rows.AssertSame(query.Customers, read.Customers, c => c.CustomerId, "features");
    }

    [Theory]
    [InlineData(TimeUnit.Weeks)]
    [InlineData(TimeUnit.Days)]
    public void PurchaseHistories_OnlineRetailAndCdnow_EqualPurchaseHistoryQuery(TimeUnit unit)
    {
        var periods = new SummaryPeriods(new DateOnly(2011, 12, 10), Unit: unit);
        Rows.AssertSame(PurchaseHistoryQuery.Compute(shop.Store, periods), CustomerSummaryReader.PurchaseHistories(shop.Store, periods), h => h.CustomerId, "histories");
    }

    /// <summary>Online Retail: the dated purchase interactions the recommenders read, and their line counts, equal the query's.</summary>
    [Fact]
    public void Interactions_OnlineRetail_EqualPurchaseInteractionQuery()
    {
        var read = CustomerSummaryReader.Interactions(shop.Store);

        Rows.AssertSame(PurchaseInteractionQuery.Compute(shop.Store), read, i => $"{i.CustomerId}\u0001{i.ProductId}\u0001{i.Day:yyyy-MM-dd}", "interactions");
        Assert.Equal(read, CustomerSummaryReader.Interactions(shop.Store, new DateOnly(2011, 12, 10)));
        Assert.Equal(PurchaseInteractionQuery.CountLines(shop.Store), CustomerSummaryReader.CountPurchaseLines(shop.Store));
    }

    /// <summary>Online Retail: the numbered interactions are the rows summed per customer and product, ids in ordinal order.</summary>
    [Fact]
    public void InteractionCodes_OnlineRetail_SumTheInteractionRows()
    {
        var rows = CustomerSummaryReader.Interactions(shop.Store);

        var coded = CustomerSummaryReader.InteractionCodes(shop.Store);

        Assert.NotNull(coded);
        Assert.Equal(rows.Count, coded.Rows);
        Assert.Equal(rows.Select(r => r.CustomerId).Distinct().Order(StringComparer.Ordinal), coded.CustomerIds);
        Assert.Equal(rows.Select(r => r.ProductId).Distinct().Order(StringComparer.Ordinal), coded.ProductIds);
        var expected = rows.GroupBy(r => (r.CustomerId, r.ProductId)).ToDictionary(g => g.Key, g => (float)g.Count());
        var decoded = coded.Pairs.ToDictionary(p => (coded.CustomerIds[p.User], coded.ProductIds[p.Item]), p => p.Weight);
        Assert.Equal(expected.Count, coded.Pairs.Length);
        Assert.Equal(expected.OrderBy(e => e.Key), decoded.OrderBy(e => e.Key));
    }

    /// <summary>
    /// Hand-computed on both engines: customer A bought P1 on two days (a return the first day does not undo the day),
    /// P2 once (its return-only day is no purchase), P3 once (bought and returned the same day); B only returned. Ids
    /// beyond ASCII are numbered in ordinal order, as the matrix numbers them ("Z" before "é", "p0" before "Ω").
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void InteractionCodes_HandWrittenLines_DaysPerPairInOrdinalOrder(string engine)
    {
        using var stores = new TestStores();
        using var store = stores.Open(engine);
        using (var writer = new CustomerSummaryWriter(store))
        {
            var at = new DateTime(2011, 3, 1, 9, 0, 0);
            foreach (var line in CustomerSummaryBuilderTests.HandWrittenLines().Concat(
                [new OrderLine("9", "é", "Ω", null, 1, 2m, 2m, at, false, "FR"), new OrderLine("10", "Z", "p0", null, 1, 2m, 2m, at, false, "UK")]))
            {
                writer.Apply(line);
            }
        }

        var coded = CustomerSummaryReader.InteractionCodes(store);

        Assert.NotNull(coded);
        Assert.Equal(["A", "Z", "é"], coded.CustomerIds);
        Assert.Equal(["P1", "P2", "P3", "p0", "Ω"], coded.ProductIds);
        Assert.Equal(6, coded.Rows);
        Assert.Equal(
            [("A", "P1", 2f), ("A", "P2", 1f), ("A", "P3", 1f), ("Z", "p0", 1f), ("é", "Ω", 1f)],
            coded.Pairs.Select(p => (coded.CustomerIds[p.User], coded.ProductIds[p.Item], p.Weight)).Order());
    }

    /// <summary>The CDNOW sample alone, to its end (1998-06-30), in weeks and days.</summary>
    [Fact]
    public void PurchaseHistories_Cdnow_EqualPurchaseHistoryQuery()
    {
        using var store = ClienteleStore.Open(_folder.File("cdnow.duckdb"));
        new OrderIngestor(store).Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _folder.File("r.csv") });
        CustomerSummaryTables.Rebuild(store);

        foreach (var unit in new[] { TimeUnit.Weeks, TimeUnit.Days })
        {
            var periods = new SummaryPeriods(new DateOnly(1998, 7, 1), Unit: unit);
            var read = CustomerSummaryReader.PurchaseHistories(store, periods);
            Assert.Equal(2_357, read.Count);
            Rows.AssertSame(PurchaseHistoryQuery.Compute(store, periods), read, h => h.CustomerId, "histories");
        }
        Rows.AssertSame(CustomerFeatureQuery.Compute(store).Customers, CustomerSummaryReader.Features(store).Customers, c => c.CustomerId, "features");
    }

    [Fact]
    public void Features_HandWrittenLines_FollowTheDefinitions()
    {
        using var store = ClienteleStore.Open(_folder.File("hand.duckdb"));
        using var writer = new CustomerSummaryWriter(store);
        foreach (var line in CustomerSummaryBuilderTests.HandWrittenLines())
        {
            writer.Apply(line);
        }

        var features = CustomerSummaryReader.Features(store, new DateOnly(2011, 3, 1));
        var a = Assert.Single(features.Customers);
        // 20 January → 1 March is 40 days; 1 January → 1 March 59; 45.25 − 25.50; 45.25 / 4 orders; 25.50 / 45.25.
        // 25.50 and 45.25 are exact binary fractions, so their quotient rounds to the same double wherever it is divided.
        Assert.Equal(new CustomerFeatures("A", new DateTime(2011, 1, 1, 9, 0, 0), new DateTime(2011, 1, 20, 15, 0, 0), 40, 4, 19.75m, 59, 11.3125m, 3, 25.50 / 45.25), a);
        Assert.Equal(1, features.CustomersWithoutPurchases); // B

        var history = Assert.Single(CustomerSummaryReader.PurchaseHistories(store, new SummaryPeriods(new DateOnly(2011, 3, 1), Unit: TimeUnit.Days)));
        // x = 3 transaction days − 1; t_x = 1 → 20 January; T = 1 January → 28 February; mean of 12.25 and 6.00.
        Assert.Equal(new PurchaseHistory("A", 2, 19, 58, 9.125), history);
    }

    [Fact]
    public void Features_AsOfOnTheLastOrderDay_ClearError()
    {
        var error = Assert.Throws<ClienteleException>(() => CustomerSummaryReader.Features(shop.Store, new DateOnly(2011, 12, 9)));
        Assert.Contains("hold orders up to 2011-12-09", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PurchaseHistories_WithHoldout_ClearError()
    {
        var error = Assert.Throws<ClienteleException>(() => CustomerSummaryReader.PurchaseHistories(shop.Store, new SummaryPeriods(new DateOnly(2011, 12, 10), new DateOnly(2012, 1, 10))));
        Assert.Contains("holdout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_NoSummaries_ClearError()
    {
        using var store = ClienteleStore.Open(_folder.File("empty.duckdb"));
        var error = Assert.Throws<ClienteleException>(() => CustomerSummaryReader.Features(store));
        Assert.Contains("no customer summaries yet", error.Message, StringComparison.Ordinal);
    }
}
