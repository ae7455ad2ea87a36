using System.Diagnostics;
using Clientele.Data.Ingest;
using Clientele.Tests;
using Xunit.Abstractions;

namespace Clientele.Features.Tests;

/// <summary>
/// Online Retail (samples/online_retail.csv.gz, the full 541,909 lines of ../shared/data/online-retail) ingested into a
/// DuckDB store and into a PostgreSQL store gives the same account and the same rows from every feature query: the SQL is
/// written once for both engines, so any dialect difference that changes a number shows here.
/// </summary>
public sealed class EnginesAgreeTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [PostgresFact]
    public void OnlineRetail_DuckDbAndPostgres_IdenticalAccountsAndFeatureRows()
    {
        var file = TestData.Sample("online_retail.csv.gz");
        using var duck = _stores.Open(StoreEngines.DuckDb);
        using var postgres = _stores.Open(StoreEngines.Postgres);

        var clock = Stopwatch.StartNew();
        var duckSummary = new OrderIngestor(duck).Ingest(file, new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var duckSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var postgresSummary = new OrderIngestor(postgres).Ingest(file, new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var postgresSeconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"Online Retail ingest ({duckSummary.Read:N0} lines, {duckSummary.Accepted:N0} accepted): DuckDB {duckSeconds:F1} s, PostgreSQL (binary COPY) {postgresSeconds:F1} s");

        Assert.Equal(541_909, postgresSummary.Read); // ../shared/data/online-retail/README.md
        Assert.Equal(
            (duckSummary.Read, duckSummary.Accepted, duckSummary.Rejected, duckSummary.ReturnLines, duckSummary.RoundedPrices),
            (postgresSummary.Read, postgresSummary.Accepted, postgresSummary.Rejected, postgresSummary.ReturnLines, postgresSummary.RoundedPrices));
        Assert.Equal(duckSummary.RejectedByReason, postgresSummary.RejectedByReason);
        Assert.Equal(File.ReadAllBytes(duckSummary.RejectsFile!), File.ReadAllBytes(postgresSummary.RejectsFile!));
        // Derived tables: each customer's country and each product's description (the most common, ties by text).
        const string Countries = "SELECT string_agg(customer_id || ':' || coalesce(country, '-'), ',' ORDER BY customer_id COLLATE \"C\") FROM customers";
        const string Products = "SELECT string_agg(product_id || ':' || coalesce(description, '-'), ',' ORDER BY product_id COLLATE \"C\") FROM products";
        Assert.Equal(duck.Scalar<string>(Countries), postgres.Scalar<string>(Countries));
        Assert.Equal(duck.Scalar<string>(Products), postgres.Scalar<string>(Products));

        var duckFeatures = CustomerFeatureQuery.Compute(duck);
        var postgresFeatures = CustomerFeatureQuery.Compute(postgres);
        Assert.Equal(4_338, duckFeatures.Customers.Count); // README: 4,338 customers with purchases
        Assert.Equal(duckFeatures.AsOf, postgresFeatures.AsOf);
        Assert.Equal(duckFeatures.CustomersWithoutPurchases, postgresFeatures.CustomersWithoutPurchases);
        Assert.Equal(duckFeatures.Customers, postgresFeatures.Customers);

        var periods = new SummaryPeriods(new DateOnly(2011, 9, 1), new DateOnly(2011, 12, 10));
        var duckHistory = PurchaseHistoryQuery.Compute(duck, periods);
        Assert.NotEmpty(duckHistory);
        Assert.Equal(duckHistory, PurchaseHistoryQuery.Compute(postgres, periods));

        Assert.Equal(PurchaseInteractionQuery.Compute(duck), PurchaseInteractionQuery.Compute(postgres));
        Assert.Equal(CustomerTextQuery.Spend(duck), CustomerTextQuery.Spend(postgres));

        var asOf = new DateOnly(2011, 9, 1);
        var duckEarly = EarlyBehaviourQuery.Compute(duck, 30, 60, asOf);
        Assert.Equal(duckEarly.Customers, EarlyBehaviourQuery.Compute(postgres, 30, 60, asOf).Customers);

        var duckChurn = ChurnDatasetQuery.Compute(duck, asOf, 90);
        var postgresChurn = ChurnDatasetQuery.Compute(postgres, asOf, 90);
        Assert.Equal(duckChurn.Churned, postgresChurn.Churned);
    }
}
