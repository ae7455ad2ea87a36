using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Language.Briefs;
using Clientele.Language.Tests.Briefs;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>Briefs of the Online Retail segmentation (RFM and k-means, k = 4) in both languages, on one engine.</summary>
public sealed class OnlineRetailBriefs
{
    public OnlineRetailBriefs(TestStores stores, string engine)
    {
        Shop = new OnlineRetailSegmentation(stores, engine);
        Result = BriefJob.Run(new BriefRequest
        {
            SegmentsFile = Segmentation.SegmentsFile,
            OutputDirectory = Shop.Folder("briefs"),
            Languages = [BriefLanguage.English, BriefLanguage.Chinese],
        });
    }

    /// <summary>The store and its segmentation.</summary>
    public OnlineRetailSegmentation Shop { get; }

    public SegmentResult Segmentation => Shop.Result;

    public BriefResult Result { get; }
}

/// <summary>The briefs on each engine, written once for the class on first use.</summary>
public sealed class OnlineRetailBriefsOnEachEngine : PerEngine<OnlineRetailBriefs>
{
    protected override OnlineRetailBriefs Make(string engine) => new(Stores, engine);
}

public sealed class BriefJobTests(OnlineRetailBriefsOnEachEngine fixtures) : IClassFixture<OnlineRetailBriefsOnEachEngine>
{
    private static SegmentBriefs Segment(BriefResult result, string method, string name) => result.Segments.Single(s => s.Facts.Method == method && s.Facts.Name == name);

    public static TheoryData<string, string, string, double, int> TopProducts => OnEachEngine(
        ("Champions", "22423", 94_412.55, 302),
        ("At Risk", "22502", 41_066.00, 33),
        ("Lost", "22423", 3_355.65, 81));

    /// <summary>
    /// Top products by net revenue per segment, from pandas 1.5.3 on samples/online_retail.csv.gz (rows with a customer id,
    /// unit price &gt; 0, quantity ≠ 0, exact duplicates dropped: the 401,564 lines the store accepts), joined to this
    /// segmentation's customers.csv; stock codes without a digit left out; computed with /usr/bin/python3 on 2026-11-24.
    /// </summary>
    [Theory]
    [MemberData(nameof(TopProducts))]
    public void Run_TopProduct_AsPandasComputesIt(string engine, string segment, string product, double revenue, int buyers)
    {
        var top = Segment(fixtures.For(engine).Result, "rfm", segment).Facts.TopProducts[0];
        Assert.Equal(product, top.ProductId);
        Assert.Equal(revenue, top.Revenue, 2);
        Assert.Equal(buyers, top.Customers);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_TopProducts_NeverServiceLines(string engine)
    {
        var result = fixtures.For(engine).Result;
        var named = result.Segments.SelectMany(s => s.Facts.TopProducts.Concat(s.Facts.CrossSellProducts)).Select(p => p.ProductId).ToHashSet();
        Assert.DoesNotContain("POST", named);
        Assert.DoesNotContain("M", named);
        Assert.DoesNotContain("DOT", named);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_Facts_AgreeWithTheSegmentationsOwnProfiles(string engine)
    {
        var fixture = fixtures.For(engine);
        var result = fixture.Result;
        var profiles = fixture.Segmentation.RfmProfiles.Select(p => ("rfm", p)).Concat(fixture.Segmentation.ClusterProfiles.Select(p => ("kmeans", p))).ToArray();
        Assert.Equal(profiles.Length, result.Segments.Count);
        foreach (var (method, profile) in profiles)
        {
            var facts = result.Segments.Single(s => s.Facts.Method == method && s.Facts.SegmentId == profile.Id).Facts;
            Assert.Equal(profile.Name, facts.Name);
            Assert.Equal(profile.Label, facts.Label);
            Assert.Equal(profile.Size, facts.Customers);
            Assert.Equal(profile.Share, facts.CustomerShare, 12);
            foreach (var summary in profile.Features)
            {
                // customers.csv rounds the average order value to cents and the return rate to 6 decimals.
                var rounded = summary.Feature == "average_order_value";
                var fact = facts.Feature(summary.Feature)!;
                Assert.Equal(summary.Mean, fact.Mean, rounded ? 0.005 : 1e-6);
                Assert.Equal(summary.Median, fact.Median, rounded ? 0.005 : 1e-6);
                Assert.Equal(summary.Lift, fact.Lift!.Value, rounded ? 1e-4 : 1e-6);
                Assert.Equal(summary.StandardisedDifference, fact.StandardisedDifference, rounded ? 1e-4 : 1e-6);
            }
        }
        foreach (var method in new[] { "rfm", "kmeans" })
        {
            Assert.Equal(1, result.Segments.Where(s => s.Facts.Method == method).Sum(s => s.Facts.RevenueShare!.Value), 9);
        }
    }

    /// <summary>
    /// The shop's rhythm: the median of (last − first order) / (orders − 1) over customers with two orders or more, 53.5 days
    /// by pandas 1.5.3 on this segmentation's customers.csv ((tenure_days − recency_days) / (frequency − 1), frequency ≥ 2),
    /// computed with /usr/bin/python3 on 2026-11-24.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_OrderInterval_AsPandasComputesIt(string engine) => Assert.All(fixtures.For(engine).Result.Segments, s => Assert.Equal(53.5, s.Facts.OrderIntervalDays));

    /// <summary>The angle the documented rules give each segment here (R₀ = 53.5 days, the order interval above).</summary>
    public static TheoryData<string, string, string, MarketingAngle> Angles => OnEachEngine(
        ("rfm", "Champions", MarketingAngle.LoyaltyVip),      // 9 days, 3.3× spend
        ("rfm", "New", MarketingAngle.SecondPurchase),        // 8 days, 1 order
        ("rfm", "Promising", MarketingAngle.SecondPurchase),
        ("rfm", "Loyal", MarketingAngle.CrossSell),           // 36 days, 5.1 orders, about average spend
        ("rfm", "About to Sleep", MarketingAngle.SecondPurchase), // 53 days ≤ 53.5, 1 order
        ("rfm", "At Risk", MarketingAngle.WinBack),           // 121.5 days > 107, 2.8 orders
        ("rfm", "Can't Lose Them", MarketingAngle.WinBack),
        ("rfm", "Hibernating", MarketingAngle.Reactivate),    // 115 days in (107, 214], 1.2 orders
        ("rfm", "Lost", MarketingAngle.Sunset),               // 269 days > 214
        ("kmeans", "cluster 1", MarketingAngle.LoyaltyVip),
        ("kmeans", "cluster 2", MarketingAngle.Reengage),     // 57 days in (53.5, 107]
        ("kmeans", "cluster 3", MarketingAngle.CrossSell),    // 19 days, 2 orders, 0.27× spend
        ("kmeans", "cluster 4", MarketingAngle.Reactivate));  // 185 days, 1.3 orders

    [Theory]
    [MemberData(nameof(Angles))]
    public void Run_Angle_FollowsTheRules(string engine, string method, string name, MarketingAngle expected)
    {
        var segment = Segment(fixtures.For(engine).Result, method, name);
        Assert.Equal(expected, segment.Angle);
        Assert.All(segment.Briefs, b => Assert.Equal(expected, b.Angle));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_EveryBriefInBothLanguages_WellFormedAndNamesSizeTopProductAndAngle(string engine)
    {
        var result = fixtures.For(engine).Result;
        Assert.Equal(15, result.Segments.Count); // 11 RFM segments + 4 clusters
        foreach (var segment in result.Segments)
        {
            Assert.Equal([BriefLanguage.English, BriefLanguage.Chinese], segment.Briefs.Select(b => b.Language));
            foreach (var brief in segment.Briefs)
            {
                BriefAssertions.WellFormed(brief);
                Assert.Equal(BriefSource.Template, brief.Source);
                Assert.Contains(segment.Facts.Customers.ToString("N0", CultureInfo.InvariantCulture), brief.Description, StringComparison.Ordinal);
                Assert.Contains(BriefText.ProductName(segment.Facts.TopProducts[0].Name), brief.Description, StringComparison.Ordinal);
                Assert.StartsWith(TemplateBriefWriter.AngleName(segment.Angle, brief.Language), brief.AngleText, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_Files_MarkdownAndJsonHoldEveryBrief(string engine)
    {
        var result = fixtures.For(engine).Result;
        var markdown = File.ReadAllText(result.MarkdownFile);
        Assert.Contains("## RFM segments", markdown, StringComparison.Ordinal);
        Assert.Contains("## k-means clusters", markdown, StringComparison.Ordinal);
        Assert.Contains("### Cluster 4: low value, lapsed, one-off · 1,545 customers (35.6%)", markdown, StringComparison.Ordinal);
        foreach (var brief in result.Segments.SelectMany(s => s.Briefs))
        {
            Assert.Contains(brief.Description, markdown, StringComparison.Ordinal);
        }
        using var json = JsonDocument.Parse(File.ReadAllText(result.JsonFile));
        var segments = json.RootElement.GetProperty("segments");
        Assert.Equal(15, segments.GetArrayLength());
        var lost = segments.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Lost");
        Assert.Equal("sunset", lost.GetProperty("angle").GetString());
        Assert.StartsWith("“已流失客户”（Lost）共 689 位", lost.GetProperty("briefs").GetProperty("zh").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(689, lost.GetProperty("facts").GetProperty("customers").GetInt32());
        Assert.Equal("template", json.RootElement.GetProperty("writer").GetString());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Build_ValueColumns_MeansPerSegmentAndASentence(string engine)
    {
        var fixture = fixtures.For(engine);
        using var temp = new TempFolder();
        File.Copy(fixture.Segmentation.SegmentsFile, temp.File("segments.json"));
        var table = CustomerTable.Read(fixture.Segmentation.CustomersFile);
        // clv = 10 × the row number, p_alive 0.5 everywhere, churn_risk empty for the first customer (a value run leaves it empty for some).
        var row = table.CustomerIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        table.SetColumn("clv", id => (10 * row[id]).ToString(CultureInfo.InvariantCulture));
        table.SetColumn("p_alive", _ => "0.5");
        table.SetColumn("churn_risk", id => row[id] == 0 ? "" : "0.25");
        table.Write(temp.File("customers.csv"));
        File.WriteAllText(temp.File("value-model.json"), "{\"format_version\": 1, \"horizon_days\": 365}");

        var facts = BriefFactsBuilder.Build(temp.File("segments.json"), null);

        Assert.Equal(["clv", "p_alive", "churn_risk"], facts.ValueColumns);
        var lost = facts.Segments.Single(s => s.Name == "Lost");
        var rows = table.CustomerIds.Where(id => table.Value(id, "rfm_segment") == "Lost").Select(id => row[id]).ToArray();
        Assert.Equal(rows.Average() * 10, lost.Value!.MeanClv!.Value, 9);
        Assert.Equal((table.CustomerIds.Count - 1) * 5.0, lost.Value.OverallMeanClv!.Value, 9); // mean of 10 × 0 … 10 × (n − 1)
        Assert.Equal(0.5, lost.Value.MeanProbabilityAlive);
        Assert.Equal(0.25, lost.Value.MeanChurnRisk);
        Assert.Equal(365, lost.Value.HorizonDays);
        var brief = TemplateBriefWriter.Write(lost, BriefLanguage.English);
        BriefAssertions.WellFormed(brief);
        Assert.Contains("over the next 365 days", brief.Description, StringComparison.Ordinal);
        // P(alive) is stated for a segment of repeat buyers, and left out, saying why, for one that mostly ordered once.
        var champions = facts.Segments.Single(s => s.Name == "Champions");
        Assert.True(champions.RequiredFeature("frequency").Median > 1);
        Assert.Contains("平均存活概率为 50%", TemplateBriefWriter.Write(champions, BriefLanguage.Chinese).Description, StringComparison.Ordinal);
        Assert.Equal(1, lost.RequiredFeature("frequency").Median);
        Assert.Contains("their chance of still being active is left out, because most of them ordered once", brief.Description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_LanguageModel_LogsEveryExchangeAndFallsBackOnFailures(string engine)
    {
        var fixture = fixtures.For(engine);
        var calls = 0;
        var client = new FakeChatClient((messages, _) => Interlocked.Increment(ref calls) % 2 == 0
            ? Task.FromException<string>(new HttpRequestException("connection refused"))
            : Task.FromResult("{\"description\": \"Model text.\", \"angle\": \"Model angle.\"}"));
        var result = BriefJob.Run(new BriefRequest
        {
            SegmentsFile = fixture.Segmentation.SegmentsFile,
            OutputDirectory = fixture.Shop.Folder("llm"),
            ChatClient = client,
        });

        var briefs = result.Segments.SelectMany(s => s.Briefs).ToArray();
        Assert.Equal(15, briefs.Length);
        Assert.Equal(8, briefs.Count(b => b.Source == BriefSource.LanguageModel)); // calls 1, 3, …, 15 answer
        Assert.Equal(7, result.Warnings.Count);
        Assert.All(briefs.Where(b => b.Source == BriefSource.Template), b => Assert.Contains("connection refused", b.Warning, StringComparison.Ordinal));
        var log = File.ReadAllLines(result.LlmLogFile!);
        Assert.Equal(15, log.Length);
        Assert.Equal(Path.Combine(fixture.Shop.Folder("llm"), "briefs-llm-log.jsonl"), result.LlmLogFile);
        using var first = JsonDocument.Parse(log[0]);
        Assert.Equal("Champions", first.RootElement.GetProperty("facts").GetProperty("name").GetString());
        Assert.Contains("White Hanging Heart", File.ReadAllText(result.MarkdownFile), StringComparison.Ordinal); // fallbacks keep the template's text
        Assert.Contains("## Warnings", File.ReadAllText(result.MarkdownFile), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ReportSegmentBriefs_EverySegment_TheEnglishBriefAndAngle(string engine)
    {
        var fixture = fixtures.For(engine);
        var result = fixture.Result;
        using var store = ClienteleStore.OpenExisting(fixture.Segmentation.Store);
        var briefs = ReportJob.SegmentBriefs(store, fixture.Segmentation.Store, fixture.Segmentation)!;
        Assert.Equal(15, briefs.Count);
        var lost = Segment(result, "rfm", "Lost");
        Assert.Equal($"{lost.Briefs[0].Description} {lost.Briefs[0].AngleText}", briefs[("rfm", lost.Facts.SegmentId)]);
        var overview = ReportJob.SegmentsOverview(fixture.Segmentation, briefs);
        Assert.StartsWith("Cluster 4 (low value, lapsed, one-off): 1,545 customers", overview.Clusters!.Segments.Single(s => s.Key == "4").Brief, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_StoreGiven_BriefsNameItAsMessagesDoNeverByItsConnectionString(string engine)
    {
        var fixture = fixtures.For(engine);
        var store = fixture.Shop.Request.StorePath!;

        var result = BriefJob.Run(new BriefRequest { StorePath = store, OutputDirectory = fixture.Shop.Folder("briefs-of-the-store") });

        // Before: briefs.json and briefs.md carried --store as given, on PostgreSQL a connection string (which may hold a password).
        var named = Data.Store.StoreLocation.Parse(store).DisplayName;
        Assert.Equal(named, result.Facts.Store);
        using var json = JsonDocument.Parse(File.ReadAllText(result.JsonFile));
        Assert.Equal(named, json.RootElement.GetProperty("store").GetString());
        Assert.Contains($"the store {named}.", File.ReadAllText(result.MarkdownFile), StringComparison.Ordinal);
        Assert.DoesNotContain("Host=", File.ReadAllText(result.MarkdownFile), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FeatureTableSegmentation_OneLineError()
    {
        using var temp = new TempFolder();
        var segments = temp.Write("segments.json", "{\"format_version\": 1, \"features_file\": \"/data/f.csv\", \"customers\": 2}");
        var e = Assert.Throws<ClienteleException>(() => BriefFactsBuilder.Build(segments, null));
        Assert.Contains("feature table", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BadNumberInCustomersCsv_NamesLineAndColumn()
    {
        // A file's format: the DuckDB store's segmentation files serve.
        var fixture = fixtures.For(StoreEngines.DuckDb);
        using var temp = new TempFolder();
        File.Copy(fixture.Segmentation.SegmentsFile, temp.File("segments.json"));
        var lines = File.ReadAllLines(fixture.Segmentation.CustomersFile);
        var header = lines[0].Split(',');
        var fields = lines[3].Split(',');
        fields[Array.IndexOf(header, "monetary")] = "lots";
        lines[3] = string.Join(',', fields);
        File.WriteAllLines(temp.File("customers.csv"), lines);

        var e = Assert.Throws<ClienteleException>(() => BriefFactsBuilder.Build(temp.File("segments.json"), null));
        Assert.Contains("customers.csv, line 4, column monetary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoCustomersCsvBeside_OneLineError()
    {
        // A file's format: the DuckDB store's segmentation files serve.
        var fixture = fixtures.For(StoreEngines.DuckDb);
        using var temp = new TempFolder();
        File.Copy(fixture.Segmentation.SegmentsFile, temp.File("segments.json"));
        var e = Assert.Throws<ClienteleException>(() => BriefFactsBuilder.Build(temp.File("segments.json"), null));
        Assert.Contains("no customers.csv beside", e.Message, StringComparison.Ordinal);
    }

    private static TheoryData<string, T1, T2, T3, T4> OnEachEngine<T1, T2, T3, T4>(params (T1, T2, T3, T4)[] rows)
    {
        var data = new TheoryData<string, T1, T2, T3, T4>();
        foreach (var engine in StoreEngines.Names)
        {
            foreach (var (a, b, c, d) in rows)
            {
                data.Add(engine, a, b, c, d);
            }
        }
        return data;
    }

    private static TheoryData<string, T1, T2, T3> OnEachEngine<T1, T2, T3>(params (T1, T2, T3)[] rows)
    {
        var data = new TheoryData<string, T1, T2, T3>();
        foreach (var engine in StoreEngines.Names)
        {
            foreach (var (a, b, c) in rows)
            {
                data.Add(engine, a, b, c);
            }
        }
        return data;
    }
}
