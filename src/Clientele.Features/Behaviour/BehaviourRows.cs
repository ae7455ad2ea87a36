namespace Clientele.Features.Behaviour;

/// <summary>A person's events of one calendar day (UTC), one row of <c>behaviour_days</c>.</summary>
public sealed record BehaviourDay(
    string Person, DateOnly Day, long Events, long Views, long Searches, long WishlistAdds, long CartAdds, long CartRemoves, long Purchases,
    DateTime FirstEventAt, DateTime LastEventAt);

/// <summary>A person's views of products of one category, one row of <c>behaviour_categories</c>.</summary>
public sealed record BehaviourCategory(string Person, string Category, long Views);

/// <summary>
/// One session of a person, one row of <c>behaviour_sessions</c>: the session the events gave (<paramref name="SessionId"/>),
/// or, when they gave none (<paramref name="SessionId"/> null), a run of the person's events without one in which no two
/// consecutive events are more than 30 minutes apart.
/// </summary>
public sealed record BehaviourSession(
    string Person, string? SessionId, DateTime FirstEventAt, DateTime LastEventAt, long Events, long Views, long CartAdds, long Purchases)
{
    /// <summary>The session of one event alone, counted for <paramref name="person"/>.</summary>
    public static BehaviourSession Of(BehaviourEvent behaviourEvent, string person)
    {
        ArgumentNullException.ThrowIfNull(behaviourEvent);
        var type = behaviourEvent.EventType;
        return new BehaviourSession(
            person, behaviourEvent.SessionId, behaviourEvent.OccurredAt, behaviourEvent.OccurredAt, 1,
            type == Data.Ingest.EventTypes.View ? 1 : 0, type == Data.Ingest.EventTypes.CartAdd ? 1 : 0, type == Data.Ingest.EventTypes.Purchase ? 1 : 0);
    }

    /// <summary>This session and <paramref name="other"/> (of the same person) as one: counts add, the first and last events are the earlier and later.</summary>
    public BehaviourSession Add(BehaviourSession other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            FirstEventAt = other.FirstEventAt < FirstEventAt ? other.FirstEventAt : FirstEventAt,
            LastEventAt = other.LastEventAt > LastEventAt ? other.LastEventAt : LastEventAt,
            Events = Events + other.Events,
            Views = Views + other.Views,
            CartAdds = CartAdds + other.CartAdds,
            Purchases = Purchases + other.Purchases,
        };
    }
}

/// <summary>One person's behaviour, one row of <c>behaviour_summaries</c>, remade from the person's day and session rows.</summary>
/// <param name="CartSessions">Sessions with at least one cart add.</param>
/// <param name="AbandonedSessions">Sessions with a cart add and no purchase.</param>
public sealed record BehaviourSummary(
    string Person, DateTime FirstEventAt, DateTime LastEventAt, long Events, long Views, long Searches, long WishlistAdds, long CartAdds, long CartRemoves,
    long Purchases, long VisitDays, DateOnly LastVisitDay, long Sessions, long CartSessions, long AbandonedSessions);

/// <summary>What a rebuild of the behaviour summary tables wrote.</summary>
/// <param name="Events">Events read (and accounted for: the summaries' and the sessions' events each add up to it).</param>
public sealed record BehaviourTableCounts(long Events, long People, long Days, long Categories, long Sessions);
