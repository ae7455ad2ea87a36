using Clientele.Data.Ingest;

namespace Clientele.Features.Behaviour;

/// <summary>
/// The behaviour summary tables kept in code, one event at a time, with no store: the same definitions as the bulk
/// rebuild and <see cref="BehaviourSummaryWriter"/> (a late event without a session id joins, or bridges, the gap
/// sessions within 30 minutes of it), written in C#; the tests hold its rows to the bulk SQL's.
/// </summary>
public sealed class BehaviourSummaryBuilder
{
    private readonly Dictionary<(string Person, DateOnly Day), BehaviourDay> _days = [];
    private readonly Dictionary<(string Person, string Category), long> _categories = [];
    private readonly Dictionary<string, List<BehaviourSession>> _sessions = new(StringComparer.Ordinal);

    // Every event applied, and each linked visitor's earliest event with both ids: a link that changes re-counts the events.
    private readonly List<BehaviourEvent> _events = [];
    private readonly Dictionary<string, BehaviourEvent> _links = new(StringComparer.Ordinal);

    /// <summary>Events applied.</summary>
    public long Events => _events.Count;

    public void Apply(BehaviourEvent behaviourEvent)
    {
        ArgumentNullException.ThrowIfNull(behaviourEvent);
        if (!EventTypes.All.Contains(behaviourEvent.EventType, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Event {behaviourEvent.EventId} has the type \"{behaviourEvent.EventType}\", not one of {string.Join(", ", EventTypes.All)}.", nameof(behaviourEvent));
        }
        _events.Add(behaviourEvent);
        if (behaviourEvent is { CustomerId: not null, VisitorId: { } visitor }
            && (!_links.TryGetValue(visitor, out var link) || Earlier(behaviourEvent, link)))
        {
            var before = PersonOf(visitor);
            _links[visitor] = behaviourEvent;
            var now = PersonOf(visitor);
            if (before != now)
            {
                // The visitor's anonymous events move to another person: both people are counted anew from their events.
                Forget(before);
                Forget(now);
                foreach (var e in _events.Where(e => Person(e) == before || Person(e) == now))
                {
                    Add(e, Person(e));
                }
                return;
            }
        }
        Add(behaviourEvent, Person(behaviourEvent));
    }

    /// <summary>Whom an event counts for: its customer, else its visitor's linked customer, else its visitor (BehaviourSchema.PeopleSql).</summary>
    private string Person(BehaviourEvent e) => e.CustomerId ?? PersonOf(e.VisitorId ?? throw new ArgumentException($"Event {e.EventId} has neither a customer id nor a visitor id."));

    private string PersonOf(string visitor) => _links.TryGetValue(visitor, out var link) ? link.CustomerId! : visitor;

    private static bool Earlier(BehaviourEvent a, BehaviourEvent b) =>
        a.OccurredAt < b.OccurredAt || (a.OccurredAt == b.OccurredAt && string.CompareOrdinal(a.EventId, b.EventId) < 0);

    private void Forget(string person)
    {
        foreach (var key in _days.Keys.Where(k => k.Person == person).ToList())
        {
            _days.Remove(key);
        }
        foreach (var key in _categories.Keys.Where(k => k.Person == person).ToList())
        {
            _categories.Remove(key);
        }
        _sessions.Remove(person);
    }

    private void Add(BehaviourEvent behaviourEvent, string person)
    {
        var at = behaviourEvent.OccurredAt;
        var type = behaviourEvent.EventType;
        var key = (person, DateOnly.FromDateTime(at));
        var day = new BehaviourDay(person, key.Item2, 1, Count(type, EventTypes.View), Count(type, EventTypes.Search), Count(type, EventTypes.WishlistAdd),
            Count(type, EventTypes.CartAdd), Count(type, EventTypes.CartRemove), Count(type, EventTypes.Purchase), at, at);
        _days[key] = _days.TryGetValue(key, out var before)
            ? before with
            {
                Events = before.Events + 1, Views = before.Views + day.Views, Searches = before.Searches + day.Searches, WishlistAdds = before.WishlistAdds + day.WishlistAdds,
                CartAdds = before.CartAdds + day.CartAdds, CartRemoves = before.CartRemoves + day.CartRemoves, Purchases = before.Purchases + day.Purchases,
                FirstEventAt = at < before.FirstEventAt ? at : before.FirstEventAt, LastEventAt = at > before.LastEventAt ? at : before.LastEventAt,
            }
            : day;
        if (type == EventTypes.View && behaviourEvent.Category is { } category)
        {
            _categories[(person, category)] = _categories.GetValueOrDefault((person, category)) + 1;
        }
        if (!_sessions.TryGetValue(person, out var sessions))
        {
            _sessions[person] = sessions = [];
        }
        var merged = BehaviourSession.Of(behaviourEvent, person);
        var gap = BehaviourSummaryTables.SessionGap;
        for (var i = sessions.Count - 1; i >= 0; i--)
        {
            var s = sessions[i];
            var joins = behaviourEvent.SessionId is { } id
                ? s.SessionId == id
                : s.SessionId is null && s.FirstEventAt <= at + gap && s.LastEventAt >= at - gap;
            if (joins)
            {
                merged = merged.Add(s);
                sessions.RemoveAt(i);
            }
        }
        sessions.Add(merged);
    }

    /// <summary>The day rows, by person (bytes) and day.</summary>
    public IReadOnlyList<BehaviourDay> Days => [.. _days.Values.OrderBy(d => d.Person, StringComparer.Ordinal).ThenBy(d => d.Day)];

    /// <summary>The category rows, by person and category (bytes).</summary>
    public IReadOnlyList<BehaviourCategory> Categories =>
        [.. _categories.Select(c => new BehaviourCategory(c.Key.Person, c.Key.Category, c.Value)).OrderBy(c => c.Person, StringComparer.Ordinal).ThenBy(c => c.Category, StringComparer.Ordinal)];

    /// <summary>The session rows, by person, first event and session id (none first), as <see cref="BehaviourSummaryTables.ReadSessions"/> orders them.</summary>
    public IReadOnlyList<BehaviourSession> Sessions =>
        [.. _sessions.Values.SelectMany(s => s).OrderBy(s => s.Person, StringComparer.Ordinal).ThenBy(s => s.FirstEventAt).ThenBy(s => s.SessionId, StringComparer.Ordinal)];

    /// <summary>The summary rows, by person: the statement of the bulk rebuild, in C#.</summary>
    public IReadOnlyList<BehaviourSummary> Summaries
    {
        get
        {
            var sessions = _sessions.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
            return [.. _days.Values.GroupBy(d => d.Person).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var mine = sessions.GetValueOrDefault(g.Key) ?? [];
                return new BehaviourSummary(
                    g.Key, g.Min(d => d.FirstEventAt), g.Max(d => d.LastEventAt), g.Sum(d => d.Events), g.Sum(d => d.Views), g.Sum(d => d.Searches),
                    g.Sum(d => d.WishlistAdds), g.Sum(d => d.CartAdds), g.Sum(d => d.CartRemoves), g.Sum(d => d.Purchases), g.Count(), g.Max(d => d.Day),
                    mine.Count, mine.Count(s => s.CartAdds > 0), mine.Count(s => s.CartAdds > 0 && s.Purchases == 0));
            })];
        }
    }

    private static long Count(string type, string counted) => type == counted ? 1L : 0L;
}
