using System.Text.Json;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Pipeline.Campaigns;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests.Campaigns;

/// <summary>
/// The power baseline back-tested on a shop small enough to count by hand. The campaign runs 2024-03-01 to 2024-03-10
/// (10 days) with the audience "recency_days > 5"; planned as of 2024-03-01, the back-test takes that audience as of
/// 2024-02-20 and counts who bought from 2024-02-20 to 2024-02-29.
/// </summary>
public sealed class CampaignBacktestTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    /// <summary>The shop, on <paramref name="engine"/>.</summary>
    private string Shop(string engine)
    {
        var store = _stores.Location(engine, "shop");
        // customer, invoice, day, quantity, unit price: as of 2024-02-20, recency_days is 41 (1001), 36 (1002), 2 (1003),
        // 46 (1004), 19 (1005), 50 (1006), 31 (1008); 1007 has not bought yet.
        (int Customer, string Invoice, string Day, int Quantity)[] lines =
        [
            (1001, "500001", "1/10/2024 10:00", 2), (1001, "500101", "2/25/2024 10:00", 2), // bought in the window: 10.00
            (1002, "500002", "1/15/2024 10:00", 2), (1002, "500102", "3/5/2024 10:00", 2), // bought after the window
            (1003, "500003", "2/18/2024 10:00", 2), (1003, "500103", "2/22/2024 10:00", 2), // recency 2 on 2024-02-20: not in the audience
            (1004, "500004", "1/5/2024 10:00", 2), (1004, "C500104", "2/24/2024 10:00", -1), // only a return in the window: −5.00, no conversion
            (1005, "500005", "2/1/2024 10:00", 2), (1005, "500105", "2/20/2024 10:00", 4), // the window's first day: 20.00
            (1006, "500006", "1/1/2024 10:00", 2), (1006, "500106", "2/29/2024 23:00", 6), // the window's last day: 30.00
            (1007, "500107", "2/25/2024 10:00", 2), // a new customer in the window: not in the audience as of 2024-02-20
            (1008, "500008", "1/20/2024 10:00", 2), // did nothing in the window
        ];
        var csv = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + string.Concat(lines.Select(l => $"{l.Invoice},85123A,WHITE HANGING HEART,{l.Quantity},{l.Day},5.00,{l.Customer},United Kingdom\n"));
        IngestJob.Run(store, _stores.Folder.Write("orders.csv", csv), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        return store;
    }

    private string Spec(string end = "2024-03-10", string metric = "conversion") => _stores.Folder.Write("spec.yaml", $"""
        name: backtest
        audience:
          where: "recency_days > 5"
        arms:
          - {"{"}name: control, kind: control, weight: 0.5{"}"}
          - {"{"}name: msg, kind: message, weight: 0.5, template: "Hello"{"}"}
        start: 2024-03-01
        end: {end}
        primary_metric: {metric}
        """);

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_HandMadeShop_CountsTheAudienceOneWindowEarlierAndWhoOfItBought(string engine)
    {
        var shop = Shop(engine);
        using var store = ClienteleStore.OpenExisting(shop);

        var outcome = CampaignBacktest.Run(CampaignSpecReader.Read(Spec()), store, new DateOnly(2024, 3, 1));

        var b = outcome.Baseline ?? throw new InvalidOperationException(outcome.Reason);
        Assert.Equal(new DateOnly(2024, 2, 20), b.AsOf);
        Assert.Equal(new DateOnly(2024, 3, 1), b.Until);
        Assert.Equal(10, b.Days);
        Assert.Equal(6, b.Customers); // 1001, 1002, 1004, 1005, 1006, 1008
        Assert.Equal(3, b.Converted); // 1001, 1005, 1006
        Assert.Equal(0.5, b.Rate, 15);
        Assert.Equal(55.0 / 6, b.RevenuePerCustomer, 9); // (10 + 0 − 5 + 20 + 30 + 0) / 6
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Plan_WithHistory_PowerBaselineIsTheBacktestAndPlanJsonSaysSo(string engine)
    {
        var shop = Shop(engine);
        CurrentModels.ForCampaign(shop, Spec());
        var result = CampaignPlanJob.Run(new CampaignPlanRequest { SpecFile = Spec(), StorePath = shop, OutputDirectory = _stores.Folder.File("out") });

        Assert.Equal(0.5, result.Power.Baseline, 15);
        Assert.Equal(6, result.Power.Backtest!.Customers);
        Assert.Null(result.Power.BacktestFallback);
        Assert.StartsWith("backtest: 50.0 % (95 % interval", result.Power.BaselineSource, StringComparison.Ordinal);
        Assert.Contains("3 of the 6 customers the same audience rule selected as of 2024-02-20 bought in the following 10 days (to 2024-02-29)", result.Power.BaselineSource, StringComparison.Ordinal);
        using var plan = JsonDocument.Parse(File.ReadAllText(result.PlanFile));
        var power = plan.RootElement.GetProperty("power");
        Assert.Equal(3, power.GetProperty("backtest").GetProperty("converted").GetInt64());
        Assert.StartsWith("backtest:", power.GetProperty("baseline_source").GetString(), StringComparison.Ordinal);
        // The profile's source names the store as messages do (before: a PostgreSQL connection string as if a file path).
        Assert.Equal($"{StoreLocation.Parse(shop).DisplayName} as of 2024-03-01", plan.RootElement.GetProperty("profile").GetString());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Plan_RevenueMetric_BaselineIsTheBacktestsRevenuePerCustomerAndItsVariance(string engine)
    {
        var shop = Shop(engine);
        CurrentModels.ForCampaign(shop, Spec(metric: "revenue_per_customer"));
        var result = CampaignPlanJob.Run(new CampaignPlanRequest { SpecFile = Spec(metric: "revenue_per_customer"), StorePath = shop, OutputDirectory = _stores.Folder.File("out") });

        Assert.Equal(55.0 / 6, result.Power.Baseline, 9); // (10 + 0 − 5 + 20 + 30 + 0) / 6
        // Sample variance of 10, 0, −5, 20, 30, 0 around 55/6: (Σy² − (Σy)²/6) / 5 = (1425 − 3025/6) / 5.
        Assert.Equal((1425 - (3025.0 / 6)) / 5, result.Power.Backtest!.RevenueVariance, 9);
        Assert.StartsWith("backtest: 9.17 revenue per customer (3 of 6 bought)", result.Power.BaselineSource, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Simulate_WithHistory_ScalesTheCustomersChancesToTheBacktest(string engine)
    {
        var shop = Shop(engine);
        var spec = Spec();
        CurrentModels.ForCampaign(shop, spec);
        CampaignPlanJob.Run(new CampaignPlanRequest { SpecFile = spec, StorePath = shop, OutputDirectory = _stores.Folder.File("out") });

        var result = CampaignSimulateJob.Run(new CampaignSimulateRequest { SpecFile = spec, StorePath = shop, Effects = new(), OutputFile = _stores.Folder.File("o.csv") });

        Assert.StartsWith("backtest: 3 of 6 customers of the audience as of 2024-02-20 bought in the following 10 days (50.00 %)", result.BaselineSource, StringComparison.Ordinal);
        Assert.True(result.BaselineConversion <= 0.5 + 1e-12, $"{result.BaselineConversion}"); // 0.5 unless the cap at 1 bites
    }

    [Theory]
    [InlineData(new[] { 0.1, 0.2, 0.3 }, 0.1, new[] { 0.05, 0.1, 0.15 })] // × 0.1 / 0.2
    [InlineData(new[] { 0.1, 0.9 }, 0.8, new[] { 0.16, 1.0 })] // × 1.6, the second capped at 1
    [InlineData(new[] { 0.0, 0.0 }, 0.02, new[] { 0.02, 0.02 })] // nothing to scale: everyone gets the target
    public void Calibrate_HandCases_ScaleToTheTarget(double[] chances, double target, double[] expected)
    {
        var calibrated = CustomerBaseline.Calibrate(chances, target);

        Assert.Equal(expected.Length, calibrated.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], calibrated[i], 12);
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Plan_HistoryShorterThanTwoWindows_FallsBackAndSaysWhy(string engine)
    {
        var shop = Shop(engine);
        // A 60-day campaign: the back-test would take the audience as of 2024-01-01, the day of the first order.
        CurrentModels.ForCampaign(shop, Spec(end: "2024-04-29"));
        var result = CampaignPlanJob.Run(new CampaignPlanRequest { SpecFile = Spec(end: "2024-04-29"), StorePath = shop, OutputDirectory = _stores.Folder.File("out") });

        Assert.Null(result.Power.Backtest);
        Assert.Contains("the history is too short to back-test a 60-day campaign: the orders start on 2024-01-01", result.Power.BacktestFallback, StringComparison.Ordinal);
        Assert.StartsWith("customer histories:", result.Power.BaselineSource, StringComparison.Ordinal);
        Assert.Contains(result.Power.BacktestFallback!, result.Power.BaselineSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ProfileFileWithoutStore_FallsBackAndSaysWhy()
    {
        var profile = _stores.Folder.Write("customers.csv", "customer_id,recency_days,frequency,tenure_days\n"
            + string.Concat(Enumerable.Range(1, 40).Select(i => $"{i},{i},2,100\n")));

        var result = CampaignPlanJob.Run(new CampaignPlanRequest { SpecFile = Spec(), ProfileFile = profile, OutputDirectory = _stores.Folder.File("out") });

        Assert.Null(result.Power.Backtest);
        Assert.Contains("no --store", result.Power.BacktestFallback, StringComparison.Ordinal);
        // 2 orders in max(100, 10) days: 1 − exp(−0.02 × 10) for every customer.
        Assert.Equal(1 - Math.Exp(-0.2), result.Power.Baseline, 12);
    }
}
