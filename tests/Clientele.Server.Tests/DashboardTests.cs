using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Pipeline;
using Clientele.Tests;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clientele.Server.Tests;

/// <summary>
/// The dashboard through the service: the page is served without a key, with strict headers and no customer data; its
/// data routes need a read key; the segments over time are the store's own counts, version by version.
/// </summary>
[Collection(LiveShopGroup.Name)]
public sealed partial class DashboardTests(LiveShops shops)
{
    /// <summary>The policy the issue asks for, written out here rather than taken from the code under test.</summary>
    private const string ExpectedPolicy =
        "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    public static TheoryData<string, string> EnginesAndDataRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var engine in StoreEngines.Names)
        {
            foreach (var route in (string[])
                ["/v1/dashboard/segments", "/v1/dashboard/charts/rfm-shares.svg", "/v1/dashboard/charts/rfm-over-time.svg",
                 "/v1/dashboard/charts/cluster-shares.svg", "/v1/dashboard/charts/clusters-over-time.svg"])
            {
                data.Add(engine, route);
            }
        }
        return data;
    }

    [Fact]
    public async Task Page_WithoutAKey_HtmlWithStrictHeadersItsOwnFilesOnlyAndNoCustomerData()
    {
        var shop = shops.For(StoreEngines.DuckDb);
        using var anonymous = shop.Client(null);
        using var reader = shop.Client(shop.ReadKey);

        using var page = await anonymous.GetAsync("/dashboard");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        AssertStrictHeaders(page);
        // No inline script or style (the policy would block them): the page's script and style sheet are its own files.
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<script src=\"/dashboard/app.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/dashboard/app.css\">", html, StringComparison.Ordinal);
        foreach (var (path, type) in new[] { ("/dashboard/app.js", "text/javascript"), ("/dashboard/app.css", "text/css") })
        {
            using var file = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(type, file.Content.Headers.ContentType?.MediaType);
            AssertStrictHeaders(file);
        }
        // The style sheet is the report's, with the dashboard's additions after it.
        var css = await anonymous.GetStringAsync("/dashboard/app.css");
        Assert.StartsWith(Reports.DashboardFigures.StyleSheet, css, StringComparison.Ordinal);
        // The script puts the service's answers on the page as text only.
        var script = await anonymous.GetStringAsync("/dashboard/app.js");
        Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("insertAdjacentHTML", script, StringComparison.Ordinal);

        // No customer data in what is served without a key: none of the store's customer ids, segment sizes or products.
        var customers = await Answers.ReadJson(await reader.GetAsync("/v1/segments/Champions/customers?limit=200"));
        var ids = customers.GetProperty("customers").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.NotEmpty(ids);
        var served = html + script;
        Assert.All(ids, id => Assert.DoesNotContain(id, served, StringComparison.Ordinal));
        var segments = await Answers.ReadJson(await reader.GetAsync("/v1/segments"));
        Assert.All(
            segments.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("customers").GetInt64().ToString(CultureInfo.InvariantCulture)).Where(n => n.Length >= 3),
            size => Assert.DoesNotContain(size, served, StringComparison.Ordinal));
        Assert.DoesNotContain("clk_", served, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EnginesAndDataRoutes))]
    public async Task DataRoute_NoKey401IngestKey403ReadKey200(string engine, string route)
    {
        var shop = shops.For(engine);
        using var anonymous = shop.Client(null);
        using var ingest = shop.Client(shop.IngestKey);
        using var reader = shop.Client(shop.ReadKey);

        using var without = await anonymous.GetAsync(route);
        using var wrongRole = await ingest.GetAsync(route);
        using var read = await reader.GetAsync(route);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("application/problem+json", without.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal("application/problem+json", wrongRole.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(route.EndsWith(".svg", StringComparison.Ordinal) ? "image/svg+xml" : "application/json", read.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Charts_ReadKey_TheReportsChartsAsSvgNamingTheSegments(string engine)
    {
        var shop = shops.For(engine);
        using var reader = shop.Client(shop.ReadKey);

        var segments = await Answers.ReadJson(await reader.GetAsync("/v1/dashboard/segments"));
        var charts = segments.GetProperty("charts").EnumerateArray().ToList();

        Assert.Equal(["rfm-shares", "rfm-over-time", "cluster-shares", "clusters-over-time"], charts.Select(c => c.GetProperty("name").GetString()));
        foreach (var chart in charts)
        {
            using var answer = await reader.GetAsync(chart.GetProperty("path").GetString());
            var svg = await answer.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.StartsWith("default-src 'none'", answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
            Assert.False(string.IsNullOrWhiteSpace(chart.GetProperty("caption").GetString()));
        }
        // The RFM charts' legends and axes name the segments the store has.
        var overTime = await reader.GetStringAsync("/v1/dashboard/charts/rfm-over-time.svg");
        Assert.Contains("Champions", overTime, StringComparison.Ordinal);
        Assert.Contains("customers at each segmentation", overTime, StringComparison.Ordinal);
        using var unknown = await reader.GetAsync("/v1/dashboard/charts/no-such-chart.svg");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task SegmentsOverTime_TheLiveShop_EveryVersionsCountsAreTheStoresRows(string engine)
    {
        var shop = shops.For(engine);
        using var reader = shop.Client(shop.ReadKey);

        var answer = await Answers.ReadJson(await reader.GetAsync("/v1/dashboard/segments"));
        var current = await Answers.ReadJson(await reader.GetAsync("/v1/segments"));

        AssertCountsAreTheStores(shop.Location, answer);
        // The current version's counts are /v1/segments' too.
        var currentVersion = answer.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("is_current").GetBoolean());
        Assert.Equal(current.GetProperty("model_version").GetInt64(), currentVersion.GetProperty("version").GetInt64());
        Assert.Equal(
            current.GetProperty("segments").EnumerateArray().Select(s => (s.GetProperty("id").GetString(), s.GetProperty("customers").GetInt64())),
            currentVersion.GetProperty("segments").EnumerateArray().Select(s => (s.GetProperty("id").GetString(), s.GetProperty("customers").GetInt64())));
    }

    /// <summary>
    /// A store segmented twice, as of two days: one version first (one point per segment, said in the caption), then two,
    /// oldest first, each with its own rows' counts; the over-time chart's axis names both.
    /// </summary>
    [Fact]
    public async Task SegmentsOverTime_TwoSegmentations_OnePointThenTwoOldestFirstEachWithItsOwnCounts()
    {
        using var stores = new TestStores();
        var location = stores.Location(StoreEngines.DuckDb, "history");
        var output = stores.Folder.File("out");
        IngestJob.Run(location, TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = stores.RejectsPath() });
        var key = Pipeline.Live.KeysJob.Create(location, "read", TimeProvider.System).Key;
        // The later as-of segmented first: the history is ordered by as-of, not by version.
        SegmentationJob.Run(new SegmentRequest { StorePath = location, OutputDirectory = output, Method = SegmentMethod.KMeans, K = 4, Restarts = 1 });

        var once = await SegmentsFrom(location, key);
        var onceCaption = once.Answer.GetProperty("charts").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "rfm-over-time").GetProperty("caption").GetString();
        Assert.Single(once.Answer.GetProperty("versions").EnumerateArray());
        Assert.StartsWith("Only one segmentation is stored", onceCaption, StringComparison.Ordinal);
        Assert.Contains("<svg", once.OverTimeSvg, StringComparison.Ordinal);

        SegmentationJob.Run(new SegmentRequest { StorePath = location, OutputDirectory = output, Method = SegmentMethod.KMeans, K = 3, Restarts = 1, AsOf = new DateOnly(2011, 6, 1) });

        var twice = await SegmentsFrom(location, key);
        var versions = twice.Answer.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        Assert.Equal("2011-06-01", versions[0].GetProperty("as_of").GetString());
        Assert.True(versions[0].GetProperty("version").GetInt64() > versions[1].GetProperty("version").GetInt64());
        // The second segmentation is current, and it clustered in three.
        Assert.True(versions[0].GetProperty("is_current").GetBoolean());
        Assert.Equal(3, versions[0].GetProperty("segments").EnumerateArray().Count(s => s.GetProperty("kind").GetString() == "cluster"));
        Assert.Equal(4, versions[1].GetProperty("segments").EnumerateArray().Count(s => s.GetProperty("kind").GetString() == "cluster"));
        // Fewer customers had bought by June 2011 than by the end of the data.
        Assert.True(Total(versions[0], "rfm") < Total(versions[1], "rfm"));
        AssertCountsAreTheStores(location, twice.Answer);
        var caption = twice.Answer.GetProperty("charts").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "rfm-over-time").GetProperty("caption").GetString();
        Assert.StartsWith("2 segmentations, from v", caption, StringComparison.Ordinal);
        Assert.Contains("2011-06-01", twice.OverTimeSvg, StringComparison.Ordinal);
    }

    private static async Task<(JsonElement Answer, string OverTimeSvg)> SegmentsFrom(string location, string key)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting(ServerApp.StoreSetting, location));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var answer = await Answers.ReadJson(await client.GetAsync("/v1/dashboard/segments"));
        using var svg = await client.GetAsync("/v1/dashboard/charts/rfm-over-time.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        return (answer, await svg.Content.ReadAsStringAsync());
    }

    private static long Total(JsonElement version, string kind) =>
        version.GetProperty("segments").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == kind).Sum(s => s.GetProperty("customers").GetInt64());

    /// <summary>
    /// Each version in the answer against the store: the registry's segmentation versions, and for each segment the
    /// count of its rows in segment_results (one row per customer the version segmented) and their summed monetary.
    /// </summary>
    private static void AssertCountsAreTheStores(string location, JsonElement answer)
    {
        using var store = ClienteleStore.Open(location);
        var expectedVersions = new List<long>();
        using (var command = store.Command("SELECT version FROM model_versions WHERE kind = 'segmentation' ORDER BY as_of, version"))
        using (var rows = command.ExecuteReader())
        {
            while (rows.Read())
            {
                expectedVersions.Add(rows.GetInt64(0));
            }
        }
        var versions = answer.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(expectedVersions, versions.Select(v => v.GetProperty("version").GetInt64()));
        foreach (var version in versions)
        {
            var number = version.GetProperty("version").GetInt64();
            var segments = version.GetProperty("segments").EnumerateArray().ToList();
            foreach (var segment in segments)
            {
                var id = segment.GetProperty("id").GetString()!;
                var (filter, member) = id.StartsWith("cluster:", StringComparison.Ordinal)
                    ? ("cluster = $member", (object)int.Parse(id["cluster:".Length..], CultureInfo.InvariantCulture))
                    : ("rfm_segment = $member", id);
                var customers = store.Scalar<long>($"SELECT count(*) FROM segment_results WHERE version = $v AND {filter}", ("v", number), ("member", member));
                var revenue = store.Scalar<decimal>($"SELECT sum(monetary) FROM segment_results WHERE version = $v AND {filter}", ("v", number), ("member", member));
                Assert.Equal(customers, segment.GetProperty("customers").GetInt64());
                Assert.Equal(revenue, segment.GetProperty("revenue").GetDecimal());
            }
            // Every customer the version segmented is in one RFM segment, and (k-means) in one cluster: nothing left out.
            var all = store.Scalar<long>("SELECT count(*) FROM segment_results WHERE version = $v", ("v", number));
            Assert.True(all > 0);
            Assert.Equal(all, Total(version, "rfm"));
            Assert.Equal(all, Total(version, "cluster"));
        }
    }

    private static void AssertStrictHeaders(HttpResponseMessage response)
    {
        Assert.Equal(ExpectedPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
