using Clientele.Data.Store;

namespace Clientele.Features.Behaviour;

/// <summary>One behaviour event as <c>events</c> holds it (docs/events.md): what the summaries are kept from.</summary>
/// <param name="EventType">One of <see cref="Clientele.Data.Ingest.EventTypes.All"/>.</param>
public sealed record BehaviourEvent(
    string EventId, string EventType, string? CustomerId, string? VisitorId, string? SessionId, string? ProductId, string? Category, string? Query, DateTime OccurredAt);

/// <summary>The events of a store read back as <see cref="BehaviourEvent"/> values, in the order they were ingested (file, then line, then id).</summary>
public static class StoredEvents
{
    public static IEnumerable<BehaviourEvent> Read(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT event_id, event_type, customer_id, visitor_id, session_id, product_id, category, query, occurred_at
            FROM events
            ORDER BY file_id, line_number, event_id COLLATE "C"
            """);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new BehaviourEvent(
                reader.GetString(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7),
                reader.GetDateTime(8));
        }
    }

    private static string? Text(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
