using System.Text.Json;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

/// <summary><c>ingest events</c>: what is read, how it is mapped, and the account (docs/events.md).</summary>
public sealed class EventIngestorTests : IDisposable
{
    private const string Taobao = "clickstream/taobao_userbehavior_head.csv";

    /// <summary>Taobao's UserBehavior has no header: user, item, category, behaviour, Unix seconds.</summary>
    private static readonly Dictionary<string, string> TaobaoMap = new()
    {
        ["customer_id"] = "1",
        ["product_id"] = "2",
        ["category"] = "3",
        ["event_type"] = "4",
        ["occurred_at"] = "5",
    };

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    private EventIngestOptions Options(IReadOnlyDictionary<string, string>? map = null) =>
        new() { RejectsPath = _stores.RejectsPath(), Map = map ?? new Dictionary<string, string>() };

    private string Write(string name, string content) => _stores.Folder.Write(name, content);

    [SharedDataTheory(Taobao)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_TaobaoSample_CountsMatchPandasAndTheCutOffLineIsRejected(string engine)
    {
        using var store = _stores.Open(engine);

        var summary = new EventIngestor(store).Ingest(TestData.Shared(Taobao), Options(TaobaoMap));

        // Expected numbers from pandas 1.5.3 (/usr/bin/python3), independently of this code:
        //   d = pd.read_csv(path, header=None, names=["user","item","cat","behavior","ts"])   # 84,476 rows
        //   d = d.dropna(subset=["ts"])                                                       # 84,475: the last line has no ts
        //   d.behavior.value_counts()      -> pv 75,872, cart 4,497, fav 2,356, buy 1,750
        //   d.user.nunique(), d.item.nunique(), d.cat.nunique()  -> 815, 55,368, 2,914
        //   c = d.groupby("user").size(); (c**2).sum() -> 15,377,795; c[1] 55, c[100] 98, c[100370] 188, c.max() 539 (user 1000664), c.min() 4 (user 1000944)
        //   d[d.user==100].behavior.value_counts() -> pv 84, buy 8, fav 6; d[d.behavior=="buy"].user.nunique() -> 559
        //   pd.to_datetime(d.ts.min(), unit="s"), ...max() -> 2017-09-11 08:16:39, 2017-12-03 15:59:23
        Assert.Equal("events", summary.Layout);
        Assert.Equal(84_476, summary.Read);
        Assert.Equal(84_475, summary.Accepted);
        Assert.Equal(summary.Read, summary.Accepted + summary.Rejected);
        var reject = Assert.Single(ReadRejects(summary.RejectsFile!));
        Assert.Equal(("84476", "", "wrong_field_count", "expected 5 fields, found 4", "100370,1968385,1875258,pv"), reject);
        Assert.Equal("Unix seconds (by magnitude)", summary.Timestamps);
        Assert.Equal(
            [new("view", 75_872), new("wishlist_add", 2_356), new("cart_add", 4_497), new("purchase", 1_750)],
            summary.EventsByType!);
        Assert.Equal(84_475, store.Scalar<long>("SELECT count(*) FROM events"));
        Assert.Equal(815, store.Scalar<long>("SELECT count(DISTINCT customer_id) FROM events"));
        Assert.Equal(55_368, store.Scalar<long>("SELECT count(DISTINCT product_id) FROM events"));
        Assert.Equal(2_914, store.Scalar<long>("SELECT count(DISTINCT category) FROM events"));
        Assert.Equal(15_377_795, store.Scalar<long>("SELECT CAST(sum(n * n) AS BIGINT) FROM (SELECT count(*) AS n FROM events GROUP BY customer_id) AS per_customer"));
        Assert.Equal(55, EventsOf(store, "1"));
        Assert.Equal(98, EventsOf(store, "100"));
        Assert.Equal(188, EventsOf(store, "100370"));
        Assert.Equal(539, EventsOf(store, "1000664"));
        Assert.Equal(4, EventsOf(store, "1000944"));
        Assert.Equal(8, store.Scalar<long>("SELECT count(*) FROM events WHERE customer_id = '100' AND event_type = 'purchase'"));
        Assert.Equal(6, store.Scalar<long>("SELECT count(*) FROM events WHERE customer_id = '100' AND event_type = 'wishlist_add'"));
        Assert.Equal(559, store.Scalar<long>("SELECT count(DISTINCT customer_id) FROM events WHERE event_type = 'purchase'"));
        Assert.Equal(new DateTime(2017, 9, 11, 8, 16, 39), store.Scalar<DateTime>("SELECT min(occurred_at) FROM events"));
        Assert.Equal(new DateTime(2017, 12, 3, 15, 59, 23), store.Scalar<DateTime>("SELECT max(occurred_at) FROM events"));
        Assert.Equal(0, store.Scalar<long>("SELECT count(*) FROM events WHERE visitor_id IS NOT NULL OR session_id IS NOT NULL OR properties IS NOT NULL"));
        Assert.Equal(84_475, store.Scalar<long>("SELECT count(DISTINCT event_id) FROM events"));
        Assert.Equal(84_475, store.Scalar<long>("SELECT rows_accepted FROM source_files WHERE layout = 'events'"));
        // Sessions by a 30-minute gap (event_sessions), as pandas makes them:
        //   d = d.sort_values(["user","ts"], kind="mergesort"); gap = d.groupby("user").ts.diff()
        //   d["s"] = (gap.isna() | (gap > 1800)).astype(int).groupby(d.user).cumsum()
        //   d.groupby(["user","s"]).ngroups -> 14,122; of them with a buy -> 1,345; d[d.user==100].s.max() -> 30, user 1 -> 48
        // (the data's README says "about 14,096" and 1,344.)
        Assert.Equal(14_122, store.Scalar<long>("SELECT count(DISTINCT session) FROM event_sessions"));
        Assert.Equal(1_345, store.Scalar<long>("SELECT count(DISTINCT session) FROM event_sessions WHERE event_type = 'purchase'"));
        Assert.Equal(30, store.Scalar<long>("SELECT count(DISTINCT session) FROM event_sessions WHERE person = '100'"));
        Assert.Equal(48, store.Scalar<long>("SELECT count(DISTINCT session) FROM event_sessions WHERE customer_id = '1'"));
        Assert.Equal("1#48", store.Scalar<string>("SELECT session FROM event_sessions WHERE customer_id = '1' ORDER BY occurred_at DESC LIMIT 1"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_OttoSessions_OneEventPerInnerObjectWithItsSession(string engine)
    {
        using var store = _stores.Open(engine);
        var file = TestData.Sample("otto_sessions.jsonl");

        var summary = new EventIngestor(store).Ingest(file, Options(new Dictionary<string, string> { ["visitor_id"] = "session" }));

        // samples/README.md and pandas over the flattened events (json.loads per line, one row per element of "events"):
        // 862 events, clicks 800, carts 52, orders 10; 20 sessions, 510 items; session 0 has 276, session 12899778 has 2;
        // ts from 1659304800025 (2022-07-31 22:00:00.025) to 1661723997885 (2022-08-28 21:59:57.885).
        Assert.Equal(862, summary.Read);
        Assert.Equal(862, summary.Accepted);
        Assert.Equal([new("view", 800), new("cart_add", 52), new("purchase", 10)], summary.EventsByType!);
        Assert.Equal("Unix milliseconds (by magnitude)", summary.Timestamps);
        Assert.Equal(20, store.Scalar<long>("SELECT count(DISTINCT session_id) FROM events"));
        Assert.Equal(20, store.Scalar<long>("SELECT count(DISTINCT visitor_id) FROM events"));
        Assert.Equal(510, store.Scalar<long>("SELECT count(DISTINCT product_id) FROM events"));
        Assert.Equal(276, store.Scalar<long>("SELECT count(*) FROM events WHERE session_id = '0'"));
        Assert.Equal(2, store.Scalar<long>("SELECT count(*) FROM events WHERE session_id = '12899778'"));
        Assert.Equal(0, store.Scalar<long>("SELECT count(*) FROM events WHERE customer_id IS NOT NULL"));
        Assert.Equal(new DateTime(2022, 7, 31, 22, 0, 0, 25), store.Scalar<DateTime>("SELECT min(occurred_at) FROM events"));
        Assert.Equal(new DateTime(2022, 8, 28, 21, 59, 57, 885), store.Scalar<DateTime>("SELECT max(occurred_at) FROM events"));
        // Derived ids: the file's hash, the line, and the place in the line's array from the second event on.
        var prefix = SourceFileLedgerHash(file)[..16];
        Assert.Equal("1517085", store.Scalar<string>("SELECT product_id FROM events WHERE event_id = $id", ("id", prefix + ":1")));
        Assert.Equal("1563459", store.Scalar<string>("SELECT product_id FROM events WHERE event_id = $id", ("id", prefix + ":1:2")));
        Assert.Equal(862, store.Scalar<long>("SELECT count(DISTINCT event_id) FROM events"));
        // Given sessions are kept as they are, not cut by the 30-minute gap (session 0 spans days).
        Assert.Equal(20, store.Scalar<long>("SELECT count(DISTINCT session) FROM event_sessions"));
        Assert.Equal(276, store.Scalar<long>("SELECT count(*) FROM event_sessions WHERE session = '0'"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_SameFileAgain_AddsNothingAndReturnsTheFirstAccount(string engine)
    {
        using var store = _stores.Open(engine);
        var file = TestData.Sample("otto_sessions.jsonl");
        var options = Options(new Dictionary<string, string> { ["visitor_id"] = "session" });
        new EventIngestor(store).Ingest(file, options);

        var again = new EventIngestor(store).Ingest(file, options);

        Assert.True(again.AlreadyIngested);
        Assert.Equal(862, again.Accepted);
        Assert.Equal([new("view", 800), new("cart_add", 52), new("purchase", 10)], again.EventsByType!);
        Assert.Equal(862, store.Scalar<long>("SELECT count(*) FROM events"));
        Assert.Equal(1, store.Scalar<long>("SELECT count(*) FROM source_files"));
        var asOrders = Assert.Throws<ClienteleException>(() => new OrderIngestor(store).Ingest(file, new IngestOptions { RejectsPath = _stores.RejectsPath() }));
        Assert.Contains("already ingested as events", asOrders.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_GivenEventIdAgain_DuplicateInTheFileAndFromTheStoreCountedApart(string engine)
    {
        using var store = _stores.Open(engine);
        var first = Write("day1.csv", """
            event_id,user_id,type,item_id,timestamp
            e1,17850,view,85123A,2011-12-01T08:00:00Z
            e2,17850,add_to_cart,85123A,2011-12-01T08:01:00Z
            e1,17850,view,85123A,2011-12-01T08:00:00Z
            """);
        var second = Write("day2.csv", """
            event_id,user_id,type,item_id,timestamp
            e2,17850,add_to_cart,85123A,2011-12-01T08:01:00Z
            e3,17850,purchase,85123A,2011-12-01T08:05:00+01:00
            """);

        var one = new EventIngestor(store).Ingest(first, Options());
        var two = new EventIngestor(store).Ingest(second, Options());

        Assert.Equal((3L, 2L, 1L), (one.Read, one.Accepted, one.Rejected));
        Assert.Equal(("4", "event_id", "duplicate_event_id", "e1 was first given on line 2", "e1,17850,view,85123A,2011-12-01T08:00:00Z"), ReadRejects(one.RejectsFile!).Single());
        Assert.Equal((2L, 1L, 1L), (two.Read, two.Accepted, two.Rejected));
        var fromStore = ReadRejects(two.RejectsFile!).Single();
        Assert.Equal(("2", "event_id", "duplicate_event_id"), (fromStore.Line, fromStore.Column, fromStore.Reason));
        Assert.StartsWith($"e2 is already in the store from file 1 ({first})", fromStore.Detail, StringComparison.Ordinal);
        Assert.Equal(3, store.Scalar<long>("SELECT count(*) FROM events"));
        Assert.Equal("e1,e2,e3", store.Scalar<string>("SELECT string_agg(event_id, ',' ORDER BY event_id) FROM events"));

        // A file of nothing but events the store has: recorded with its account (all duplicates), not an error.
        var repost = new EventIngestor(store).Ingest(Write("repost.csv", "event_id,user_id,type,timestamp\ne1,17850,view,2011-12-01T08:00:00Z\ne3,17850,purchase,2011-12-01T07:05:00Z\n"), Options());
        Assert.Equal((2L, 0L, 2L), (repost.Read, repost.Accepted, repost.Rejected));
        Assert.Empty(repost.EventsByType!);
        Assert.Equal(3, store.Scalar<long>("SELECT count(*) FROM source_files"));
        Assert.Equal(3, store.Scalar<long>("SELECT count(*) FROM events"));
        // The offset is converted to UTC, as order dates are.
        Assert.Equal(new DateTime(2011, 12, 1, 7, 5, 0), store.Scalar<DateTime>("SELECT occurred_at FROM events WHERE event_id = 'e3'"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_HeaderlessFileMappedByPosition_ReadsTheFirstLineAsData(string engine)
    {
        using var store = _stores.Open(engine);
        var file = Write("noheader.csv", "v1;1511544070;pv;P1\nv2;1511544071;buy;P2\n;1511544072;pv;P3\nv3;1511544073;;P4\n");

        var summary = new EventIngestor(store).Ingest(file, Options(new Dictionary<string, string>
        {
            ["visitor_id"] = "1",
            ["occurred_at"] = "2",
            ["event_type"] = "3",
            ["product_id"] = "4",
        }) with { Limits = new IngestLimits { AcceptRejects = true } });

        Assert.Equal((4L, 2L), (summary.Read, summary.Accepted));
        var rejects = ReadRejects(summary.RejectsFile!);
        Assert.Equal(("3", "column 1", "missing_customer_or_visitor", "empty", ";1511544072;pv;P3"), rejects[0]);
        Assert.Equal(("4", "column 3", "unknown_event_type", "empty: the event has no type", "v3;1511544073;;P4"), rejects[1]);
        Assert.Equal("P1", store.Scalar<string>("SELECT product_id FROM events WHERE visitor_id = 'v1'"));
        Assert.Equal(new DateTime(2017, 11, 24, 17, 21, 10), store.Scalar<DateTime>("SELECT occurred_at FROM events WHERE visitor_id = 'v1'"));
        Assert.Equal("purchase", store.Scalar<string>("SELECT event_type FROM events WHERE visitor_id = 'v2'"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_HeaderlessFileWithoutMap_ErrorListsTheFieldsToMapAndLeavesNothing(string engine)
    {
        using var store = _stores.Open(engine);
        var file = Write("noheader.csv", "1,2268318,2520377,pv,1511544070\n");

        var error = Assert.Throws<ClienteleException>(() => new EventIngestor(store).Ingest(file, Options()));

        Assert.Equal(
            $"{file}, line 1: the first line (1, 2268318, 2520377, pv, 1511544070) names no event field: if the file has no header, map its columns by 1-based position, e.g. --map customer_id=1 --map product_id=2 --map event_type=4 --map occurred_at=5 (fields: event_id, event_type, customer_id, visitor_id, session_id, product_id, category, query, occurred_at)",
            error.Message);
        Assert.Equal(0, store.Scalar<long>("SELECT count(*) FROM source_files"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_UnknownTypeAndOddTimestamps_RejectedWithReasons_EventTypeOptionMapsTheType(string engine)
    {
        using var store = _stores.Open(engine);
        const string Content = """
            customer_id,event_type,product_id,occurred_at,query,channel
            c1,view,P1,1511544070,,web
            c1,basket,P1,1511544080,,app
            c1,search,,2017-11-24 17:30:00,red mug,web
            c1,view,P2,1511544,,web
            c1,view,P2,yesterday,,
            c1,purchase,P2,20171125,,web
            """;
        var file = Write("odd.csv", Content);
        var options = Options() with { Limits = new IngestLimits { AcceptRejects = true } };

        var summary = new EventIngestor(store).Ingest(file, options);

        Assert.Equal((6L, 3L, 3L), (summary.Read, summary.Accepted, summary.Rejected));
        var rejects = ReadRejects(summary.RejectsFile!);
        Assert.Equal(("3", "event_type", "unknown_event_type"), (rejects[0].Line, rejects[0].Column, rejects[0].Reason));
        Assert.Equal("\"basket\" is not a known event type; name it with --event-type TYPE=basket (types: view, search, wishlist_add, cart_add, cart_remove, purchase)", rejects[0].Detail);
        Assert.Equal(("5", "occurred_at", "unparsable_date"), (rejects[1].Line, rejects[1].Column, rejects[1].Reason));
        Assert.Equal("\"1511544\" is a number of 7 digits: Unix seconds have 9–10, milliseconds 12–13 (1973–2286); give --timestamp-unit seconds or milliseconds", rejects[1].Detail);
        Assert.Equal(("6", "occurred_at", "unparsable_date"), (rejects[2].Line, rejects[2].Column, rejects[2].Reason));
        // Every timestamp read counts, also that of the row then rejected for its type (checked after the time).
        Assert.Equal("mixed: 2 Unix seconds (by magnitude), 2 text (ISO 8601 or another date form)", summary.Timestamps);
        Assert.Equal(new DateTime(2017, 11, 25), store.Scalar<DateTime>("SELECT occurred_at FROM events WHERE event_type = 'purchase'")); // 8 digits: yyyyMMdd
        Assert.Equal("red mug", store.Scalar<string>("SELECT query FROM events WHERE event_type = 'search'"));
        // The column no field takes is kept as a property.
        using var properties = JsonDocument.Parse(store.Scalar<string>("SELECT properties FROM events WHERE event_type = 'view'")!);
        Assert.Equal("web", properties.RootElement.GetProperty("channel").GetString());

        // The same content in another file (other bytes): --event-type names basket, --timestamp-unit reads 1511544 as seconds.
        var named = new EventIngestor(store).Ingest(Write("odd2.csv", Content + "\n"), options with
        {
            EventTypes = new Dictionary<string, string> { ["basket"] = "cart_add" },
            TimestampUnit = TimestampUnit.Seconds,
        });

        Assert.Equal((6L, 5L), (named.Read, named.Accepted)); // 20171125 too, as seconds (1970-08-22): the unit given is every number's
        Assert.Equal([new("view", 2), new("search", 1), new("cart_add", 1), new("purchase", 1)], named.EventsByType!);
        Assert.Equal(new DateTime(1970, 1, 18, 11, 52, 24), store.Scalar<DateTime>("SELECT min(occurred_at) FROM events"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Remove_EventsFile_TakesItsEventsAndItCanBeIngestedAgain(string engine)
    {
        using var store = _stores.Open(engine);
        var otto = TestData.Sample("otto_sessions.jsonl");
        var options = Options(new Dictionary<string, string> { ["visitor_id"] = "session" });
        new EventIngestor(store).Ingest(Write("few.csv", "customer_id,event_type,occurred_at\nc1,view,2017-11-24 17:30:00\n"), Options());
        new EventIngestor(store).Ingest(otto, options);
        Assert.Equal(863, SourceFiles.List(store).Sum(f => f.Accepted));

        var removal = SourceFiles.Remove(store, otto);

        Assert.Equal(862, removal.Events);
        Assert.Equal(1, store.Scalar<long>("SELECT count(*) FROM events"));
        Assert.False(new EventIngestor(store).Ingest(otto, options).AlreadyIngested);
        Assert.Equal(863, store.Scalar<long>("SELECT count(*) FROM events"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_ParquetAndGzipAndFlatJson_ReadLikeCsv(string engine)
    {
        using var store = _stores.Open(engine);
        var csv = Write("events.csv", """
            visitor_id,session_id,event_type,product_id,occurred_at,price
            v1,s1,view,P1,2022-08-01 10:00:00,4.5
            v1,s1,cart,P1,2022-08-01 10:01:00,4.5
            v2,s2,order,P2,2022-08-01 11:00:00,9.99
            """);
        var parquet = _stores.Folder.File("events.parquet");
        _stores.Files().Execute($"COPY (SELECT * FROM read_csv('{csv}', all_varchar = true)) TO '{parquet}' (FORMAT parquet)");
        var typed = _stores.Folder.File("typed.parquet");
        _stores.Files().Execute(
            $"COPY (SELECT 42 AS user_id, 'buy' AS type, TIMESTAMP '2022-08-01 10:00:00.5' AS ts UNION ALL SELECT 43, 'pv', TIMESTAMP '2022-08-02 11:00:00') TO '{typed}' (FORMAT parquet)");
        var gzip = _stores.Folder.File("events.csv.gz");
        using (var output = new System.IO.Compression.GZipStream(File.Create(gzip), System.IO.Compression.CompressionLevel.Fastest))
        {
            output.Write(File.ReadAllBytes(csv).Concat("\nv3,s3,view,P3,2022-08-02 09:00:00,1\n"u8.ToArray()).ToArray());
        }
        var json = Write("events.jsonl", """
            {"visitor_id": "v4", "type": "pv", "aid": 7, "ts": 1659304800025, "tags": ["a", "b"], "price": null}
            not json
            {"visitor_id": "v5", "events": []}
            """);

        var fromParquet = new EventIngestor(store).Ingest(parquet, Options());
        var fromGzip = new EventIngestor(store).Ingest(gzip, Options());
        var fromJson = new EventIngestor(store).Ingest(json, Options() with { Limits = new IngestLimits { AcceptRejects = true } });

        var fromTyped = new EventIngestor(store).Ingest(typed, Options());

        Assert.Equal([new("view", 1), new("cart_add", 1), new("purchase", 1)], fromParquet.EventsByType!);
        Assert.Equal((2L, 2L), (fromTyped.Read, fromTyped.Accepted));
        Assert.Equal(new DateTime(2022, 8, 1, 10, 0, 0, 500), store.Scalar<DateTime>("SELECT occurred_at FROM events WHERE customer_id = '42'"));
        Assert.Equal((4L, 4L), (fromGzip.Read, fromGzip.Accepted));
        Assert.Equal((3L, 1L), (fromJson.Read, fromJson.Accepted));
        var rejects = ReadRejects(fromJson.RejectsFile!);
        Assert.Equal(("2", "malformed_json"), (rejects[0].Line, rejects[0].Reason));
        Assert.Equal(("3", "malformed_json", "the array events is empty: no event to read"), (rejects[1].Line, rejects[1].Reason, rejects[1].Detail));
        Assert.Equal(4, store.Scalar<long>("SELECT count(*) FROM events WHERE visitor_id = 'v1'")); // from the Parquet and the gzip file
        Assert.Equal("{\"price\":\"9.99\"}", store.Scalar<string>("SELECT properties FROM events WHERE visitor_id = 'v2' AND file_id = 1"));
        Assert.Equal("7", store.Scalar<string>("SELECT product_id FROM events WHERE visitor_id = 'v4'"));
        using var properties = JsonDocument.Parse(store.Scalar<string>("SELECT properties FROM events WHERE visitor_id = 'v4'")!);
        Assert.Equal("[\"a\", \"b\"]", properties.RootElement.GetProperty("tags").GetString());
        Assert.False(properties.RootElement.TryGetProperty("price", out _));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void EventSessions_GapsOfThirtyMinutesAndMore_ANewSessionOnlyAfterMoreThanThirty(string engine)
    {
        using var store = _stores.Open(engine);
        // c1: 10:00, 10:30 (30 min: same session), 11:00:01 (30 min 1 s: a new one), 11:05; v9 alone; c2 with a session given.
        new EventIngestor(store).Ingest(Write("gaps.csv", """
            customer_id,visitor_id,session_id,event_type,occurred_at
            c1,,,view,2022-08-01 11:00:01
            c1,,,view,2022-08-01 10:00:00
            c1,v1,,cart,2022-08-01 10:30:00
            c1,,,buy,2022-08-01 11:05:00
            ,v9,,view,2022-08-01 10:00:00
            c2,,s-7,view,2022-08-01 10:00:00
            c2,,s-7,view,2022-08-03 10:00:00
            """), Options());

        var sessions = store.Scalar<string>(
            """SELECT string_agg(event_type || '@' || CAST(occurred_at AS VARCHAR) || '=' || session, ' ' ORDER BY person COLLATE "C", occurred_at) FROM event_sessions""");

        Assert.Equal(
            "view@2022-08-01 10:00:00=c1#1 cart_add@2022-08-01 10:30:00=c1#1 view@2022-08-01 11:00:01=c1#2 purchase@2022-08-01 11:05:00=c1#2 "
            + "view@2022-08-01 10:00:00=s-7 view@2022-08-03 10:00:00=s-7 view@2022-08-01 10:00:00=v9#1",
            sessions);
    }

    private static long EventsOf(ClienteleStore store, string customer) =>
        store.Scalar<long>("SELECT count(*) FROM events WHERE customer_id = $c", ("c", customer));

    private static string SourceFileLedgerHash(string path) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private static List<(string Line, string Column, string Reason, string Detail, string Raw)> ReadRejects(string path) =>
        File.ReadLines(path).Skip(1).Select(CsvLine.Split).Select(f => (f[0], f[1], f[2], f[3], f[4])).ToList();
}
