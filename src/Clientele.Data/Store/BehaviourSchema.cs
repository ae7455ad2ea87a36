namespace Clientele.Data.Store;

/// <summary>
/// The behaviour summary tables' schema (added by migration 8): one row per person and day, per person and category
/// viewed, per session, and one summary row per person, all from <c>events</c> (docs/behaviour.md). A person is the
/// event's customer id, else the customer its visitor is linked to, else its visitor id (<see cref="PeopleSql"/>). Like <see cref="SummarySchema"/>, the
/// tables hold nothing that <c>events</c> does not, so the bulk rebuild drops and re-creates them with this text.
/// </summary>
public static class BehaviourSchema
{
    /// <summary>
    /// The events of <paramref name="source"/> (a table or a parenthesised query, without an alias), each with whom it
    /// counts for: <c>linked_customer_id</c>, the event's customer id, else the customer its visitor id is linked to;
    /// and <c>person</c>, that customer, else the visitor id. A visitor is linked to a customer by an event that carries
    /// both ids (a login, a purchase); a visitor seen with several customers is linked to the one of its earliest such
    /// event (by time, then event id), and its anonymous events, before and after, count for that customer. The links
    /// come from the same source, so the events before an as-of are linked only by what was known before it.
    /// </summary>
    public static string PeopleSql(string source) => $"""
        SELECT e.*, coalesce(e.customer_id, l.customer_id) AS linked_customer_id, coalesce(e.customer_id, l.customer_id, e.visitor_id) AS person
        FROM {source} AS e
        LEFT JOIN (SELECT DISTINCT ON (visitor_id) visitor_id, customer_id
                   FROM {source} AS linking
                   WHERE visitor_id IS NOT NULL AND customer_id IS NOT NULL
                   ORDER BY visitor_id, occurred_at, event_id COLLATE "C") AS l
            ON e.customer_id IS NULL AND l.visitor_id = e.visitor_id
        """;

    /// <summary>The tables, in the order they are dropped.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["behaviour_summaries", "behaviour_sessions", "behaviour_categories", "behaviour_days"];

    /// <summary>Creates the tables (DuckDB and PostgreSQL alike), without their keys (<see cref="CreateKeys"/>).</summary>
    public const string CreateTables = """
        CREATE TABLE behaviour_days (
            person          VARCHAR NOT NULL,
            day             DATE NOT NULL,
            events          BIGINT NOT NULL,
            views           BIGINT NOT NULL,
            searches        BIGINT NOT NULL,
            wishlist_adds   BIGINT NOT NULL,
            cart_adds       BIGINT NOT NULL,
            cart_removes    BIGINT NOT NULL,
            purchases       BIGINT NOT NULL,
            first_event_at  TIMESTAMP NOT NULL,
            last_event_at   TIMESTAMP NOT NULL
        );
        CREATE TABLE behaviour_categories (
            person    VARCHAR NOT NULL,
            category  VARCHAR NOT NULL,
            views     BIGINT NOT NULL
        );
        CREATE TABLE behaviour_sessions (
            person          VARCHAR NOT NULL,
            session_id      VARCHAR,
            first_event_at  TIMESTAMP NOT NULL,
            last_event_at   TIMESTAMP NOT NULL,
            events          BIGINT NOT NULL,
            views           BIGINT NOT NULL,
            cart_adds       BIGINT NOT NULL,
            purchases       BIGINT NOT NULL
        );
        CREATE TABLE behaviour_summaries (
            person              VARCHAR NOT NULL,
            first_event_at      TIMESTAMP NOT NULL,
            last_event_at       TIMESTAMP NOT NULL,
            events              BIGINT NOT NULL,
            views               BIGINT NOT NULL,
            searches            BIGINT NOT NULL,
            wishlist_adds       BIGINT NOT NULL,
            cart_adds           BIGINT NOT NULL,
            cart_removes        BIGINT NOT NULL,
            purchases           BIGINT NOT NULL,
            visit_days          BIGINT NOT NULL,
            last_visit_day      DATE NOT NULL,
            sessions            BIGINT NOT NULL,
            cart_sessions       BIGINT NOT NULL,
            abandoned_sessions  BIGINT NOT NULL
        );
        """;

    /// <summary>
    /// The tables' keys, which the one-event-at-a-time path relies on: created after a bulk fill (on DuckDB
    /// only when a one-event writer is made, as for the order-line summaries; each <c>IF NOT EXISTS</c>). Sessions have no
    /// unique key (a given session is unique by person and session id, a gap session by person and first event; an
    /// event that joins or bridges gap sessions replaces their rows), only an index by person.
    /// </summary>
    public const string CreateKeys = """
        CREATE UNIQUE INDEX IF NOT EXISTS behaviour_days_key ON behaviour_days (person, day);
        CREATE UNIQUE INDEX IF NOT EXISTS behaviour_categories_key ON behaviour_categories (person, category);
        CREATE INDEX IF NOT EXISTS behaviour_sessions_person ON behaviour_sessions (person);
        CREATE UNIQUE INDEX IF NOT EXISTS behaviour_summaries_key ON behaviour_summaries (person);
        """;
}
