using System.Text.RegularExpressions;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Pipeline.Campaigns;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests.Campaigns;

/// <summary>
/// Campaigns on the stores shops really have: Olist (one-time buyers, products known only by a hex id and a category),
/// joined as a shop would join it, and CDNOW (no product ids at all).
/// </summary>
public sealed partial class CampaignOddStoreTests : IDisposable
{
    private readonly TestStores _stores = new();
    private readonly OlistStore _olist = new();

    public void Dispose()
    {
        _olist.Dispose();
        _stores.Dispose();
    }

    private string Spec(string name, bool recommendations, string start, string end, string template = "Você pode gostar de {product_1_name} e {product_2_name}") => _stores.Folder.Write(name + ".yaml", $"""
        name: {name}
        audience:
          segments: [At Risk, Can't Lose Them, Hibernating, Need Attention, About to Sleep, Lost]
        arms:
          - {"{"}name: control, kind: control, weight: 0.4{"}"}
          - {"{"}name: coupon, kind: coupon, weight: 0.3, coupon_value: 10, template: "{"{"}coupon{"}"} de desconto"{"}"}
          - name: {(recommendations ? "recs" : "message")}
            kind: {(recommendations ? "recommendation" : "message")}
            weight: 0.3
            template: "{(recommendations ? template : "Olá")}"
        start: {start}
        end: {end}
        """);

    [SharedDataTheory("olist-sample/olist_orders_dataset.csv.gz", "olist-sample/olist_order_items_dataset.csv.gz", "olist-sample/olist_customers_dataset.csv.gz", "olist-sample/olist_products_dataset.csv.gz")]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Plan_Olist_NoMessageWithAGapNoHexNameAndARareBaseline(string engine)
    {
        var store = _olist.Store(engine);
        var spec = Spec("olist", recommendations: true, start: "2018-07-01", end: "2018-07-30");
        CurrentModels.ForCampaign(store, spec);
        var result = CampaignPlanJob.Run(new CampaignPlanRequest
        {
            SpecFile = spec,
            StorePath = store,
            OutputDirectory = _stores.Folder.File("out"),
        });

        var recs = File.ReadLines(result.Arms[2].File).Skip(1).Select(CsvLine.Split).ToArray();
        Assert.Equal(result.Counts.PerArm[2], recs.Length); // every customer of the arm stays in it
        var withMessage = recs.Where(r => r[4].Length > 0).ToArray();
        var without = recs.Length - withMessage.Length;
        Assert.All(withMessage, r => Assert.Equal($"Você pode gostar de {r[8]} e {r[10]}", r[4]));
        Assert.All(withMessage, r => Assert.False(string.IsNullOrWhiteSpace(r[8]) || string.IsNullOrWhiteSpace(r[10])));
        // A product in a payload always has a name, and never a bare 32-character hex id.
        foreach (var r in recs)
        {
            for (var k = 7; k <= 11; k += 2)
            {
                Assert.Equal(r[k].Length == 0, r[k + 1].Length == 0);
                Assert.DoesNotMatch(HexId(), r[k + 1]);
            }
        }
        // Every message left empty is accounted for in a note, by the placeholder that had nothing to fill it.
        var noted = result.Notes.Select(n => UnsentNote().Match(n)).Where(m => m.Success).ToArray();
        Assert.All(noted, m => Assert.Equal(recs.Length, int.Parse(m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(without, noted.Sum(m => int.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)));
        // 99 % of Olist's customers bought once: the back-tested conversion is a fraction of a percent, not 30 %.
        var backtest = result.Power.Backtest ?? throw new InvalidOperationException(result.Power.BacktestFallback);
        Assert.True(backtest.Customers > 1_000, $"{backtest.Customers} customers in the back-test");
        Assert.InRange(result.Power.Baseline, 0, 0.01);
        Assert.True(result.Power.NeededPerArm > 100_000, result.Power.Message);
        Assert.False(result.Power.Enough);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Plan_StoreWithoutProductIds_ArmsWithoutProductsWorkAndARecommendationArmSaysWhatItNeeds(string engine)
    {
        var store = _stores.Location(engine, "cdnow");
        IngestJob.Run(store, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        var spec = Spec("cdnow", recommendations: false, start: "1998-03-01", end: "1998-03-30");
        CurrentModels.ForCampaign(store, spec); // the recommendation arm below plans as of the same day
        var plain = CampaignPlanJob.Run(new CampaignPlanRequest
        {
            SpecFile = spec,
            StorePath = store,
            OutputDirectory = _stores.Folder.File("plain"),
        });
        Assert.Equal(plain.Counts.Eligible, plain.Counts.Holdout + plain.Counts.PerArm.Sum());
        Assert.NotNull(plain.Power.Backtest);

        var outDir = _stores.Folder.File("recs");
        var error = Assert.Throws<ClienteleException>(() => CampaignPlanJob.Run(new CampaignPlanRequest
        {
            SpecFile = Spec("cdnow-recs", recommendations: true, start: "1998-03-01", end: "1998-03-30"),
            StorePath = store,
            OutputDirectory = outDir,
        }));
        Assert.Contains("arms[2].kind: recommendation arm \"recs\" needs products recommended from the store's purchases", error.Message, StringComparison.Ordinal);
        Assert.Contains("ingest order lines with product ids, or plan without this arm", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(outDir));
    }

    [GeneratedRegex(@"^arm recs: ([\d,]+) of ([\d,]+) customers have nothing for \{product_[12]_name\}")]
    private static partial Regex UnsentNote();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();
}
