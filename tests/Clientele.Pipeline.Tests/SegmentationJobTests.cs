using System.Globalization;
using System.Text.Json;
using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>The whole flow on the full Online Retail data on one engine (ingest and k-means take a few seconds).</summary>
public sealed class OnlineRetailSegmentation
{
    private readonly TempFolder _folder;
    private readonly string _engine;

    public OnlineRetailSegmentation(TestStores stores, string engine)
    {
        _folder = stores.Folder;
        _engine = engine;
        var store = stores.Location(engine, "shop");
        IngestJob.Run(store, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = stores.RejectsPath() });
        Request = new SegmentRequest { StorePath = store, OutputDirectory = Folder("out"), Method = SegmentMethod.KMeans };
        Result = SegmentationJob.Run(Request);
    }

    public SegmentRequest Request { get; }

    public SegmentResult Result { get; }

    /// <summary>A path of this engine's own in the temporary folder.</summary>
    public string Folder(string name) => _folder.File($"{_engine}-{name}");
}

/// <summary>The segmentation on each engine, made once for the class on first use.</summary>
public sealed class OnlineRetailSegmentations : PerEngine<OnlineRetailSegmentation>
{
    protected override OnlineRetailSegmentation Make(string engine) => new(Stores, engine);
}

public sealed class SegmentationJobTests(OnlineRetailSegmentations segmentations) : IClassFixture<OnlineRetailSegmentations>
{
    /// <summary>
    /// scikit-learn 1.2.1, KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=42, algorithm="lloyd"), default tol,
    /// on the same features (log1p of recency, frequency, max(monetary, 0); standardised with the population sd) of the
    /// 4,338 customers; run with bench/peers/sklearn_kmeans.py on 2026-11-24.
    /// </summary>
    private static readonly Dictionary<int, double> ScikitLearnInertia = new()
    {
        [3] = 5015.6652, [4] = 4099.7899, [5] = 3453.7920, [6] = 3032.7144,
        [7] = 2679.3064, [8] = 2386.6401, [9] = 2181.8178, [10] = 2023.4543,
    };

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_CustomersCsvFromTheRowsAsStored_TheStoresRowsAndItsExportByteForByte(string engine)
    {
        var segmentation = segmentations.For(engine);
        using var store = Data.Store.ClienteleStore.OpenExisting(segmentation.Request.StorePath);
        var version = segmentation.Result.Version;

        // The rows the run wrote customers.csv from are the rows the store gives back, and so is the file.
        Assert.Equal(Data.Store.ResultTables.ReadSegments(store, version), State.StoreExports.AsStored(segmentation.Result.Customers));
        var exported = State.StoreExports.Customers(store, version, value: null, segmentation.Folder("export"));
        Assert.Equal(File.ReadAllBytes(segmentation.Result.CustomersFile), File.ReadAllBytes(exported));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_KMeansAuto_InertiaNoWorseThanScikitLearnAtTheChosenK(string engine)
    {
        var result = segmentations.For(engine).Result;
        var clustering = result.Clustering!;
        // k = 3 and k = 4 are a near tie on silhouette: scikit-learn's clusterings score 0.33297 and 0.33279; our k = 3
        // optimum (inertia 5015.655) scores a little lower than our k = 4 one, so the rule picks 4.
        Assert.Equal(4, clustering.K);
        Assert.True(clustering.Inertia <= ScikitLearnInertia[4], $"inertia {clustering.Inertia} > scikit-learn's {ScikitLearnInertia[4]}");
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_KMeansAuto_EveryKWithinATenthOfAPercentOfScikitLearn(string engine)
    {
        var result = segmentations.For(engine).Result;
        // Different restarts can land in different local optima; over k = 3..10 we are lower at 7 of 8 and 0.02 % higher at k = 7.
        foreach (var row in result.Clustering!.Selection!.Table)
        {
            Assert.True(row.Inertia <= ScikitLearnInertia[row.K] * 1.001, $"k = {row.K}: {row.Inertia} vs scikit-learn {ScikitLearnInertia[row.K]}");
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_Outputs_SegmentsJsonAgreesWithCustomersCsv(string engine)
    {
        var result = segmentations.For(engine).Result;
        var lines = File.ReadAllLines(result.CustomersFile);
        var header = lines[0].Split(',');
        var segmentColumn = Array.IndexOf(header, "rfm_segment");
        var clusterColumn = Array.IndexOf(header, "cluster");
        var monetaryColumn = Array.IndexOf(header, "monetary");
        // Customer rows have no quoted fields (ids, numbers, segment names), so a plain split is exact here.
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(4_338, rows.Count); // customers with a purchase: ../shared/data/online-retail/README.md

        using var json = JsonDocument.Parse(File.ReadAllText(result.SegmentsFile));
        var root = json.RootElement;
        Assert.Equal(rows.Count, root.GetProperty("customers").GetInt32());
        foreach (var segment in root.GetProperty("rfm").GetProperty("segments").EnumerateArray())
        {
            var name = segment.GetProperty("name").GetString();
            Assert.Equal(rows.Count(r => r[segmentColumn] == name), segment.GetProperty("size").GetInt32());
        }
        foreach (var cluster in root.GetProperty("clustering").GetProperty("segments").EnumerateArray())
        {
            var id = cluster.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture);
            var members = rows.Where(r => r[clusterColumn] == id).ToList();
            Assert.Equal(members.Count, cluster.GetProperty("size").GetInt32());
            var meanMonetary = members.Average(r => double.Parse(r[monetaryColumn], CultureInfo.InvariantCulture));
            Assert.Equal(meanMonetary, cluster.GetProperty("mean").GetProperty("monetary").GetDouble(), 6);
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Run_SameSeedAgain_SameClusters(string engine)
    {
        var result = segmentations.For(engine).Result;
        var fixture = segmentations.For(engine);
        var again = SegmentationJob.Run(fixture.Request with { OutputDirectory = fixture.Folder("again") });
        Assert.Equal(result.Customers.Select(c => c.Cluster), again.Customers.Select(c => c.Cluster));
    }
}
