using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Behaviour;
using Clientele.Tests;

namespace Clientele.Features.Tests.Behaviour;

/// <summary>
/// Anonymous visitors linked to customers by an event carrying both ids (docs/events.md): their events count for the
/// customer in the sessions view, the summaries (bulk, and one event at a time in any order), the features at an
/// as-of (only links known before it), the funnel and the event feedback; on DuckDB and PostgreSQL. Expected numbers
/// are counted by hand from the eight events below.
/// </summary>
public sealed class VisitorLinkTests : IDisposable
{
    // v1 browses anonymously on 1 March, logs in as A (buying p2) on 2 March, browses again anonymously at noon, and on
    // 3 March is seen with B too: its first link (A, e3) holds, so e1, e2 and e4 count for A; e5 counts for B, whose id
    // it carries. v2 is never linked. A's own cart add e7 opens the story.
    private const string Events = """
        event_id,customer_id,visitor_id,event_type,category,product_id,timestamp
        e1,,v1,view,shoes,p1,2024-03-01T10:00:00Z
        e2,,v1,view,hats,p2,2024-03-01T10:10:00Z
        e3,A,v1,purchase,,p2,2024-03-02T10:20:00Z
        e4,,v1,view,hats,p3,2024-03-02T12:00:00Z
        e5,B,v1,view,,p1,2024-03-03T13:00:00Z
        e6,,v2,view,shoes,p1,2024-03-01T10:00:00Z
        e7,A,,cart_add,,p1,2024-03-01T09:00:00Z
        e8,,v1,view,,p4,2024-03-01T10:25:00Z
        """;

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    private ClienteleStore Ingested(string engine, string name = "store")
    {
        var store = _stores.Open(engine, name);
        new EventIngestor(store).Ingest(_stores.Folder.Write($"{name}.csv", Events), new EventIngestOptions { RejectsPath = _stores.RejectsPath() });
        return store;
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Rebuild_VisitorLinkedByALaterLogin_CountsItsAnonymousEventsForTheCustomer(string engine)
    {
        using var store = Ingested(engine);
        BehaviourSummaryTables.Rebuild(store);

        // A: e7 09:00 alone (70 min before e1); e1 e2 e8 (10:00–10:25); e3 on 2 March 10:20; e4 at 12:00: 4 sessions, 6
        // events, 4 views (e1 e2 e4 e8), 1 cart add in a session without a purchase (abandoned), 1 purchase.
        Assert.Equal(
            [
                new BehaviourSummary("A", new DateTime(2024, 3, 1, 9, 0, 0), new DateTime(2024, 3, 2, 12, 0, 0), 6, 4, 0, 0, 1, 0, 1, 2, new DateOnly(2024, 3, 2), 4, 1, 1),
                new BehaviourSummary("B", new DateTime(2024, 3, 3, 13, 0, 0), new DateTime(2024, 3, 3, 13, 0, 0), 1, 1, 0, 0, 0, 0, 0, 1, new DateOnly(2024, 3, 3), 1, 0, 0),
                new BehaviourSummary("v2", new DateTime(2024, 3, 1, 10, 0, 0), new DateTime(2024, 3, 1, 10, 0, 0), 1, 1, 0, 0, 0, 0, 0, 1, new DateOnly(2024, 3, 1), 1, 0, 0),
            ],
            BehaviourSummaryTables.ReadSummaries(store));
        Assert.Equal([new BehaviourCategory("A", "hats", 2), new BehaviourCategory("A", "shoes", 1), new BehaviourCategory("v2", "shoes", 1)], BehaviourSummaryTables.ReadCategories(store));

        // The sessions view agrees: the same people and sessions.
        using var command = store.Command("SELECT person, count(DISTINCT session), count(*) FROM event_sessions GROUP BY person ORDER BY person COLLATE \"C\"");
        using var reader = command.ExecuteReader();
        var sessions = new List<(string, long, long)>();
        while (reader.Read())
        {
            sessions.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        Assert.Equal([("A", 4L, 6L), ("B", 1L, 1L), ("v2", 1L, 1L)], sessions);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Features_AsOfBeforeTheLogin_KeepTheVisitorApart(string engine)
    {
        using var store = Ingested(engine);

        // Before 2 March the login (e3) had not happened: v1's three views are its own, A has only its cart add.
        var before = BehaviourInputs.Features(store, new DateOnly(2024, 3, 2)).People;
        Assert.Equal(["A", "v1", "v2"], before.Select(p => p.Person));
        Assert.Equal((1L, 0L, 1L), (before[0].Events, before[0].Views, before[0].CartAdds));
        Assert.Equal((3L, 3L, 1L), (before[1].Events, before[1].Views, before[1].Sessions));

        var after = BehaviourInputs.Features(store, new DateOnly(2024, 3, 4)).People;
        Assert.Equal(["A", "B", "v2"], after.Select(p => p.Person));
        Assert.Equal((6L, 4L, 4L), (after[0].Events, after[0].Views, after[0].Sessions));
        Assert.Equal(0.25, after[0].ViewToPurchase);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void FunnelAndFeedback_LinkedVisitor_CountAsTheCustomer(string engine)
    {
        using var store = Ingested(engine);

        // Visitors A (with v1), B and v2; all three viewed; A carted and bought. Unlinked, v1 would be a fourth visitor.
        Assert.Equal(new FunnelRow(null, null, 3, 3, 1, 1), Assert.Single(FunnelQuery.Compute(store)));

        // Feedback: A's views as v1 count for A; v2's do not (no customer). Purchases are events (no order lines).
        Assert.Equal(
            [
                new EventInteraction("A", "p1", new DateOnly(2024, 3, 1), 1, 1, 0, 0),
                new EventInteraction("A", "p2", new DateOnly(2024, 3, 1), 1, 0, 0, 0),
                new EventInteraction("A", "p2", new DateOnly(2024, 3, 2), 0, 0, 0, 1),
                new EventInteraction("A", "p3", new DateOnly(2024, 3, 2), 1, 0, 0, 0),
                new EventInteraction("A", "p4", new DateOnly(2024, 3, 1), 1, 0, 0, 0),
                new EventInteraction("B", "p1", new DateOnly(2024, 3, 3), 1, 0, 0, 0),
            ],
            EventInteractionQuery.Compute(store));
        // As of 2 March v1 was not linked yet: only A's own cart add.
        Assert.Equal([new EventInteraction("A", "p1", new DateOnly(2024, 3, 1), 0, 1, 0, 0)], EventInteractionQuery.Compute(store, new DateOnly(2024, 3, 2)));
    }

    /// <summary>
    /// Every arrival order that matters (the file's; reversed; the login last; B's later link before A's earlier one, which
    /// moves v1's events from B to A) through the writer, each event recorded first, and through the in-code builder,
    /// gives the bulk tables.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Apply_LinksArrivingInAnyOrder_EqualTheBulkTables(string engine)
    {
        using var bulk = Ingested(engine, "bulk");
        BehaviourSummaryTables.Rebuild(bulk);
        var events = StoredEvents.Read(bulk).ToList();
        var byId = events.ToDictionary(e => e.EventId);
        string[][] orders =
        [
            [.. events.Select(e => e.EventId)],
            [.. events.Select(e => e.EventId).Reverse()],
            ["e1", "e2", "e4", "e5", "e6", "e7", "e8", "e3"],
            ["e5", "e1", "e4", "e3", "e2", "e8", "e7", "e6"],
        ];
        for (var i = 0; i < orders.Length; i++)
        {
            using var live = _stores.Open(engine, $"live{i}");
            using (var writer = new BehaviourSummaryWriter(live))
            {
                var line = 0;
                foreach (var id in orders[i])
                {
                    using var transaction = live.BeginTransaction();
                    Record(live, byId[id], ++line);
                    writer.ApplyInCurrentTransaction(byId[id]);
                    transaction.Commit();
                }
            }
            Assert.Equal(BehaviourSummaryTables.ReadDays(bulk), BehaviourSummaryTables.ReadDays(live));
            Assert.Equal(BehaviourSummaryTables.ReadCategories(bulk), BehaviourSummaryTables.ReadCategories(live));
            Assert.Equal(BehaviourSummaryTables.ReadSessions(bulk), BehaviourSummaryTables.ReadSessions(live));
            Assert.Equal(BehaviourSummaryTables.ReadSummaries(bulk), BehaviourSummaryTables.ReadSummaries(live));

            var builder = new BehaviourSummaryBuilder();
            foreach (var id in orders[i])
            {
                builder.Apply(byId[id]);
            }
            Assert.Equal(BehaviourSummaryTables.ReadSessions(bulk), builder.Sessions);
            Assert.Equal(BehaviourSummaryTables.ReadSummaries(bulk), builder.Summaries);
            Assert.Equal(BehaviourSummaryTables.ReadCategories(bulk), builder.Categories);
        }
    }

    /// <summary>Records one event in <c>events</c> as the live path does before applying it (file 0: no source file).</summary>
    private static void Record(ClienteleStore store, BehaviourEvent e, int line) => store.Execute(
        """
        INSERT INTO events (file_id, line_number, event_id, event_type, customer_id, visitor_id, session_id, product_id, category, query, occurred_at, properties)
        VALUES (0, $line, $id, $type, $customer, $visitor, $session, $product, $category, $query, $at, NULL)
        """,
        ("line", (long)line), ("id", e.EventId), ("type", e.EventType), ("customer", e.CustomerId), ("visitor", e.VisitorId), ("session", e.SessionId),
        ("product", e.ProductId), ("category", e.Category), ("query", e.Query), ("at", e.OccurredAt));
}
