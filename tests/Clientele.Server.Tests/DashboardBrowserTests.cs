using System.Globalization;
using System.Text.Json;
using Clientele.Tests;

namespace Clientele.Server.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's chromium, headless) against the service on Kestrel over the live shop's
/// DuckDB store: opened with a read key and a customer in the fragment, it loads with nothing on the console, fetches
/// from its own origin only, draws every chart, and shows the customer's live profile as the API gives it. Fails, not
/// skips, without the browser.
/// </summary>
[Collection(LiveShopGroup.Name)]
public sealed class DashboardBrowserTests(LiveShops shops)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(Chromium.MinimumWindowWidth)]
    public async Task Dashboard_ReadKeyAndACustomerInTheFragment_ChartsAndTheLiveProfileShownWithoutErrorsOrOutsideRequests(int width)
    {
        Chromium.Require();
        var shop = shops.For(StoreEngines.DuckDb);
        await using var server = await DashboardBrowser.Start(shop.Location);
        using var client = server.Client(shop.ReadKey);
        var page = await Answers.ReadJson(await client.GetAsync("/v1/segments/Champions/customers?limit=1"));
        var customer = page.GetProperty("customers")[0].GetString()!;

        var (probe, stderr) = server.Probe($"/dashboard#key={Uri.EscapeDataString(shop.ReadKey)}&customer={Uri.EscapeDataString(customer)}", width, 2400);
        // What the API answers for the customer, read after the page (a profile's figures move with the clock, not its segment or its lists).
        var profile = await Answers.ReadJson(await client.GetAsync($"/v1/customers/{customer}"));

        // Nothing on the console (errors, policy violations, failed loads), nothing the probe caught, no message shown.
        AssertNothingOnTheConsole(stderr);
        Assert.Empty(probe.GetProperty("errors").EnumerateArray());
        Assert.Empty(probe.GetProperty("messages").EnumerateArray());
        // Every request went to the service itself (the charts are blob: URLs of its answers).
        var resources = probe.GetProperty("resources").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(resources, r => r == server.OriginText + "/dashboard/app.js");
        Assert.Contains(resources, r => r == server.OriginText + "/v1/dashboard/segments");
        Assert.Contains(resources, r => r == server.OriginText + $"/v1/customers/{customer}");
        Assert.All(resources, r => Assert.True(
            r.StartsWith(server.OriginText + "/", StringComparison.Ordinal) || r.StartsWith("blob:" + server.OriginText + "/", StringComparison.Ordinal),
            $"The page fetched {r}, not of {server.OriginText}."));
        // The key left the address bar and stayed in the tab; the key form is not shown.
        Assert.DoesNotContain("key=", probe.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.True(probe.GetProperty("keyKept").GetBoolean());
        Assert.False(probe.GetProperty("keySectionShown").GetBoolean());

        // Every chart the service lists, decoded with a size.
        var listed = (await Answers.ReadJson(await client.GetAsync("/v1/dashboard/segments"))).GetProperty("charts").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        var charts = probe.GetProperty("charts").EnumerateArray().ToList();
        Assert.Equal(listed, charts.Select(c => c.GetProperty("name").GetString()));
        Assert.All(charts, c =>
        {
            var name = c.GetProperty("name").GetString();
            Assert.True(c.GetProperty("complete").GetBoolean(), $"{name} did not load.");
            Assert.StartsWith("blob:", c.GetProperty("src").GetString(), StringComparison.Ordinal);
            Assert.True(c.GetProperty("naturalWidth").GetDouble() > 0 && c.GetProperty("naturalHeight").GetDouble() > 0, $"{name} decoded to nothing.");
            Assert.True(c.GetProperty("width").GetDouble() > 200, $"{name} is {c.GetProperty("width").GetDouble()} px wide on the page.");
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("caption").GetString()));
        });
        Assert.True(probe.GetProperty("segmentRows").GetInt32() >= 11, "The segments table lists fewer rows than the RFM segments.");

        // The profile as the API gives it: every field shown, the ones that do not move with the clock equal to the API's.
        Assert.True(probe.GetProperty("profileShown").GetBoolean());
        var fields = probe.GetProperty("fields");
        foreach (var field in (string[])["recency_days", "frequency", "monetary", "rfm_segment", "cluster", "p_alive", "expected_purchases", "clv", "churn_risk"])
        {
            Assert.True(fields.TryGetProperty(field, out var shown), $"The profile does not show {field}.");
            // A figure the API gives is shown (not the dash that stands for none).
            Assert.Equal(profile.GetProperty(field).ValueKind == JsonValueKind.Null, shown.GetString() == "–");
        }
        Assert.Equal(profile.GetProperty("rfm_segment").GetString(), fields.GetProperty("rfm_segment").GetString());
        Assert.Equal(profile.GetProperty("frequency").GetInt32().ToString("N0", CultureInfo.InvariantCulture), fields.GetProperty("frequency").GetString());
        Assert.Equal(profile.GetProperty("cluster").GetInt32().ToString(CultureInfo.InvariantCulture), fields.GetProperty("cluster").GetString());
        Assert.Equal(["recommender", "segmentation", "value"], probe.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var explanations = profile.GetProperty("explanations");
        // The customer's lists as the API names them (a shop customer with purchases is in an RFM segment and a cluster).
        var tags = profile.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains(profile.GetProperty("rfm_segment").GetString(), tags);
        Assert.Equal(tags, probe.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        foreach (var part in (string[])["segment", "value", "recommendations", "sentiment", "notes"])
        {
            var expected = explanations.GetProperty(part).GetArrayLength();
            var shown = probe.GetProperty("explanations").TryGetProperty(part, out var count) ? count.GetInt32() : 0;
            Assert.Equal(expected, shown);
        }
        Assert.True(explanations.GetProperty("segment").GetArrayLength() > 0);

        // The recommendations, in the API's order, each with what led to it.
        var recommendations = probe.GetProperty("recommendations").EnumerateArray().ToList();
        var expectedProducts = profile.GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("product_id").GetString()).ToList();
        Assert.NotEmpty(recommendations);
        Assert.Equal(expectedProducts, recommendations.Select(r => r.GetProperty("product").GetString()));
        var firstBecause = profile.GetProperty("recommendations")[0].GetProperty("because").EnumerateArray().Select(b => b.GetString()).ToList();
        Assert.NotEmpty(firstBecause);
        Assert.Equal(string.Join(", ", firstBecause), recommendations[0].GetProperty("because").GetString());

        // Readable at this width: the page does not scroll sideways.
        Assert.True(probe.GetProperty("scrollWidth").GetDouble() <= probe.GetProperty("innerWidth").GetDouble(), $"The page is wider than the {width} px window.");

        // For a person to look at: dashboard-screenshots/ in the test output folder.
        server.Screenshot(
            $"/dashboard#key={Uri.EscapeDataString(shop.ReadKey)}&customer={Uri.EscapeDataString(customer)}",
            Path.Combine(AppContext.BaseDirectory, "dashboard-screenshots", $"dashboard-{width}.png"), width, 3200);
    }

    [Fact]
    public async Task Dashboard_WithoutAKey_AsksForOneAndReadsNothing()
    {
        var shop = shops.For(StoreEngines.DuckDb);
        await using var server = await DashboardBrowser.Start(shop.Location);

        var (probe, stderr) = server.Probe("/dashboard", 1280, 1600);

        AssertNothingOnTheConsole(stderr);
        Assert.Empty(probe.GetProperty("errors").EnumerateArray());
        Assert.True(probe.GetProperty("keySectionShown").GetBoolean());
        Assert.False(probe.GetProperty("keyKept").GetBoolean());
        Assert.Empty(probe.GetProperty("charts").EnumerateArray());
        Assert.DoesNotContain(probe.GetProperty("resources").EnumerateArray(), r => r.GetString()!.Contains("/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_IngestKey_SaysTheKeyMayNotReadAndAsksForAnother()
    {
        var shop = shops.For(StoreEngines.DuckDb);
        await using var server = await DashboardBrowser.Start(shop.Location);

        var (probe, _) = server.Probe($"/dashboard#key={Uri.EscapeDataString(shop.IngestKey)}&customer=12347", 1280, 1600);

        // The browser logs each 403 on the console itself; the page's own errors are what the probe caught.
        Assert.Empty(probe.GetProperty("errors").EnumerateArray());
        Assert.True(probe.GetProperty("keySectionShown").GetBoolean());
        Assert.False(probe.GetProperty("profileShown").GetBoolean());
        Assert.Contains(probe.GetProperty("messages").EnumerateArray(), m => m.GetString()!.Contains("needs a read or admin key", StringComparison.Ordinal));
    }

    private static void AssertNothingOnTheConsole(string stderr)
    {
        var lines = Chromium.ConsoleLines(stderr);
        Assert.True(lines.Count == 0, "The page's console:\n" + string.Join('\n', lines));
    }
}
