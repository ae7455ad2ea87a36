using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Features.Tests;

public sealed class PurchaseHistoryQueryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    private ClienteleStore CdnowStore(string engine)
    {
        var store = _stores.Open(engine, "cdnow");
        new OrderIngestor(store).Ingest(TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        return store;
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_CdnowSample_EqualsThePublishedSummaryForEveryCustomer(string engine)
    {
        using var store = CdnowStore(engine);
        // Calibration to 1997-09-30 inclusive (week 39), in weeks: ../shared/data/cdnow/README.md.
        var summaries = CustomerSummaries(store, new SummaryPeriods(new DateOnly(1997, 10, 1), new DateOnly(1998, 7, 1)));

        // The Gamma-Gamma input of lifetimes: ID,x,t_x,T,zbar, rounded to 2 decimals (README: rebuilt within 0.006).
        var published = File.ReadAllLines(TestData.Shared("cdnow/cdnow_customers_summary_with_transactions.csv")).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => f[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal(2_357, published.Count);
        Assert.Equal(published.Count, summaries.Count);
        foreach (var (id, p) in published)
        {
            var s = summaries[id];
            Assert.True(
                Math.Abs(s.Frequency - p[0]) < 1e-9 && Math.Abs(s.Recency - p[1]) < 0.006 && Math.Abs(s.Age - p[2]) < 0.006 && Math.Abs(s.MonetaryValue - p[3]) < 0.006,
                $"customer {id}: published ({string.Join(", ", p)}), got ({s.Frequency}, {s.Recency}, {s.Age}, {s.MonetaryValue})");
        }

        // 1,882 transaction days in the holdout 1997-10-01 … 1998-06-30: ../shared/data/cdnow/README.md.
        Assert.Equal(1_882, summaries.Values.Sum(s => s.HoldoutTransactions));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_Days_AreWeeksTimesSeven(string engine)
    {
        using var store = CdnowStore(engine);
        var weeks = CustomerSummaries(store, new SummaryPeriods(new DateOnly(1997, 10, 1)));
        var days = CustomerSummaries(store, new SummaryPeriods(new DateOnly(1997, 10, 1), Unit: TimeUnit.Days));
        var one = days["1"];
        Assert.Equal(one.Age, weeks["1"].Age * 7, 9);
        Assert.Equal(0, one.HoldoutTransactions); // no holdout asked for
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Compute_HoldoutBeforeCalibrationEnd_ClearError(string engine)
    {
        using var store = CdnowStore(engine);
        var error = Assert.Throws<ClienteleException>(() => PurchaseHistoryQuery.Compute(store, new SummaryPeriods(new DateOnly(1997, 10, 1), new DateOnly(1997, 9, 1))));
        Assert.Contains("holdout must end after the calibration", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, PurchaseHistory> CustomerSummaries(ClienteleStore store, SummaryPeriods periods) =>
        PurchaseHistoryQuery.Compute(store, periods).ToDictionary(s => s.CustomerId);
}
