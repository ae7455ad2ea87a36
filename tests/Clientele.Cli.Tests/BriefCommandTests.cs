using System.Text.Json;

namespace Clientele.Cli.Tests;

/// <summary>The Online Retail sample ingested and segmented (RFM and k-means) once, through the real entry point.</summary>
public sealed class SegmentedOnlineRetail : IDisposable
{
    public SegmentedOnlineRetail()
    {
        Store = Folder.File("shop.duckdb");
        Cli.Ok("ingest", "orders", TestData.Sample("online_retail.csv.gz"), "--store", Store, "--output", "json");
        Cli.Ok("segment", "--store", Store, "--method", "kmeans", "--out", Folder.File("seg"), "--output", "json");
        SegmentsFile = Folder.File("seg/segments.json");
    }

    public TempFolder Folder { get; } = new();

    public string Store { get; }

    public string SegmentsFile { get; }

    public void Dispose() => Folder.Dispose();
}

public sealed class BriefCommandTests(SegmentedOnlineRetail data) : IClassFixture<SegmentedOnlineRetail>
{
    private const string KeyVariable = "CLIENTELE_BRIEF_TEST_KEY";

    private string Out(string name) => data.Folder.File(name);

    [Fact]
    public void Brief_FromStore_SegmentsThenBriefsInBothLanguages()
    {
        var json = Cli.Ok("brief", "--store", data.Store, "--out", Out("both"), "--language", "both", "--output", "json").Json();

        Assert.Equal(["en", "zh"], json.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("template", json.GetProperty("writer").GetString());
        var segments = json.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal(15, segments.Length); // 11 RFM segments and k-means' 4 clusters
        var lost = segments.Single(s => s.GetProperty("name").GetString() == "Lost");
        Assert.Equal("sunset", lost.GetProperty("angle").GetString());
        Assert.Equal(689, lost.GetProperty("customers").GetInt32());
        Assert.True(File.Exists(Out("both/briefs.md")));
        Assert.True(File.Exists(Out("both/segments.json")), "brief segments the store as segment does, into --out");
        using var briefs = JsonDocument.Parse(File.ReadAllText(Out("both/briefs.json")));
        var champions = briefs.RootElement.GetProperty("segments")[0];
        Assert.StartsWith("Champions: 861 customers", champions.GetProperty("briefs").GetProperty("en").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("“冠军客户”（Champions）共 861 位", champions.GetProperty("briefs").GetProperty("zh").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Brief_FromSegmentsFile_ChineseOnly_StoreFromSegmentsJson()
    {
        var result = Cli.Ok("brief", "--segments", data.SegmentsFile, "--language", "zh", "--out", Out("zh"));

        Assert.Contains("15 segments of 4,338 customers as of 2011-12-10", result.Out, StringComparison.Ordinal);
        Assert.Contains("briefs.md", result.Out, StringComparison.Ordinal);
        var markdown = File.ReadAllText(Out("zh/briefs.md"));
        Assert.Contains("第 4 类客户（低价值、久未购买、多为一次性购买）共 1,545 位", markdown, StringComparison.Ordinal);
        Assert.Contains("**营销建议：**", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**Suggested angle:**", markdown, StringComparison.Ordinal);
        Assert.False(File.Exists(Out("zh/segments.json")), "with --segments nothing is segmented again");
    }

    [Fact]
    public void Brief_LlmEndpoint_AsksTheServerLogsAndFallsBackOnItsFailures()
    {
        // Request 1, 4, 7, … answer a brief; 2, 5, … are refused with HTTP 400; 3, 6, … answer with nothing.
        using var server = new FakeOpenAiServer(n => (n % 3) switch
        {
            1 => (200, "{\"description\": \"Written by the model.\", \"angle\": \"Model angle.\"}"),
            2 => (400, "model not found"),
            _ => (200, ""),
        });
        Environment.SetEnvironmentVariable(KeyVariable, "test-secret-key");
        try
        {
            var json = Cli.Ok(
                "brief", "--segments", data.SegmentsFile, "--out", Out("llm"), "--output", "json",
                "--llm-endpoint", server.Endpoint, "--llm-model", "test-model", "--llm-api-key-env", KeyVariable).Json();

            Assert.Equal(15, server.Requests.Count);
            Assert.All(server.Requests, r => Assert.Equal("/v1/chat/completions", r.Path));
            Assert.All(server.Requests, r => Assert.Equal("Bearer test-secret-key", r.Authorization));
            using (var first = JsonDocument.Parse(server.Requests[0].Body))
            {
                Assert.Equal("test-model", first.RootElement.GetProperty("model").GetString());
                var user = first.RootElement.GetProperty("messages")[1].GetProperty("content").GetString()!;
                Assert.Contains("\"name\":\"Champions\"", user, StringComparison.Ordinal);
                Assert.Contains("\"customers\":861", user, StringComparison.Ordinal);
            }
            var sources = json.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("sources").GetProperty("en").GetString()).ToArray();
            Assert.Equal(5, sources.Count(s => s == "llm"));
            Assert.Equal(10, json.GetProperty("warnings").GetArrayLength());
            var log = File.ReadAllLines(json.GetProperty("llm_log_file").GetString()!);
            Assert.Equal(15, log.Length);
            Assert.Contains("\"outcome\":\"template_fallback\"", log[1], StringComparison.Ordinal);
            foreach (var file in new[] { "llm/briefs.json", "llm/briefs.md", "llm/briefs-llm-log.jsonl" })
            {
                Assert.DoesNotContain("test-secret-key", File.ReadAllText(Out(file)), StringComparison.Ordinal);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(KeyVariable, null);
        }
    }

    [Fact]
    public void Brief_AfterSegmentAndValueIntoOneFolder_BriefsThatSegmentationAndKeepsValueColumns()
    {
        // segment, then value into the same folder (customers.csv gains clv, p_alive, …), then brief there: it briefs
        // the store's current segmentation, with value's columns, and exports customers.csv as value wrote it.
        var folder = Out("valued");
        Cli.Ok("segment", "--store", data.Store, "--method", "kmeans", "--out", folder, "--output", "json");
        Cli.Ok("value", "--store", data.Store, "--out", folder, "--output", "json");
        var before = File.ReadAllText(Path.Combine(folder, "customers.csv"));
        Assert.Contains(",clv,", before.AsSpan(0, before.IndexOf('\n', StringComparison.Ordinal)).ToString(), StringComparison.Ordinal);

        var result = Cli.Ok("brief", "--store", data.Store, "--out", folder);

        Assert.Contains("briefing the store's current segmentation (version ", result.Out, StringComparison.Ordinal);
        Assert.Contains("15 segments of 4,338 customers", result.Out, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(folder, "customers.csv")));
    }

    [Fact]
    public void Brief_StoreWithoutSegmentation_OneLineErrorNamingTheCommandThatMakesIt()
    {
        // brief fits nothing (issue 14): on a store where nothing was segmented it says what to run.
        using var folder = new TempFolder();
        var store = folder.File("fresh.duckdb");
        Cli.Ok("ingest", "orders", TestData.Sample("CDNOW_sample.txt"), "--store", store);

        Cli.AssertOneLineError(Cli.Run("brief", "--store", store, "--out", folder.File("out")), "has no segmentation model yet: make one with clientele segment");
    }

    [Fact]
    public void Brief_EndpointWithoutModel_OneLineError() =>
        Cli.AssertOneLineError(Cli.Run("brief", "--segments", data.SegmentsFile, "--llm-endpoint", "http://127.0.0.1:1/v1", "--out", Out("e1")), "--llm-model");

    [Fact]
    public void Brief_ApiKeyVariableUnset_OneLineErrorNamingIt() =>
        Cli.AssertOneLineError(
            Cli.Run("brief", "--segments", data.SegmentsFile, "--llm-endpoint", "http://127.0.0.1:1/v1", "--llm-model", "m",
                "--llm-api-key-env", "CLIENTELE_NO_SUCH_VARIABLE", "--out", Out("e2")),
            "CLIENTELE_NO_SUCH_VARIABLE");

    [Fact]
    public void Brief_EndpointNotHttp_OneLineError() =>
        Cli.AssertOneLineError(Cli.Run("brief", "--segments", data.SegmentsFile, "--llm-endpoint", "ftp://host/v1", "--llm-model", "m", "--out", Out("e3")), "--llm-endpoint");

    [Fact]
    public void Brief_MissingSegmentsFile_OneLineError() =>
        Cli.AssertOneLineError(Cli.Run("brief", "--segments", Out("nowhere/segments.json"), "--out", Out("e4")), "No segments file");

    [Fact]
    public void Brief_FeatureTableSegmentation_OneLineError()
    {
        var table = data.Folder.Write("features.csv", "id,spend,visits\na,1,2\nb,2,3\nc,9,9\nd,8,9\ne,1,1\nf,9,8\n");
        Cli.Ok("segment", "--features", table, "--method", "kmeans", "--k", "2", "--out", Out("table"), "--output", "json");
        Cli.AssertOneLineError(Cli.Run("brief", "--segments", Out("table/segments.json"), "--out", Out("e5")), "feature table");
    }

    [Fact]
    public void Brief_UnknownLanguage_UsageError()
    {
        var result = Cli.Run("brief", "--segments", data.SegmentsFile, "--language", "fr");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("fr", result.Err, StringComparison.Ordinal);
    }

    /// <summary>
    /// Olist joined as a shop would (issue 13): no product has a name, reviews are Portuguese and most customers ordered
    /// once. No 32-hex id reaches a brief's text (products get ProductNames' fallback; briefs.json keeps ids only in its
    /// product_id fields, for programs), themes are product words rather than review words, and with no text model for
    /// Portuguese the briefs tell the star ratings, saying so.
    /// </summary>
    [SharedDataFact(OlistSample.Orders, OlistSample.Customers, OlistSample.Items, OlistSample.Reviews, OlistSample.Products)]
    public void Brief_Olist_NoHexIdsProductThemesAndRatingsFromStars()
    {
        using var folder = new TempFolder();
        var store = folder.File("olist.duckdb");
        OlistShop.Ingest(folder, store);
        var output = folder.File("out");
        Cli.Ok("segment", "--store", store, "--method", "kmeans", "--out", output);

        var result = Cli.Ok("brief", "--store", store, "--out", output, "--models", folder.File("empty-cache"));

        var markdown = File.ReadAllText(Path.Combine(output, "briefs.md"));
        var json = File.ReadAllText(Path.Combine(output, "briefs.json"));
        var hex = new System.Text.RegularExpressions.Regex(@"\b[0-9a-f]{32}\b");
        Assert.Empty(hex.Matches(markdown));
        Assert.Empty(hex.Matches(new System.Text.RegularExpressions.Regex(@"""product_id"": ""[0-9a-f]{32}""").Replace(json, "")));
        Assert.Contains("from the star ratings; no text model reads these reviews", markdown, StringComparison.Ordinal);
        Assert.Contains("in a language no sentiment model reads", result.Out, StringComparison.Ordinal);
        Assert.Contains("Review sentiment: ", markdown, StringComparison.Ordinal);
        Assert.Contains(" in pt", markdown, StringComparison.Ordinal);
        using var segments = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "segments.json")));
        var themes = segments.RootElement.GetProperty("rfm").GetProperty("segments").EnumerateArray()
            .SelectMany(s => s.TryGetProperty("themes", out var t) ? t.EnumerateArray().Select(x => x.GetProperty("term").GetString()!) : [])
            .ToList();
        Assert.NotEmpty(themes);
        string[] reviewWords = ["ótimo", "otimo", "produto", "chegou", "recomendo", "prazo", "pelo", "para", "entrega"];
        Assert.DoesNotContain(themes, t => t.Split(' ').Any(reviewWords.Contains));
    }
}
