using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Behaviour;
using Clientele.Tests;
using Xunit.Abstractions;

namespace Clientele.Features.Tests.Behaviour;

/// <summary>
/// The behaviour summaries (docs/behaviour.md): the bulk rebuild, one event at a time through the writer in any order,
/// and the features read from them or from the events, against pandas, on DuckDB and PostgreSQL.
/// </summary>
public sealed class BehaviourSummaryTablesTests(ITestOutputHelper output) : IDisposable
{
    private const string Taobao = "clickstream/taobao_userbehavior_head.csv";

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    private void IngestTaobao(ClienteleStore store) =>
        new EventIngestor(store).Ingest(TestData.Shared(Taobao), new EventIngestOptions
        {
            RejectsPath = _stores.RejectsPath(),
            Map = new Dictionary<string, string> { ["customer_id"] = "1", ["product_id"] = "2", ["category"] = "3", ["event_type"] = "4", ["occurred_at"] = "5" },
        });

    private void IngestOtto(ClienteleStore store) =>
        new EventIngestor(store).Ingest(TestData.Sample("otto_sessions.jsonl"), new EventIngestOptions
        {
            RejectsPath = _stores.RejectsPath(),
            Map = new Dictionary<string, string> { ["visitor_id"] = "session" },
        });

    /// <summary>
    /// The features of every one of Taobao's 815 customers equal pandas' (pandas 1.5.3, /usr/bin/python3, independently
    /// of this code; the script is in the comment below): the SHA-256 of one line per customer with every feature, in
    /// the customers' byte order, at the default as-of (from the summaries) and at 2017-12-01 (from the events).
    /// </summary>
    // t = pd.read_csv(path, header=None, names=["user","item","cat","behavior","ts"]).dropna(subset=["ts"])
    // d = DataFrame(person=t.user.astype(str), type=t.behavior.map({"pv": "view", "cart": "cart_add", "fav": "wishlist_add", "buy": "purchase"}),
    //               cat=t.cat.astype(str), t=pd.to_datetime(t.ts, unit="s"));  d = d[d.t < asof]; d["day"] = d.t.dt.normalize()
    // asof: d.day.max() + 1 day when not given
    // d = d.sort_values(["person","t"], kind="mergesort"); gap = d.groupby("person").t.diff()
    // d["sess"] = (gap.isna() | (gap > 30 minutes)).astype(int).groupby(d.person).cumsum()
    // per person: events, sessions = sess.nunique(), counts of each type, visit_days = day.nunique(), days_since = (asof - day.max()).days,
    //   conversion = purchases / views (NaN without views), abandonment = sessions with a cart_add and no purchase / sessions with a cart_add (NaN without),
    //   top = the 3 categories with most views, ties by the category's bytes, joined by "|"
    // line: person,events,sessions,views,searches,wishlist_adds,cart_adds,cart_removes,purchases,visit_days,days_since,conversion,abandonment,top
    //   (floats as repr without a trailing ".0", NaN empty); people sorted by their bytes; hashlib.sha256("".join(lines))
    [SharedDataTheory(Taobao)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Features_TaobaoSample_AgreeWithPandasForEveryCustomer(string engine)
    {
        using var store = _stores.Open(engine);
        IngestTaobao(store);
        Assert.False(BehaviourInputs.SummariesAnswer(store, null));
        var clock = Stopwatch.StartNew();

        var counts = BehaviourSummaryTables.Rebuild(store);

        output.WriteLine($"{engine}: bulk rebuild of {counts.Events:N0} events: {clock.Elapsed.TotalSeconds:F2} s; {counts}");
        Assert.True(BehaviourSummaryTables.IsCurrent(store));
        Assert.Equal(84_475, counts.Events);
        Assert.Equal(815, counts.People);
        // pandas: sessions 14,122 (as event_sessions counts them), visit days 5,928
        Assert.Equal(14_122, counts.Sessions);
        Assert.Equal(5_928, counts.Days);
        Assert.Equal(store.Scalar<long>("SELECT count(DISTINCT session) FROM event_sessions"), counts.Sessions);
        Assert.True(BehaviourInputs.SummariesAnswer(store, null));

        var features = BehaviourInputs.Features(store);

        Assert.Equal(new DateOnly(2017, 12, 4), features.AsOf);
        Assert.Equal(815, features.People.Count);
        // pandas: sums over customers
        Assert.Equal(84_475, features.People.Sum(p => p.Events));
        Assert.Equal(14_122, features.People.Sum(p => p.Sessions));
        Assert.Equal(75_872, features.People.Sum(p => p.Views));
        Assert.Equal(4_497, features.People.Sum(p => p.CartAdds));
        Assert.Equal(2_356, features.People.Sum(p => p.WishlistAdds));
        Assert.Equal(1_750, features.People.Sum(p => p.Purchases));
        Assert.Equal(5_928, features.People.Sum(p => p.VisitDays));
        Assert.Equal(860, features.People.Sum(p => p.DaysSinceLastVisit));
        Assert.Equal(813, features.People.Count(p => p.ViewToPurchase is not null));
        Assert.Equal(601, features.People.Count(p => p.CartAbandonment is not null));
        // pandas: cart sessions 2,716, of them abandoned 2,444
        Assert.Equal(2_716, BehaviourSummaryTables.ReadSummaries(store).Sum(s => s.CartSessions));
        Assert.Equal(2_444, BehaviourSummaryTables.ReadSummaries(store).Sum(s => s.AbandonedSessions));
        Assert.Equal("1,55,48,55,0,0,0,0,0,10,1,0,,2355072|149192|2520771", Line(features, "1"));
        Assert.Equal("100,98,30,84,0,6,0,0,8,9,1,0.09523809523809523,,2881542|2293367|2429887", Line(features, "100"));
        Assert.Equal("1000664,539,32,510,0,2,22,0,5,10,1,0.00980392156862745,0.8666666666666667,3898483|2355072|3299155", Line(features, "1000664"));
        Assert.Equal("c21194f56998ca1dda3181630d00c9db55dc32a5962d11d426a90309fc530120", Digest(features));
        // The events give the same rows as the summaries.
        Assert.Equal(features.People, BehaviourFeatureQuery.Compute(store).People);

        // An as-of before the last event is answered from the events: pandas at 2017-12-01 (events 53,223, sessions 9,014).
        Assert.False(BehaviourInputs.SummariesAnswer(store, new DateOnly(2017, 12, 1)));
        var earlier = BehaviourInputs.Features(store, new DateOnly(2017, 12, 1));
        Assert.Equal(53_223, earlier.People.Sum(p => p.Events));
        Assert.Equal(9_014, earlier.People.Sum(p => p.Sessions));
        Assert.Equal("1000664,419,22,394,0,2,18,0,5,7,1,0.012690355329949238,0.8333333333333334,3898483|4606718|4217906", Line(earlier, "1000664"));
        Assert.Equal("0b0819e87f6f863adae76fb02ed3cf21c4331620356192cd8cb881317f9560be", Digest(earlier));
        var refused = Assert.Throws<ClienteleException>(() => BehaviourSummaryReader.Features(store, new DateOnly(2017, 12, 1)));
        Assert.Contains("hold events up to 2017-12-03", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>OTTO's 20 anonymous sessions (given session ids, visitors for people), every feature as pandas gives it.</summary>
    // json.loads per line, one row per element of "events" (person = session = str(o["session"]), clicks → view, carts → cart_add,
    // orders → purchase, t = pd.to_datetime(ts, unit="ms")), then the same per-person lines as for Taobao (no categories).
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Features_OttoSessions_AgreeWithPandasForEveryVisitor(string engine)
    {
        using var store = _stores.Open(engine);
        IngestOtto(store);
        var counts = BehaviourSummaryTables.Rebuild(store);

        var features = BehaviourInputs.Features(store);

        Assert.Equal(new BehaviourTableCounts(862, 20, 91, 0, 20), counts);
        Assert.Equal(new DateOnly(2022, 8, 29), features.AsOf);
        Assert.Equal(
            """
            0,276,1,255,0,0,17,0,4,28,1,0.01568627450980392,0,
            1,32,1,24,0,0,8,0,0,9,1,0,1,
            12899769,4,1,4,0,0,0,0,0,1,1,0,,
            12899770,2,1,2,0,0,0,0,0,1,1,0,,
            12899771,2,1,2,0,0,0,0,0,1,1,0,,
            12899772,3,1,3,0,0,0,0,0,1,1,0,,
            12899773,2,1,2,0,0,0,0,0,1,1,0,,
            12899774,2,1,2,0,0,0,0,0,1,1,0,,
            12899775,2,1,2,0,0,0,0,0,1,1,0,,
            12899776,2,1,2,0,0,0,0,0,1,1,0,,
            12899777,2,1,2,0,0,0,0,0,1,1,0,,
            12899778,2,1,2,0,0,0,0,0,1,1,0,,
            2,33,1,32,0,0,1,0,0,3,1,0,1,
            3,226,1,200,0,0,21,0,5,14,8,0.025,0,
            4,19,1,15,0,0,3,0,1,4,2,0.06666666666666667,0,
            5,15,1,14,0,0,1,0,0,3,17,0,1,
            6,204,1,204,0,0,0,0,0,11,3,0,,
            7,23,1,23,0,0,0,0,0,5,14,0,,
            8,4,1,4,0,0,0,0,0,1,29,0,,
            9,7,1,6,0,0,1,0,0,3,25,0,1,

            """.ReplaceLineEndings("\n"),
            Text(features));
        Assert.Equal(features.People, BehaviourFeatureQuery.Compute(store).People);
    }

    /// <summary>
    /// The events (about 450) of some twenty Taobao customers, applied one transaction each in a shuffled order to a store holding
    /// no events, give the bulk tables' rows of those customers exactly.
    /// </summary>
    [SharedDataTheory(Taobao)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Apply_TaobaoCustomersShuffled_EqualsTheBulkRows(string engine)
    {
        using var bulk = _stores.Open(engine, "bulk");
        IngestTaobao(bulk);
        BehaviourSummaryTables.Rebuild(bulk);
        var events = StoredEvents.Read(bulk).ToList();
        var perPerson = events.GroupBy(e => e.CustomerId!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var person in perPerson.Keys.Order(StringComparer.Ordinal).Where(p => perPerson[p] <= 40))
        {
            if (total + perPerson[person] > 450)
            {
                break;
            }
            chosen.Add(person);
            total += perPerson[person];
        }
        var chosenEvents = events.Where(e => chosen.Contains(e.CustomerId!)).ToList();
        Shuffle(chosenEvents, seed: 15);

        using var live = _stores.Open(engine, "live");
        var seconds = ApplyAll(live, chosenEvents);

        output.WriteLine($"{engine}: {chosenEvents.Count} events of {chosen.Count} customers, shuffled, one transaction each: {seconds:F2} s, {chosenEvents.Count / seconds:N0} events/s");
        AssertSameTables(bulk, live, chosen.Contains);
        var summaries = BehaviourSummaryTables.ReadSummaries(live);
        Assert.Contains(summaries, s => s.AbandonedSessions > 0 && s.CartSessions > s.AbandonedSessions); // a cart bought and one abandoned
        Assert.Contains(summaries, s => s.Sessions > 10);
    }

    /// <summary>
    /// All 84,475 Taobao events, in file order and shuffled, fed one at a time to the in-code builder, give the bulk
    /// tables row for row and column for column (and OTTO's, with their given sessions).
    /// </summary>
    [SharedDataTheory(Taobao)]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Builder_EveryTaobaoAndOttoEventOneAtATime_EqualsTheBulkTables(string engine)
    {
        using var store = _stores.Open(engine);
        IngestTaobao(store);
        IngestOtto(store);
        var counts = BehaviourSummaryTables.Rebuild(store);
        var events = StoredEvents.Read(store).ToList();
        Assert.Equal(84_475 + 862, events.Count);

        foreach (var seed in new int?[] { null, 84_475 })
        {
            if (seed is { } s)
            {
                Shuffle(events, s);
            }
            var builder = new BehaviourSummaryBuilder();
            var clock = Stopwatch.StartNew();
            foreach (var e in events)
            {
                builder.Apply(e);
            }
            output.WriteLine($"{engine}: {events.Count:N0} events {(seed is null ? "in file order" : "shuffled")} through the builder: {clock.Elapsed.TotalSeconds:F2} s");

            Assert.Equal(BehaviourSummaryTables.ReadDays(store), builder.Days);
            Assert.Equal(BehaviourSummaryTables.ReadCategories(store), builder.Categories);
            Assert.Equal(BehaviourSummaryTables.ReadSessions(store), builder.Sessions);
            Assert.Equal(BehaviourSummaryTables.ReadSummaries(store), builder.Summaries);
        }
        Assert.Equal(14_122 + 20, counts.Sessions);
    }

    /// <summary>OTTO's 862 events (given sessions), in a shuffled order one transaction each, give the bulk tables' rows.</summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Apply_OttoEventsShuffled_EqualsTheBulkRows(string engine)
    {
        using var bulk = _stores.Open(engine, "bulk");
        IngestOtto(bulk);
        BehaviourSummaryTables.Rebuild(bulk);
        var events = StoredEvents.Read(bulk).ToList();
        Shuffle(events, seed: 862);

        using var live = _stores.Open(engine, "live");
        var seconds = ApplyAll(live, events);

        output.WriteLine($"{engine}: OTTO's {events.Count} events, shuffled, one transaction each: {seconds:F2} s");
        AssertSameTables(bulk, live, _ => true);
    }

    /// <summary>
    /// Sessions by the 30-minute gap, by hand: a pause of exactly 30 minutes stays in the session, 31 minutes starts a
    /// new one, an event arriving late between two sessions bridges them into one, and a given session id stands apart.
    /// Every arrival order of the events through the writer gives the bulk rows.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Apply_LateEventBridgingTwoSessions_MergesThemAsTheBulkRebuildDoes(string engine)
    {
        using var bulk = _stores.Open(engine, "bulk");
        var file = _stores.Folder.Write("hand.csv", """
            event_id,customer_id,event_type,category,session_id,timestamp
            e1,A,view,shoes,,2024-03-01T10:00:00Z
            e2,A,cart_add,shoes,,2024-03-01T10:31:00Z
            e3,A,view,hats,,2024-03-01T11:01:00Z
            e4,A,view,hats,,2024-03-01T10:15:00Z
            e5,A,purchase,,s9,2024-03-01T10:20:00Z
            e6,A,view,hats,,2024-03-02T09:00:00Z
            e7,B,search,,,2024-03-01T23:50:00Z
            e8,B,cart_add,,,2024-03-02T00:10:00Z
            """);
        new EventIngestor(bulk).Ingest(file, new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
        BehaviourSummaryTables.Rebuild(bulk);

        // A: e1 10:00 | e4 10:15 | e2 10:31 (16 min after e4) | e3 11:01 (exactly 30 min): one gap session of four events;
        //    e5 in its given session s9; e6 the next day alone. B: e7 and e8 across midnight, one session over two days.
        var a = Assert.Single(BehaviourSummaryTables.ReadSummaries(bulk, "A"));
        Assert.Equal(new BehaviourSummary("A", new DateTime(2024, 3, 1, 10, 0, 0), new DateTime(2024, 3, 2, 9, 0, 0), 6, 4, 0, 0, 1, 0, 1, 2, new DateOnly(2024, 3, 2), 3, 1, 1), a);
        Assert.Equal(
            [
                new BehaviourSession("A", null, new DateTime(2024, 3, 1, 10, 0, 0), new DateTime(2024, 3, 1, 11, 1, 0), 4, 3, 1, 0),
                new BehaviourSession("A", "s9", new DateTime(2024, 3, 1, 10, 20, 0), new DateTime(2024, 3, 1, 10, 20, 0), 1, 0, 0, 1),
                new BehaviourSession("A", null, new DateTime(2024, 3, 2, 9, 0, 0), new DateTime(2024, 3, 2, 9, 0, 0), 1, 1, 0, 0),
                new BehaviourSession("B", null, new DateTime(2024, 3, 1, 23, 50, 0), new DateTime(2024, 3, 2, 0, 10, 0), 2, 0, 1, 0),
            ],
            BehaviourSummaryTables.ReadSessions(bulk));
        var features = BehaviourSummaryReader.Features(bulk).People;
        Assert.Equal(new BehaviourFeatures("A", a.FirstEventAt, a.LastEventAt, 6, 3, 4, 0, 0, 1, 0, 1, 2, 1, 0.25, 1.0, "hats", "shoes", null), features[0]);
        Assert.Equal(new BehaviourFeatures("B", new DateTime(2024, 3, 1, 23, 50, 0), new DateTime(2024, 3, 2, 0, 10, 0), 2, 1, 0, 1, 0, 1, 0, 0, 2, 1, null, 1.0, null, null, null), features[1]);

        var events = StoredEvents.Read(bulk).ToList();
        List<BehaviourEvent>[] orders = [events, [.. events.OrderByDescending(e => e.OccurredAt)], [events[0], events[2], events[3], events[1], events[4], events[5], events[7], events[6]]];
        for (var i = 0; i < orders.Length; i++)
        {
            using var live = _stores.Open(engine, $"live{i}");
            var order = orders[i];
            ApplyAll(live, order);
            AssertSameTables(bulk, live, _ => true);
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IsCurrent_AfterAnotherIngest_FalseUntilRebuilt(string engine)
    {
        using var store = _stores.Open(engine);
        Assert.True(BehaviourSummaryTables.IsCurrent(store)); // no events, no summaries
        var first = _stores.Folder.Write("a.csv", "customer_id,event_type,timestamp\nA,view,2024-03-01T10:00:00Z\n");
        new EventIngestor(store).Ingest(first, new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
        Assert.False(BehaviourSummaryTables.IsCurrent(store));
        Assert.Equal(new BehaviourTableCounts(1, 1, 1, 0, 1), BehaviourInputs.Prepare(store));
        Assert.Null(BehaviourInputs.Prepare(store));

        var second = _stores.Folder.Write("b.csv", "customer_id,event_type,timestamp\nA,purchase,2024-03-01T10:05:00Z\n");
        new EventIngestor(store).Ingest(second, new EventIngestOptions { RejectsPath = _stores.RejectsPath() });

        Assert.False(BehaviourSummaryTables.IsCurrent(store));
        Assert.Equal(1.0, BehaviourInputs.Features(store).People.Single().ViewToPurchase); // from the events
        BehaviourSummaryTables.Rebuild(store);
        Assert.True(BehaviourSummaryTables.IsCurrent(store));
        Assert.Equal(1, BehaviourSummaryTables.ReadSummaries(store).Single().Sessions);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ApplyInCurrentTransaction_RolledBack_LeavesNoRows(string engine)
    {
        using var store = _stores.Open(engine);
        using var writer = new BehaviourSummaryWriter(store);
        writer.Apply(new BehaviourEvent("e1", EventTypes.View, "A", null, null, "p1", "shoes", null, new DateTime(2024, 3, 1, 10, 0, 0)));
        using (var transaction = store.Connection.BeginTransaction())
        {
            writer.ApplyInCurrentTransaction(new BehaviourEvent("e2", EventTypes.View, "A", null, null, "p2", "hats", null, new DateTime(2024, 3, 1, 10, 10, 0)));
            writer.ApplyInCurrentTransaction(new BehaviourEvent("e3", EventTypes.Search, null, "v1", null, null, null, "red hat", new DateTime(2024, 3, 1, 10, 20, 0)));
            Assert.Equal(2, BehaviourSummaryTables.Counts(store).People);
            transaction.Rollback();
        }

        Assert.Equal(new BehaviourTableCounts(0, 1, 1, 1, 1), BehaviourSummaryTables.Counts(store));
        Assert.Equal(1, BehaviourSummaryTables.ReadSummaries(store).Single().Events);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Apply_WriterPreparedBeforeARebuild_KeepsWorking(string engine)
    {
        using var store = _stores.Open(engine);
        using var writer = new BehaviourSummaryWriter(store);
        writer.Apply(new BehaviourEvent("e1", EventTypes.View, "A", null, null, "p1", "shoes", null, new DateTime(2024, 3, 1, 10, 0, 0)));

        BehaviourSummaryTables.Rebuild(store); // no events: empties the tables
        writer.Apply(new BehaviourEvent("e2", EventTypes.CartAdd, "A", null, null, "p1", "shoes", null, new DateTime(2024, 3, 1, 10, 5, 0)));

        Assert.Equal(new BehaviourTableCounts(0, 1, 1, 0, 1), BehaviourSummaryTables.Counts(store));
        Assert.Equal(1, BehaviourSummaryTables.ReadSummaries(store).Single().AbandonedSessions);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Apply_EventWithoutPersonOrWithUnknownType_ThrowsAndWritesNothing(string engine)
    {
        using var store = _stores.Open(engine);
        using var writer = new BehaviourSummaryWriter(store);

        var noPerson = Assert.Throws<ArgumentException>(() => writer.Apply(new BehaviourEvent("e1", EventTypes.View, null, null, null, null, null, null, new DateTime(2024, 3, 1))));
        var unknown = Assert.Throws<ArgumentException>(() => writer.Apply(new BehaviourEvent("e2", "basket", "A", null, null, null, null, null, new DateTime(2024, 3, 1))));

        Assert.StartsWith("Event e1 has neither a customer id nor a visitor id.", noPerson.Message, StringComparison.Ordinal);
        Assert.StartsWith("Event e2 has the type \"basket\", not one of view, search, wishlist_add, cart_add, cart_remove, purchase.", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(new BehaviourTableCounts(0, 0, 0, 0, 0), BehaviourSummaryTables.Counts(store));
    }

    private static double ApplyAll(ClienteleStore store, IEnumerable<BehaviourEvent> events)
    {
        using var writer = new BehaviourSummaryWriter(store);
        var clock = Stopwatch.StartNew();
        foreach (var e in events)
        {
            writer.Apply(e);
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static void Shuffle(List<BehaviourEvent> events, int seed)
    {
        var random = new Random(seed);
        for (var i = events.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (events[i], events[j]) = (events[j], events[i]);
        }
    }

    private static void AssertSameTables(ClienteleStore bulk, ClienteleStore live, Func<string, bool> people)
    {
        Assert.Equal([.. BehaviourSummaryTables.ReadDays(bulk).Where(r => people(r.Person))], BehaviourSummaryTables.ReadDays(live));
        Assert.Equal([.. BehaviourSummaryTables.ReadCategories(bulk).Where(r => people(r.Person))], BehaviourSummaryTables.ReadCategories(live));
        Assert.Equal([.. BehaviourSummaryTables.ReadSessions(bulk).Where(r => people(r.Person))], BehaviourSummaryTables.ReadSessions(live));
        Assert.Equal([.. BehaviourSummaryTables.ReadSummaries(bulk).Where(r => people(r.Person))], BehaviourSummaryTables.ReadSummaries(live));
    }

    /// <summary>One person's line as the pandas script writes it.</summary>
    private static string Line(BehaviourFeatureSet set, string person) => Format(set.People.Single(p => p.Person == person));

    private static string Text(BehaviourFeatureSet set) => string.Concat(set.People.Select(p => Format(p) + "\n"));

    private static string Digest(BehaviourFeatureSet set) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(set))));

    private static string Format(BehaviourFeatures p) => string.Join(",",
        p.Person, Number(p.Events), Number(p.Sessions), Number(p.Views), Number(p.Searches), Number(p.WishlistAdds), Number(p.CartAdds),
        Number(p.CartRemoves), Number(p.Purchases), Number(p.VisitDays), Number(p.DaysSinceLastVisit), Rate(p.ViewToPurchase), Rate(p.CartAbandonment),
        string.Join("|", new[] { p.TopCategory1, p.TopCategory2, p.TopCategory3 }.OfType<string>()));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Python's repr of a float (the shortest text that reads back as it), without a trailing ".0"; empty for none.</summary>
    private static string Rate(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant() : "";
}
