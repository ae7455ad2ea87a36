using System.Diagnostics.Metrics;
using System.Text.Json;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Pipeline.State;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>Online Retail with the models a report, a brief and a campaign read: k-means segments, value, ALS lists.</summary>
public sealed class ShopWithModels
{
    public ShopWithModels(TestStores stores, string engine)
    {
        _folder = stores.Folder;
        _prefix = engine;
        Store = stores.Location(engine, "shop");
        IngestJob.Run(Store, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = Folder("r.csv") });
        Segmentation = SegmentationJob.Run(new SegmentRequest { StorePath = Store, OutputDirectory = FitFolder, Method = SegmentMethod.KMeans });
        Value = ValueJob.Run(new ValueRequest { StorePath = Store, OutputDirectory = FitFolder });
        Recommendations = RecommendJob.Run(new RecommendRequest { StorePath = Store, OutputDirectory = FitFolder });
    }

    private readonly TempFolder _folder;
    private readonly string _prefix;

    /// <summary>The store: a DuckDB file, or a PostgreSQL database of its own.</summary>
    public string Store { get; }

    /// <summary>Where segment, value and recommend wrote their files.</summary>
    public string FitFolder => Folder("fit");

    public SegmentResult Segmentation { get; }

    public ValueResult Value { get; }

    public RecommendResult Recommendations { get; }

    public string Folder(string name) => _folder.File($"{_prefix}-{name}");
}

/// <summary>The shop on each engine, made on first use (a run without PostgreSQL never makes that one).</summary>
public sealed class ShopsWithModels : IDisposable
{
    private readonly TestStores _stores = new();
    private readonly Dictionary<string, ShopWithModels> _shops = [];

    public ShopWithModels For(string engine)
    {
        lock (_shops)
        {
            return _shops.TryGetValue(engine, out var shop) ? shop : _shops[engine] = new ShopWithModels(_stores, engine);
        }
    }

    public void Dispose() => _stores.Dispose();
}

/// <summary>The store as the engine's memory, on DuckDB and PostgreSQL: readers fit nothing, a saved run loads back whole, and <c>models use</c> rolls back.</summary>
public sealed class StoreStateTests(ShopsWithModels shops) : IClassFixture<ShopsWithModels>
{
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Readers_StoreWithSegmentValueAndRecommend_FitNothingAndAddNoVersion(string engine)
    {
        var shop = shops.For(engine);
        var versions = RegistryJob.List(shop.Store).Count;
        var spec = shop.Folder("winback.yaml");
        File.Copy(TestData.Sample("campaign-winback.yaml"), spec, overwrite: true);

        var (fits, report) = FitsDuring(() => ReportJob.Run(new ReportRequest { StorePath = shop.Store, OutputDirectory = shop.Folder("report") }));
        var (briefFits, briefs) = FitsDuring(() => BriefJob.Run(new BriefRequest { StorePath = shop.Store, OutputDirectory = shop.Folder("brief") }));
        var (planFits, plan) = FitsDuring(() => Clientele.Pipeline.Campaigns.CampaignPlanJob.Run(new Clientele.Pipeline.Campaigns.CampaignPlanRequest { SpecFile = spec, StorePath = shop.Store, OutputDirectory = shop.Folder("plan") }));

        Assert.Equal((0, 0, 0), (fits, briefFits, planFits));
        Assert.Equal(versions, RegistryJob.List(shop.Store).Count);
        // They used the current versions: the report's segments and value are the runs' own.
        Assert.Equal(shop.Segmentation.Version, report.Segments.Version);
        Assert.Equal(shop.Value.Version, report.Value!.Version);
        Assert.Equal(shop.Segmentation.Customers.Count, briefs.Facts.Segments.Where(s => s.Method == "rfm").Sum(s => s.Customers));
        Assert.True(plan.Counts.Eligible > 0);
        // ... and the fixture's own runs were counted: the counter sees fits where there are some.
        using var store = OpenStore(shop);
        var (refitted, _) = FitsDuring(() => SegmentationJob.Compute(store, new SegmentRequest { StorePath = shop.Store, OutputDirectory = "", Method = SegmentMethod.KMeans }));
        Assert.Equal(2, refitted); // the clustering and its classifier
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Load_CurrentSegmentationAndValue_AreTheRunsResultsWithoutFitting(string engine)
    {
        var shop = shops.For(engine);
        using var store = OpenStore(shop);
        var (fits, (segments, value)) = FitsDuring(() =>
            (StoredSegmentation.LoadCurrent(store, shop.FitFolder), StoredValue.Load(store, ModelRegistry.Current(store, ModelKinds.Value)!, shop.FitFolder)));

        Assert.Equal(0, fits);
        Assert.Equal(Json(shop.Segmentation.Customers), Json(segments.Customers));
        Assert.Equal(Json(shop.Segmentation.RfmProfiles), Json(segments.RfmProfiles));
        Assert.Equal(Json(shop.Segmentation.ClusterProfiles), Json(segments.ClusterProfiles));
        Assert.Equal(shop.Segmentation.Clustering!.Outcome.K, segments.Clustering!.Outcome.K);
        Assert.Equal(Json(shop.Segmentation.Clustering.Outcome.Selection), Json(segments.Clustering.Outcome.Selection));
        Assert.Equal(shop.Segmentation.Classifier!.Evaluation.AccuracyMean, segments.Classifier!.Evaluation.AccuracyMean);
        Assert.Equal(Json(shop.Value.Customers), Json(value.Customers));
        Assert.Equal(Json(shop.Value.Transactions.Parameters), Json(value.Transactions.Parameters));
        Assert.Equal(Json(shop.Value.Churn!.Comparison), Json(value.Churn!.Comparison));
        Assert.Equal(Json(shop.Value.Checks), Json(value.Checks));
    }

    /// <summary>
    /// The products by segment a segment run keeps with its version are the rows the store groups for that version when
    /// asked (SegmentProductQuery.ForVersion, which the report and the briefs ran before), every number equal; another
    /// day's are grouped from the store.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Products_KeptWithTheSegmentation_AreTheStoresGroupingOfItsRows(string engine)
    {
        var shop = shops.For(engine);
        using var store = ClienteleStore.OpenExisting(shop.Store);
        var version = ModelRegistry.Get(store, shop.Segmentation.Version);
        var asOf = version.AsOf!.Value;

        var kept = StoredSegmentation.Products(store, version, asOf);
        var earlier = StoredSegmentation.Products(store, version, asOf.AddDays(-90));

        Assert.NotNull(ModelRegistry.Artifact(store, version.Version, StoredSegmentation.ProductsArtifact));
        Assert.True(kept.Count > 10_000, $"{kept.Count} rows"); // 10 RFM segments and the clusters, each with hundreds of products
        Assert.Equal(Sorted(Features.SegmentProductQuery.ForVersion(store, version.Version, asOf)), Sorted(kept));
        Assert.Equal(Sorted(Features.SegmentProductQuery.ForVersion(store, version.Version, asOf.AddDays(-90))), Sorted(earlier));
        Assert.NotEqual(Sorted(kept), Sorted(earlier));

        static List<Features.SegmentProduct> Sorted(IEnumerable<Features.SegmentProduct> rows) =>
            [.. rows.OrderBy(r => r.RfmSegment, StringComparer.Ordinal).ThenBy(r => r.Cluster).ThenBy(r => r.ProductId, StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ModelsUse_EarlierVersions_ExportsMatchWhatThoseRunsWroteByteForByte(string engine)
    {
        var shop = shops.For(engine);
        var first = (Segmentation: shop.Segmentation.Version, Value: shop.Value.Version);
        var later = shop.Folder("later");
        var rfm = SegmentationJob.Run(new SegmentRequest { StorePath = shop.Store, OutputDirectory = later });
        var shorter = ValueJob.Run(new ValueRequest { StorePath = shop.Store, OutputDirectory = later, HorizonDays = 180 });
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(shop.FitFolder, "customers.csv")), File.ReadAllBytes(Path.Combine(later, "customers.csv")));

        RegistryJob.Use(shop.Store, first.Segmentation);
        RegistryJob.Use(shop.Store, first.Value);
        var export = ExportJob.Run(new ExportRequest { StorePath = shop.Store, OutputDirectory = shop.Folder("rolled-back"), Subject = ExportSubject.Customers });

        Assert.Equal(File.ReadAllBytes(Path.Combine(shop.FitFolder, "customers.csv")), File.ReadAllBytes(Assert.Single(export)));
        var listed = RegistryJob.List(shop.Store);
        Assert.True(listed.Single(v => v.Version == first.Segmentation).IsCurrent);
        Assert.False(listed.Single(v => v.Version == rfm.Version).IsCurrent);
        Assert.False(listed.Single(v => v.Version == shorter.Version).IsCurrent);
        Assert.Single(listed, v => v.Kind == ModelKinds.Segmentation && v.IsCurrent);

        // And forward again: the later run's file comes back.
        RegistryJob.Use(shop.Store, rfm.Version);
        RegistryJob.Use(shop.Store, shorter.Version);
        var forward = ExportJob.Run(new ExportRequest { StorePath = shop.Store, OutputDirectory = shop.Folder("forward"), Subject = ExportSubject.Customers });
        Assert.Equal(File.ReadAllBytes(Path.Combine(later, "customers.csv")), File.ReadAllBytes(Assert.Single(forward)));
        RegistryJob.Use(shop.Store, first.Segmentation);
        RegistryJob.Use(shop.Store, first.Value);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Export_ParquetAndJson_CarryTheCsvsRowsWithIdsAsText(string engine)
    {
        var shop = shops.For(engine);
        var csv = Assert.Single(ExportJob.Run(new ExportRequest { StorePath = shop.Store, OutputDirectory = shop.Folder("csv"), Subject = ExportSubject.Customers }));
        var json = Assert.Single(ExportJob.Run(new ExportRequest { StorePath = shop.Store, OutputDirectory = shop.Folder("json"), Subject = ExportSubject.Customers, Format = Data.Export.ExportFormat.Json }));
        var parquet = Assert.Single(ExportJob.Run(new ExportRequest { StorePath = shop.Store, OutputDirectory = shop.Folder("parquet"), Subject = ExportSubject.Customers, Format = Data.Export.ExportFormat.Parquet }));

        var lines = File.ReadLines(csv).Skip(1).Select(CsvLine.Split).ToArray();
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(lines.Length, rows.Length);
        Assert.Equal(lines[0][0], rows[0].GetProperty("customer_id").GetString());
        Assert.Equal(decimal.Parse(lines[0][5], System.Globalization.CultureInfo.InvariantCulture), rows[0].GetProperty("monetary").GetDecimal());
        Assert.Equal("PAR1"u8.ToArray(), File.ReadAllBytes(parquet)[..4]);
    }

    private static ClienteleStore OpenStore(ShopWithModels shop) => ClienteleStore.OpenExisting(shop.Store);

    private static readonly JsonSerializerOptions NaNAllowed = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, NaNAllowed);

    /// <summary>The fits <see cref="ModelFits"/> counts while <paramref name="action"/> runs on this flow (other tests' fits in parallel are not seen).</summary>
    private static (int Fits, T Result) FitsDuring<T>(Func<T> action)
    {
        var fits = 0;
        var counting = new AsyncLocal<bool> { Value = true };
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ModelFits.MeterName && instrument.Name == ModelFits.CounterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, _, _) =>
        {
            if (counting.Value)
            {
                Interlocked.Add(ref fits, (int)measurement);
            }
        });
        listener.Start();
        var result = action();
        counting.Value = false;
        return (fits, result);
    }
}

/// <summary><c>clientele refresh</c> on CDNOW, on DuckDB and PostgreSQL: every model made once, kept the second time, and the recommender's absence explained.</summary>
public sealed class RefreshJobTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_Twice_SecondKeepsEveryUpToDateModel_AndForceFitsAgain(string engine)
    {
        var store = _stores.Location(engine, "cdnow");
        var ingest = IngestJob.Run(store, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        var first = RefreshJob.Run(new RefreshRequest { StorePath = store, OutputDirectory = _stores.Folder.File("one") });
        var second = RefreshJob.Run(new RefreshRequest { StorePath = store, OutputDirectory = _stores.Folder.File("two") });

        Assert.Equal(["summaries", "segmentation", "value", "recommender", "recommender-evaluation"], first.Steps.Select(s => s.Kind));
        Assert.Equal([true, true, true, false, false], first.Steps.Select(s => s.Fitted));
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rebuilt from {ingest.Accepted:N0} order lines: 2,357 customers"), first.Steps[0].Note); // every accepted line, every customer
        Assert.Null(first.Steps[3].Version);
        Assert.Contains("product id", first.Steps[3].Note, StringComparison.Ordinal);
        Assert.Equal([false, false, false, false, false], second.Steps.Select(s => s.Fitted));
        Assert.Equal(first.Steps.Select(s => s.Version), second.Steps.Select(s => s.Version));
        Assert.Equal(File.ReadAllBytes(_stores.Folder.File("one/customers.csv")), File.ReadAllBytes(_stores.Folder.File("two/customers.csv")));
        Assert.True(File.Exists(_stores.Folder.File("two/report.html")));

        var forced = RefreshJob.Run(new RefreshRequest { StorePath = store, OutputDirectory = _stores.Folder.File("three"), Force = true });
        Assert.Equal([true, true, true, false, false], forced.Steps.Select(s => s.Fitted));
        Assert.All(forced.Steps.Skip(1).Take(2).Zip(first.Steps.Skip(1)), p => Assert.True(p.First.Version > p.Second.Version));
    }

    /// <summary>
    /// Events ingested after a refresh outdate only the models that read them: the value model (churn takes behaviour
    /// columns when there are events) is fitted again; the segmentation on RFM features alone is kept.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_EventsIngestedAfterARefresh_RefitsOnlyTheModelsThatReadThem(string engine)
    {
        var store = _stores.Location(engine, "later-events");
        IngestJob.Run(store, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var request = new RefreshRequest
        {
            StorePath = store,
            OutputDirectory = _stores.Folder.File("later"),
            Segmentation = new SegmentRequest { OutputDirectory = "", Method = SegmentMethod.KMeans, K = 3 },
        };
        var first = RefreshJob.Run(request);
        using (var open = ClienteleStore.Open(store))
        {
            new EventIngestor(open).Ingest(TestData.Sample("otto_sessions.jsonl"), new EventIngestOptions
            {
                RejectsPath = _stores.RejectsPath(),
                Map = new Dictionary<string, string> { ["visitor_id"] = "session" },
            });
        }

        var second = RefreshJob.Run(request);

        Assert.Equal([ModelKinds.Segmentation, ModelKinds.Value], second.Steps.Skip(1).Take(2).Select(s => s.Kind));
        Assert.False(second.Steps[1].Fitted);
        Assert.Equal(first.Steps[1].Version, second.Steps[1].Version);
        Assert.Equal("up to date", second.Steps[1].Note);
        Assert.True(second.Steps[2].Fitted);
        Assert.True(second.Steps[2].Version > first.Steps[2].Version);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_StoreWithEvents_RebuildsTheBehaviourSummariesToo(string engine)
    {
        var store = _stores.Location(engine, "events");
        IngestJob.Run(store, TestData.Sample("CDNOW_sample.txt"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        using (var open = ClienteleStore.Open(store))
        {
            new EventIngestor(open).Ingest(TestData.Sample("otto_sessions.jsonl"), new EventIngestOptions
            {
                RejectsPath = _stores.RejectsPath(),
                Map = new Dictionary<string, string> { ["visitor_id"] = "session" },
            });
        }

        var result = RefreshJob.Run(new RefreshRequest { StorePath = store, OutputDirectory = _stores.Folder.File("out") });

        // OTTO's 862 events of 20 sessions (samples/README.md), each session its visitor's one
        Assert.Equal("rebuilt from 6,919 order lines: 2,357 customers; behaviour rebuilt from 862 events: 20 people, 20 sessions", result.Steps[0].Note);
        using var reopened = ClienteleStore.OpenExisting(store);
        Assert.True(Clientele.Features.Behaviour.BehaviourSummaryTables.IsCurrent(reopened));
    }
}
