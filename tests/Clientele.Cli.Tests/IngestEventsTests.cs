namespace Clientele.Cli.Tests;

/// <summary><c>ingest events</c>: the JSON contract (the account with events by type), the text account, files remove, one-line errors.</summary>
public sealed class IngestEventsTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestEvents_OttoSample_JsonAccountByTypeThenFilesRemoveTakesTheEvents(string engine)
    {
        var store = _stores.Location(engine, "store");
        var file = TestData.Sample("otto_sessions.jsonl");

        var summary = Cli.Ok("ingest", "events", file, "--store", store, "--map", "visitor_id=session", "--rejects", _stores.RejectsPath(), "--output", "json").Json();
        var again = Cli.Ok("ingest", "events", file, "--store", store, "--map", "visitor_id=session", "--output", "json").Json();

        // samples/README.md: 862 events, 800 clicks, 52 carts, 10 orders.
        Assert.Equal("events", summary.GetProperty("layout").GetString());
        Assert.Equal(862, summary.GetProperty("read").GetInt64());
        Assert.Equal(862, summary.GetProperty("accepted").GetInt64());
        Assert.Equal(0, summary.GetProperty("rejected").GetInt64());
        Assert.Equal(
            ["view=800", "cart_add=52", "purchase=10"],
            summary.GetProperty("events_by_type").EnumerateArray().Select(t => $"{t.GetProperty("type").GetString()}={t.GetProperty("events").GetInt64()}"));
        Assert.Equal("Unix milliseconds (by magnitude)", summary.GetProperty("timestamps").GetString());
        Assert.True(again.GetProperty("already_ingested").GetBoolean());
        Assert.Equal(20, summary.GetProperty("event_people").GetProperty("anonymous_visitors").GetInt64());
        Assert.Equal(862, again.GetProperty("accepted").GetInt64());

        var removed = Cli.Ok("files", "remove", file, "--store", store);
        Assert.Contains("862 events", removed.Out, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestEvents_HeaderlessByPositionWithAnUnknownType_TextAccountNamesTypesAndRejects(string engine)
    {
        var store = _stores.Location(engine, "store");
        var file = _stores.Folder.Write("taobao-like.csv", "1,2268318,2520377,pv,1511544070\n1,2333346,2520771,cart,1511561733\n1,2576651,149192,peek,1511572885\n1,2576651,149192,fav,1511572886\n1,2576651,149192,pv\n");

        var result = Cli.Ok(
            "ingest", "events", file, "--store", store, "--rejects", _stores.RejectsPath(), "--accept-rejects",
            "--map", "customer_id=1", "--map", "product_id=2", "--map", "category=3", "--map", "event_type=4", "--map", "occurred_at=5");

        Assert.Contains("read 5 = accepted 3 + rejected 2", result.Out, StringComparison.Ordinal);
        Assert.Contains("wishlist_add", result.Out, StringComparison.Ordinal);
        Assert.Contains("event type not known (--event-type maps it)", result.Out, StringComparison.Ordinal);
        Assert.Contains("timestamps: Unix seconds (by magnitude)", result.Out, StringComparison.Ordinal);
        Assert.Contains("people in the store's events: customers 1, anonymous visitors 0, visitors linked to a customer 0", result.Out, StringComparison.Ordinal);
        Assert.Contains("catalogue: 3 products take their category from the events", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 of the 1 customer ids in the events match no customer with order lines", result.Out, StringComparison.Ordinal); // no orders ingested
        Assert.DoesNotContain("returns", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"\ndone in \d+\.\d s\n$", result.Out.ReplaceLineEndings("\n")); // the summary ends with the command's wall time
    }

    [Fact]
    public void IngestEvents_HeaderlessWithoutMap_OneLineErrorListingWhatToMap()
    {
        var store = _stores.Folder.File("store.duckdb");
        var file = _stores.Folder.Write("taobao-like.csv", "1,2268318,2520377,pv,1511544070\n");

        var result = Cli.Run("ingest", "events", file, "--store", store);

        Cli.AssertOneLineError(result, "names no event field: if the file has no header, map its columns by 1-based position, e.g. --map customer_id=1");
        Assert.False(File.Exists(store), "a store made for this ingest goes when it stops");
    }

    [Fact]
    public void IngestEvents_OttoWithoutAVisitor_OneLineErrorSuggestingTheSession()
    {
        var result = Cli.Run("ingest", "events", TestData.Sample("otto_sessions.jsonl"), "--store", _stores.Folder.File("store.duckdb"));

        Cli.AssertOneLineError(result, "no column for customer_id or visitor_id (the file has: session, events, aid, ts, type)");
        Assert.Contains("anonymous sessions can stand for their visitors: --map visitor_id=session", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void IngestEvents_EventTypeOfNoType_OneLineErrorNamingTheTypes()
    {
        var store = _stores.Folder.File("store.duckdb");
        var file = _stores.Folder.Write("events.csv", "customer_id,event_type,occurred_at\nc1,view,2020-01-01\n");

        var result = Cli.Run("ingest", "events", file, "--store", store, "--event-type", "basket=cart");

        Cli.AssertOneLineError(result, "--event-type basket=cart: basket is not an event type; the types are view, search, wishlist_add, cart_add, cart_remove, purchase");
    }
}
