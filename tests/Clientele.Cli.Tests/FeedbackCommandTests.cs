namespace Clientele.Cli.Tests;

/// <summary><c>--feedback</c> and <c>--weight</c> of <c>recommend</c> and <c>evaluate recommend</c> (docs/implicit-feedback.md).</summary>
public sealed class FeedbackCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void RecommendEvents_BadWeightOrSplit_OneLineErrorsThatNameTheFlag()
    {
        var store = _temp.File("cdnow.duckdb");
        Cli.Ok("ingest", "orders", TestData.Sample("CDNOW_sample.txt"), "--store", store);
        var outDir = _temp.File("out");

        Cli.AssertOneLineError(Cli.Run("recommend", "--store", store, "--out", outDir, "--feedback", "events", "--weight", "view=-1"), "--weight view=-1: the weight of view must be a finite number >= 0, got -1.");
        Cli.AssertOneLineError(Cli.Run("recommend", "--store", store, "--out", outDir, "--feedback", "events", "--weight", "views=1"), "\"views\" is not a feedback weight; expected one of view, cart_add, wishlist_add, purchase, cap");
        Cli.AssertOneLineError(Cli.Run("recommend", "--store", store, "--out", outDir, "--feedback", "events", "--weight", "view"), "--weight view: expected name=number");
        Cli.AssertOneLineError(Cli.Run("evaluate", "recommend", "--store", store, "--feedback", "events", "--split", "random"), "events are evaluated on a later period only (--split time");
        // CDNOW has neither product ids nor events: nothing to learn from, said as such.
        Cli.AssertOneLineError(Cli.Run("recommend", "--store", store, "--out", outDir, "--feedback", "events"), "has no view, cart add, wishlist add or purchase of a product by a known customer");
    }

    [Fact]
    public void EvaluateRecommendEvents_SmallShop_PurchasesOnlyRowsBesideTheEventsRows()
    {
        // a, b and c view and buy; on the last day each buys a product they only viewed before (held out).
        var events = _temp.Write("events.csv", """
            customer_id,product_id,event_type,occurred_at
            a,tea,purchase,2024-01-01T10:00:00Z
            a,cups,view,2024-01-02T10:00:00Z
            b,milk,purchase,2024-01-01T11:00:00Z
            b,tea,view,2024-01-02T11:00:00Z
            c,cups,purchase,2024-01-01T12:00:00Z
            c,milk,view,2024-01-02T12:00:00Z
            a,cups,purchase,2024-01-05T10:00:00Z
            b,tea,purchase,2024-01-05T11:00:00Z
            c,milk,purchase,2024-01-05T12:00:00Z
            """);
        var store = _temp.File("small.duckdb");
        Cli.Ok("ingest", "events", events, "--store", store);

        var json = Cli.Ok("evaluate", "recommend", "--store", store, "--feedback", "events", "--test-days", "1", "--algorithms", "item-knn", "--k", "1", "--output", "json").Json();

        Assert.Equal("events", json.GetProperty("feedback").GetString());
        Assert.Equal(3, json.GetProperty("held_out_customers").GetInt32());
        Assert.Equal(
            ["item-knn", "popular", "item-knn (purchases only)", "popular (purchases only)"],
            json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        // By hand: the most popular product by events is a three-way tie (tea, cups, milk: two customers each), broken by
        // id (cups); bought products are left out, so a gets cups (hit), b cups (miss), c milk (hit): 2 of 3. By purchases
        // each product has one buyer: cups first again, c bought it, so c gets milk (hit), a cups (hit), b cups (miss).
        var popular = json.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "popular");
        Assert.Equal(2 / 3.0, popular.GetProperty("hit_rate").GetDouble(), 1e-12);
    }
}
