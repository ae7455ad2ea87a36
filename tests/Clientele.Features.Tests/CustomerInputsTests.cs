using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Summaries;
using Clientele.Tests;

namespace Clientele.Features.Tests;

/// <summary>
/// The fitters' inputs on Online Retail (the full 541,909 lines), on each engine: read from the customer summaries when
/// they are current and the as-of comes after the last line, from the order lines otherwise, and the same rows in the
/// same order either way (the order is what a seeded k-means sees).
/// </summary>
public sealed class CustomerInputsTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    public static TheoryData<string> Engines => StoreEngines.All;

    [Theory]
    [MemberData(nameof(Engines))]
    public void Inputs_OnlineRetail_SummariesRebuiltOnceAndRowsEqualTheOrderLineQueries(string engine)
    {
        using var store = OnlineRetail(engine);

        Assert.False(CustomerSummaryTables.IsCurrent(store));
        var rebuilt = CustomerInputs.Prepare(store);
        Assert.Equal(store.Scalar<long>("SELECT count(*) FROM order_lines"), rebuilt?.Lines);
        Assert.Null(CustomerInputs.Prepare(store));

        var features = CustomerInputs.Features(store);
        Assert.Equal(4_338, features.Customers.Count); // ../shared/data/online-retail/README.md: 4,338 customers with purchases
        SameRows(CustomerFeatureQuery.Compute(store).Customers, features.Customers);
        var periods = new SummaryPeriods(new DateOnly(2011, 12, 10));
        Assert.Equal(PurchaseHistoryQuery.Compute(store, periods), CustomerInputs.PurchaseHistories(store, periods));
        Assert.Equal(PurchaseInteractionQuery.Compute(store), CustomerInputs.Interactions(store));
        Assert.Equal(PurchaseInteractionQuery.CountLines(store), CustomerInputs.CountPurchaseLines(store));
        var spend = CustomerInputs.Spend(store);
        Assert.Equal(CustomerTextQuery.Spend(store), spend);
        Assert.Equal(CustomerSummaryReader.Spend(store), spend);
    }

    /// <summary>
    /// A change to a summary column the order-line check cannot see (distinct products) shows in the inputs: they were
    /// read from the summaries. An earlier as-of, a holdout, or summaries an ingest has outdated read the order lines.
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void Inputs_SummaryChanged_ReadFromSummariesOnlyWhenTheyAnswer(string engine)
    {
        using var store = OnlineRetail(engine);
        CustomerInputs.Prepare(store);
        store.Execute("UPDATE customer_summaries SET distinct_products = 999 WHERE customer_id = '12347'");

        Assert.Equal(999, Customer(CustomerInputs.Features(store), "12347").DistinctProducts);
        Assert.Equal(999, Customer(CustomerInputs.Features(store, new DateOnly(2012, 1, 1)), "12347").DistinctProducts);

        var earlier = new DateOnly(2011, 12, 1);
        SameRows(CustomerFeatureQuery.Compute(store, earlier).Customers, CustomerInputs.Features(store, earlier).Customers);
        var holdout = new SummaryPeriods(new DateOnly(2011, 9, 1), new DateOnly(2011, 12, 10));
        Assert.Equal(PurchaseHistoryQuery.Compute(store, holdout), CustomerInputs.PurchaseHistories(store, holdout));

        new OrderIngestor(store).Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        SameRows(CustomerFeatureQuery.Compute(store).Customers, CustomerInputs.Features(store).Customers);
        Assert.NotNull(CustomerInputs.Prepare(store));
        SameRows(CustomerFeatureQuery.Compute(store).Customers, CustomerInputs.Features(store).Customers);
    }

    /// <summary>
    /// The store's data as a model's version keeps it counts the customers from the summaries once they are current: the
    /// distinct customers of the order lines, so a version saved either way compares equal.
    /// </summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void StoreData_SummariesCurrent_CountsTheOrderLinesCustomers(string engine)
    {
        using var store = OnlineRetail(engine);
        var fromLines = StoreData.Read(store);

        Assert.Equal(fromLines, CustomerInputs.StoreData(store));
        CustomerInputs.Prepare(store);
        Assert.Equal(fromLines, CustomerInputs.StoreData(store));
        Assert.Equal(fromLines, StoreData.Read(store, summariesCurrent: true));
        Assert.Equal(store.Scalar<long>("SELECT count(DISTINCT customer_id) FROM order_lines"), CustomerInputs.StoreData(store).Customers);

        // An ingest the summaries have not taken in: counted from the lines again.
        new OrderIngestor(store).Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        Assert.Equal(StoreData.Read(store), CustomerInputs.StoreData(store));
        Assert.NotEqual(fromLines.Customers, CustomerInputs.StoreData(store).Customers);
    }

    private ClienteleStore OnlineRetail(string engine)
    {
        var store = _stores.Open(engine);
        new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        return store;
    }

    /// <summary>The same rows in the same order, with a message naming the first difference.</summary>
    private static void SameRows<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            Assert.True(Equals(expected[i], actual[i]), $"row {i}: expected {expected[i]}, got {actual[i]}");
        }
        Assert.Equal(expected.Count, actual.Count);
    }

    private static CustomerFeatures Customer(CustomerFeatureSet set, string id) => set.Customers.Single(c => c.CustomerId == id);
}
