using System.Data.Common;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using static Clientele.Features.SummaryStatements;

namespace Clientele.Features.Behaviour;

/// <summary>
/// Keeps the store's behaviour summary tables one event at a time, each in its own transaction: what the live service
/// does per event. The event is recorded in <c>events</c> first (the caller's part, in the same transaction). The
/// event's person's day row and (for a view with a category) category row add it; its session row takes it in; then the
/// person's <c>behaviour_summaries</c> row is remade from their day and session rows with the bulk rebuild's own
/// statement restricted to the person.
/// <para>
/// An anonymous event counts for the customer its visitor is linked to (<see cref="BehaviourSchema.PeopleSql"/>). An
/// event that carries both ids and changes that link (the visitor's first, or an earlier one arriving late) moves the
/// visitor's anonymous events to another person: the rows of both people are then made anew from their events with the
/// bulk statements, as the rebuild would.
/// </para>
/// <para>
/// Sessions do not depend on the order events arrive in. A given session id is one row per person and id. An event
/// without one joins every gap session of its person that it comes within 30 minutes of (an event from 30 minutes
/// before its first to 30 minutes after its last): none, and it starts a session; one, and it extends it; two, and it
/// bridges the pause between them, and they become one. This is the bulk rule (a new session after a pause of more than
/// 30 minutes) over the person's events in time order, whatever order they came in.
/// </para>
/// </summary>
public sealed class BehaviourSummaryWriter : IDisposable
{
    private const string ApplyDaySql = $"""
        INSERT INTO behaviour_days ({BehaviourSummaryTables.DayColumns})
        VALUES ($person, CAST(CAST($at AS TIMESTAMP) AS DATE), 1, $views, $searches, $wishlist_adds, $cart_adds, $cart_removes, $purchases, $at, $at)
        ON CONFLICT (person, day) DO UPDATE SET
            events = behaviour_days.events + 1,
            views = behaviour_days.views + EXCLUDED.views,
            searches = behaviour_days.searches + EXCLUDED.searches,
            wishlist_adds = behaviour_days.wishlist_adds + EXCLUDED.wishlist_adds,
            cart_adds = behaviour_days.cart_adds + EXCLUDED.cart_adds,
            cart_removes = behaviour_days.cart_removes + EXCLUDED.cart_removes,
            purchases = behaviour_days.purchases + EXCLUDED.purchases,
            first_event_at = least(behaviour_days.first_event_at, EXCLUDED.first_event_at),
            last_event_at = greatest(behaviour_days.last_event_at, EXCLUDED.last_event_at)
        """;

    private const string ApplyCategorySql = """
        INSERT INTO behaviour_categories (person, category, views) VALUES ($person, $category, 1)
        ON CONFLICT (person, category) DO UPDATE SET views = behaviour_categories.views + 1
        """;

    private const string GivenSessionSql = """
        SELECT first_event_at, last_event_at, events, views, cart_adds, purchases
        FROM behaviour_sessions WHERE person = $person AND session_id = $session
        """;

    private const string DeleteGivenSessionSql = "DELETE FROM behaviour_sessions WHERE person = $person AND session_id = $session";

    private const string GapSessionsSql = """
        SELECT first_event_at, last_event_at, events, views, cart_adds, purchases
        FROM behaviour_sessions WHERE person = $person AND session_id IS NULL AND first_event_at <= $to AND last_event_at >= $from
        """;

    private const string DeleteGapSessionsSql =
        "DELETE FROM behaviour_sessions WHERE person = $person AND session_id IS NULL AND first_event_at <= $to AND last_event_at >= $from";

    private const string InsertSessionSql = $"""
        INSERT INTO behaviour_sessions ({BehaviourSummaryTables.SessionColumns})
        VALUES ($person, $session, $first, $last, $events, $views, $cart_adds, $purchases)
        """;

    private readonly ClienteleStore _store;
    private readonly DbCommand _day;
    private readonly DbCommand _category;
    private readonly DbCommand _givenSession;
    private readonly DbCommand _deleteGivenSession;
    private readonly DbCommand _gapSessions;
    private readonly DbCommand _deleteGapSessions;
    private readonly DbCommand _insertSession;
    private readonly DbCommand _summary;
    private readonly DbCommand _link;
    private readonly DbCommand _linkBefore;

    public BehaviourSummaryWriter(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _day = Prepare(_store, ApplyDaySql, "person", "at", "views", "searches", "wishlist_adds", "cart_adds", "cart_removes", "purchases");
        _category = Prepare(_store, ApplyCategorySql, "person", "category");
        _givenSession = Prepare(_store, GivenSessionSql, "person", "session");
        _deleteGivenSession = Prepare(_store, DeleteGivenSessionSql, "person", "session");
        _gapSessions = Prepare(_store, GapSessionsSql, "person", "from", "to");
        _deleteGapSessions = Prepare(_store, DeleteGapSessionsSql, "person", "from", "to");
        _insertSession = Prepare(_store, InsertSessionSql, "person", "session", "first", "last", "events", "views", "cart_adds", "purchases");
        _summary = Prepare(_store, BehaviourSummaryTables.OneSummarySql, "person");
        _link = Prepare(_store, LinkSql(""), "visitor");
        _linkBefore = Prepare(_store, LinkSql("AND event_id <> $event"), "visitor", "event");
    }

    // The customer a visitor is linked to: that of its earliest event with both ids (PeopleSql's order), or of its
    // earliest other than the event being applied (whom its anonymous events counted for before it).
    private static string LinkSql(string other) => $"""
        SELECT customer_id FROM events
        WHERE visitor_id = $visitor AND customer_id IS NOT NULL {other}
        ORDER BY occurred_at, event_id COLLATE "C"
        LIMIT 1
        """;

    /// <summary>Events applied by this writer.</summary>
    public long Events { get; private set; }

    /// <summary>
    /// Applies one event, already recorded in <c>events</c> by the caller, to the behaviour summary tables in its own
    /// transaction (see <see cref="ApplyInCurrentTransaction"/>).
    /// </summary>
    public void Apply(BehaviourEvent behaviourEvent)
    {
        using var transaction = _store.BeginTransaction();
        ApplyInCurrentTransaction(behaviourEvent);
        transaction.Commit();
    }

    /// <summary>
    /// Applies one event inside the transaction the caller has open on the store's connection, in which it has recorded
    /// the event in <c>events</c>, so the event and the summaries it changes commit or roll back together.
    /// </summary>
    public void ApplyInCurrentTransaction(BehaviourEvent behaviourEvent)
    {
        ArgumentNullException.ThrowIfNull(behaviourEvent);
        if (behaviourEvent.CustomerId is null && behaviourEvent.VisitorId is null)
        {
            throw new ArgumentException($"Event {behaviourEvent.EventId} has neither a customer id nor a visitor id.", nameof(behaviourEvent));
        }
        if (!EventTypes.All.Contains(behaviourEvent.EventType, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Event {behaviourEvent.EventId} has the type \"{behaviourEvent.EventType}\", not one of {string.Join(", ", EventTypes.All)}.", nameof(behaviourEvent));
        }
        // Every time, not once: a rebuild since the writer was made leaves a DuckDB store's tables without their keys.
        SummaryStatements.EnsureKeysForWriter(_store, BehaviourSchema.CreateKeys);
        if (behaviourEvent is { CustomerId: { } customer, VisitorId: { } visitor })
        {
            var before = Link(_linkBefore, visitor, behaviourEvent.EventId) ?? visitor;
            var now = Link(_link, visitor, null) ?? visitor;
            if (before != now)
            {
                // The visitor's anonymous events move from one person to another: both are made anew from their events.
                RemakePeople(before, now);
                Events++;
                return;
            }
            Apply(behaviourEvent, customer);
        }
        else
        {
            Apply(behaviourEvent, behaviourEvent.CustomerId ?? Link(_link, behaviourEvent.VisitorId!, null) ?? behaviourEvent.VisitorId!);
        }
        Events++;
    }

    private void Apply(BehaviourEvent behaviourEvent, string person)
    {
        var at = behaviourEvent.OccurredAt;
        var type = behaviourEvent.EventType;
        Set(_day, "person", person);
        Set(_day, "at", at);
        Set(_day, "views", Count(type, EventTypes.View));
        Set(_day, "searches", Count(type, EventTypes.Search));
        Set(_day, "wishlist_adds", Count(type, EventTypes.WishlistAdd));
        Set(_day, "cart_adds", Count(type, EventTypes.CartAdd));
        Set(_day, "cart_removes", Count(type, EventTypes.CartRemove));
        Set(_day, "purchases", Count(type, EventTypes.Purchase));
        _day.ExecuteNonQuery();
        if (type == EventTypes.View && behaviourEvent.Category is { } category)
        {
            Set(_category, "person", person);
            Set(_category, "category", category);
            _category.ExecuteNonQuery();
        }
        ApplySession(behaviourEvent, person);
        Set(_summary, "person", person);
        _summary.ExecuteNonQuery();
    }

    private static string? Link(DbCommand command, string visitor, string? eventId)
    {
        Set(command, "visitor", visitor);
        if (eventId is not null)
        {
            Set(command, "event", eventId);
        }
        return command.ExecuteScalar() as string;
    }

    // Every event that can count for either of two people: theirs by customer or visitor id, and all events of the
    // visitors ever seen with either, so that those visitors' links are decided on all their events, as PeopleSql decides them.
    private static readonly string RemakeRowsSql = BehaviourSummaryTables.InsertRowsSql(
        "(SELECT * FROM " + BehaviourSummaryTables.People("""
            (SELECT * FROM events
             WHERE customer_id IN ($first, $second) OR visitor_id IN ($first, $second)
                OR visitor_id IN (SELECT visitor_id FROM events WHERE customer_id IN ($first, $second) AND visitor_id IS NOT NULL))
            """) + " WHERE person IN ($first, $second)) AS theirs");

    /// <summary>Deletes two people's rows and makes them anew from the events that count for them.</summary>
    private void RemakePeople(string first, string second)
    {
        var people = ("first", (object?)first);
        var other = ("second", (object?)second);
        foreach (var table in BehaviourSchema.Tables)
        {
            _store.Execute($"DELETE FROM {table} WHERE person IN ($first, $second)", people, other);
        }
        _store.Execute(RemakeRowsSql, people, other);
        foreach (var person in new[] { first, second })
        {
            Set(_summary, "person", person);
            _summary.ExecuteNonQuery();
        }
    }

    /// <summary>Replaces the sessions the event belongs to (its given one, or the gap sessions within reach) by one that holds it too.</summary>
    private void ApplySession(BehaviourEvent behaviourEvent, string person)
    {
        var sessionId = behaviourEvent.SessionId;
        var at = behaviourEvent.OccurredAt;
        var merged = BehaviourSession.Of(behaviourEvent, person);
        var (find, delete) = sessionId is null ? (_gapSessions, _deleteGapSessions) : (_givenSession, _deleteGivenSession);
        foreach (var command in new[] { find, delete })
        {
            Set(command, "person", person);
            if (sessionId is null)
            {
                Set(command, "from", at - BehaviourSummaryTables.SessionGap);
                Set(command, "to", at + BehaviourSummaryTables.SessionGap);
            }
            else
            {
                Set(command, "session", sessionId);
            }
        }
        var found = 0;
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                found++;
                merged = merged.Add(new BehaviourSession(
                    person, sessionId, reader.GetDateTime(0), reader.GetDateTime(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }
        if (found > 0)
        {
            delete.ExecuteNonQuery();
        }
        Set(_insertSession, "person", person);
        Set(_insertSession, "session", sessionId);
        Set(_insertSession, "first", merged.FirstEventAt);
        Set(_insertSession, "last", merged.LastEventAt);
        Set(_insertSession, "events", merged.Events);
        Set(_insertSession, "views", merged.Views);
        Set(_insertSession, "cart_adds", merged.CartAdds);
        Set(_insertSession, "purchases", merged.Purchases);
        _insertSession.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in new[] { _day, _category, _givenSession, _deleteGivenSession, _gapSessions, _deleteGapSessions, _insertSession, _summary, _link, _linkBefore })
        {
            command.Dispose();
        }
    }

    private static long Count(string type, string counted) => type == counted ? 1L : 0L;

}
