namespace Clientele.Cluster.Customers;

/// <summary>
/// The ids of a customer's most recent events the store has answered (accepted, or duplicate of one accepted before),
/// newest last: the grain's persisted state. A client that resends a batch after a timeout or a lost silo resends
/// recent ids, which the grain answers "duplicate" from memory, as the store would, without a round trip. The store's
/// <c>received_events</c> stays the one truth: an id that fell out of the window (or a window written a few seconds
/// behind when its silo died) is still found there.
/// </summary>
[GenerateSerializer]
public sealed class RecentEventIds
{
    /// <summary>How many ids a customer's window keeps: a retried batch's, with room to spare, not a customer's history.</summary>
    public const int Capacity = 128;

    [Id(0)]
    public List<string> Ids { get; set; } = [];

    /// <summary>Whether the window holds <paramref name="eventId"/>.</summary>
    public bool Contains(string eventId) => Ids.Contains(eventId, StringComparer.Ordinal);

    /// <summary>Adds an id the store answered for (once), dropping the oldest beyond <see cref="Capacity"/>.</summary>
    public void Add(string eventId)
    {
        if (Contains(eventId))
        {
            return;
        }
        Ids.Add(eventId);
        if (Ids.Count > Capacity)
        {
            Ids.RemoveRange(0, Ids.Count - Capacity);
        }
    }
}
