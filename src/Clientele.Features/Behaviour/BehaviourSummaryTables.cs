using System.Data.Common;
using Clientele.Data.Store;

namespace Clientele.Features.Behaviour;

/// <summary>
/// The behaviour summary tables of the store (<c>behaviour_days</c>, <c>behaviour_categories</c>, <c>behaviour_sessions</c>,
/// <c>behaviour_summaries</c>; migration 8): rebuilt in bulk from <c>events</c> here, or kept one event at a time by
/// <see cref="BehaviourSummaryWriter"/>. The statements that make rows from events are written once, over a source of
/// events: <c>events</c> for the rebuild, the events before an as-of for <see cref="BehaviourFeatureQuery"/>; both
/// paths make <c>behaviour_summaries</c> with the same statement (<see cref="SummarySql"/>). Definitions: docs/behaviour.md.
/// </summary>
public static class BehaviourSummaryTables
{
    internal const string SummaryColumns =
        "person, first_event_at, last_event_at, events, views, searches, wishlist_adds, cart_adds, cart_removes, purchases, " +
        "visit_days, last_visit_day, sessions, cart_sessions, abandoned_sessions";

    internal const string DayColumns = "person, day, events, views, searches, wishlist_adds, cart_adds, cart_removes, purchases, first_event_at, last_event_at";

    internal const string SessionColumns = "person, session_id, first_event_at, last_event_at, events, views, cart_adds, purchases";

    /// <summary>The longest pause between two events of one session; a longer one starts a new session (docs/events.md).</summary>
    public static readonly TimeSpan SessionGap = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Events with their person, for the statements below: <c>event_people</c> (every event; migration 9), or the events
    /// of a parenthesised query linked among themselves (<see cref="BehaviourSchema.PeopleSql"/>).
    /// </summary>
    internal static string People(string? events = null) => events is null ? "event_people" : $"({BehaviourSchema.PeopleSql(events)}) AS people";

    /// <summary>Per person and day: the counts by type and the first and last event, from events with their person (<see cref="People"/>).</summary>
    internal static string DaysSql(string source) => $"""
        SELECT person, CAST(occurred_at AS DATE) AS day, count(*) AS events,
               count(*) FILTER (WHERE event_type = 'view') AS views,
               count(*) FILTER (WHERE event_type = 'search') AS searches,
               count(*) FILTER (WHERE event_type = 'wishlist_add') AS wishlist_adds,
               count(*) FILTER (WHERE event_type = 'cart_add') AS cart_adds,
               count(*) FILTER (WHERE event_type = 'cart_remove') AS cart_removes,
               count(*) FILTER (WHERE event_type = 'purchase') AS purchases,
               min(occurred_at) AS first_event_at, max(occurred_at) AS last_event_at
        FROM {source}
        GROUP BY 1, 2
        """;

    /// <summary>Per person and category: the views of products of that category (views without a category count in no row).</summary>
    internal static string CategoriesSql(string source) => $"""
        SELECT person, category, count(*) AS views
        FROM {source}
        WHERE event_type = 'view' AND category IS NOT NULL
        GROUP BY 1, 2
        """;

    /// <summary>
    /// Per session: a given session id is one session of its person; a person's events without one are cut into
    /// sessions where an event comes more than 30 minutes after the previous one (exactly 30 minutes is the same session).
    /// </summary>
    internal static string SessionsSql(string source) => $"""
        SELECT person, session_id, min(occurred_at) AS first_event_at, max(occurred_at) AS last_event_at, count(*) AS events,
               count(*) FILTER (WHERE event_type = 'view') AS views,
               count(*) FILTER (WHERE event_type = 'cart_add') AS cart_adds,
               count(*) FILTER (WHERE event_type = 'purchase') AS purchases
        FROM (
            SELECT person, session_id, occurred_at, event_type,
                   sum(CASE WHEN session_id IS NULL AND (previous IS NULL OR occurred_at - previous > INTERVAL '30 minutes') THEN 1 ELSE 0 END)
                       OVER (PARTITION BY person, session_id ORDER BY occurred_at, event_id ROWS UNBOUNDED PRECEDING) AS gap_session
            FROM (
                SELECT person, session_id, occurred_at, event_type, event_id,
                       lag(occurred_at) OVER (PARTITION BY person, session_id ORDER BY occurred_at, event_id) AS previous
                FROM {source}) AS ordered) AS numbered
        GROUP BY person, session_id, gap_session
        """;

    /// <summary>
    /// The statement that makes <c>behaviour_summaries</c> rows from day and session rows (tables, or subqueries with an
    /// alias): every person, or the one bound to <c>$person</c>.
    /// </summary>
    internal static string SummarySql(string days, string sessions, bool onePerson)
    {
        var only = onePerson ? "AND person = $person" : "";
        return $"""
            SELECT d.person, d.first_event_at, d.last_event_at, d.events, d.views, d.searches, d.wishlist_adds, d.cart_adds, d.cart_removes, d.purchases,
                   d.visit_days, d.last_visit_day,
                   coalesce(s.sessions, 0), coalesce(s.cart_sessions, 0), coalesce(s.abandoned_sessions, 0)
            FROM (
                SELECT person, min(first_event_at) AS first_event_at, max(last_event_at) AS last_event_at,
                       CAST(sum(events) AS BIGINT) AS events, CAST(sum(views) AS BIGINT) AS views, CAST(sum(searches) AS BIGINT) AS searches,
                       CAST(sum(wishlist_adds) AS BIGINT) AS wishlist_adds, CAST(sum(cart_adds) AS BIGINT) AS cart_adds,
                       CAST(sum(cart_removes) AS BIGINT) AS cart_removes, CAST(sum(purchases) AS BIGINT) AS purchases,
                       count(*) AS visit_days, max(day) AS last_visit_day
                FROM {days}
                WHERE TRUE {only}
                GROUP BY person) AS d
            LEFT JOIN (
                SELECT person, count(*) AS sessions,
                       count(*) FILTER (WHERE cart_adds > 0) AS cart_sessions,
                       count(*) FILTER (WHERE cart_adds > 0 AND purchases = 0) AS abandoned_sessions
                FROM {sessions}
                WHERE TRUE {only}
                GROUP BY person) AS s ON s.person = d.person
            """;
    }

    /// <summary>A person's three most viewed categories (most views first; a tie by the category's bytes), from category rows.</summary>
    internal static string TopCategoriesSql(string categories) => $"""
        SELECT person, category
        FROM (SELECT person, category, row_number() OVER (PARTITION BY person ORDER BY views DESC, category COLLATE "C") AS place
              FROM {categories}) AS ranked
        WHERE place <= 3
        ORDER BY person COLLATE "C", place
        """;

    /// <summary>Inserts the day, category and session rows of the events of a source with their person (<see cref="People"/>).</summary>
    internal static string InsertRowsSql(string source) =>
        $"INSERT INTO behaviour_days ({DayColumns})\n{DaysSql(source)};\n" +
        $"INSERT INTO behaviour_categories (person, category, views)\n{CategoriesSql(source)};\n" +
        $"INSERT INTO behaviour_sessions ({SessionColumns})\n{SessionsSql(source)}";

    private static readonly string FillSql =
        $"{InsertRowsSql(People())};\n" +
        $"INSERT INTO behaviour_summaries ({SummaryColumns})\n{SummarySql("behaviour_days", "behaviour_sessions", onePerson: false)}";

    internal static readonly string OneSummarySql =
        SummaryStatements.Upsert("behaviour_summaries", SummaryColumns, SummarySql("behaviour_days", "behaviour_sessions", onePerson: true));

    /// <summary>
    /// Rebuilds every behaviour summary table from <c>events</c> in one transaction (the tables are dropped and made
    /// anew, <see cref="BehaviourSchema"/>), with the per-product summaries when they need it (<see cref="Products.ProductSummaryTables"/>),
    /// and checks that the summaries and the sessions each account for every event.
    /// </summary>
    public static BehaviourTableCounts Rebuild(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var transaction = store.BeginTransaction();
        SummaryStatements.Recreate(store, BehaviourSchema.Tables, BehaviourSchema.CreateTables);
        store.Execute(FillSql);
        SummaryStatements.CreateKeysAfterBulkFill(store, BehaviourSchema.CreateKeys);
        // The product table counts both order lines (through customer_products) and events. It is made here when the
        // order-line summaries are current and it is not: else the order-line rebuild, which must come before anything
        // reads the lines, makes it (once, where a refresh after an ingest of both made it in each rebuild).
        if (Summaries.CustomerSummaryTables.IsCurrent(store) && !Products.ProductSummaryTables.IsCurrent(store))
        {
            Products.ProductSummaryTables.RebuildInCurrentTransaction(store);
        }
        var counts = Counts(store);
        var inSummaries = store.Scalar<long>("SELECT CAST(coalesce(sum(events), 0) AS BIGINT) FROM behaviour_summaries");
        var inSessions = store.Scalar<long>("SELECT CAST(coalesce(sum(events), 0) AS BIGINT) FROM behaviour_sessions");
        if (inSummaries != counts.Events || inSessions != counts.Events)
        {
            throw new InvalidOperationException($"The behaviour summaries account for {inSummaries} events and their sessions for {inSessions}, of {counts.Events}.");
        }
        transaction.Commit();
        return counts;
    }

    /// <summary>
    /// Whether the summaries account for exactly the store's events: as many, the same views and purchases, and the same
    /// first and last times. False after an ingest or a file's removal since the last rebuild (rebuild then).
    /// </summary>
    public static bool IsCurrent(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT (SELECT count(*) FROM events) = (SELECT CAST(coalesce(sum(events), 0) AS BIGINT) FROM behaviour_summaries)
               AND (SELECT count(*) FROM events WHERE event_type = 'view') = (SELECT CAST(coalesce(sum(views), 0) AS BIGINT) FROM behaviour_summaries)
               AND (SELECT count(*) FROM events WHERE event_type = 'purchase') = (SELECT CAST(coalesce(sum(purchases), 0) AS BIGINT) FROM behaviour_summaries)
               AND coalesce((SELECT max(occurred_at) FROM events) = (SELECT max(last_event_at) FROM behaviour_summaries), TRUE)
               AND coalesce((SELECT min(occurred_at) FROM events) = (SELECT min(first_event_at) FROM behaviour_summaries), TRUE)
            """);
        return command.ExecuteScalar() is true;
    }

    /// <summary>The events and the rows of each behaviour table.</summary>
    public static BehaviourTableCounts Counts(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("""
            SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM behaviour_summaries), (SELECT count(*) FROM behaviour_days),
                   (SELECT count(*) FROM behaviour_categories), (SELECT count(*) FROM behaviour_sessions)
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new BehaviourTableCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>The summary rows, by person; one person's row (or none) when <paramref name="person"/> is given.</summary>
    public static IReadOnlyList<BehaviourSummary> ReadSummaries(ClienteleStore store, string? person = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var sql = $"SELECT {SummaryColumns} FROM behaviour_summaries {(person is null ? "" : "WHERE person = $person")} ORDER BY person COLLATE \"C\"";
        using var command = person is null ? store.Command(sql) : store.Command(sql, ("person", person));
        return ReadSummaryRows(command);
    }

    internal static List<BehaviourSummary> ReadSummaryRows(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<BehaviourSummary>();
        while (reader.Read())
        {
            rows.Add(new BehaviourSummary(
                reader.GetString(0), reader.GetDateTime(1), reader.GetDateTime(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10),
                DateOnly.FromDateTime(reader.GetDateTime(11)), reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14)));
        }
        return rows;
    }

    /// <summary>The day rows, by person and day.</summary>
    public static IReadOnlyList<BehaviourDay> ReadDays(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command($"SELECT {DayColumns} FROM behaviour_days ORDER BY person COLLATE \"C\", day");
        using var reader = command.ExecuteReader();
        var rows = new List<BehaviourDay>();
        while (reader.Read())
        {
            rows.Add(new BehaviourDay(
                reader.GetString(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetDateTime(9), reader.GetDateTime(10)));
        }
        return rows;
    }

    /// <summary>The category rows, by person and category.</summary>
    public static IReadOnlyList<BehaviourCategory> ReadCategories(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("SELECT person, category, views FROM behaviour_categories ORDER BY person COLLATE \"C\", category COLLATE \"C\"");
        using var reader = command.ExecuteReader();
        var rows = new List<BehaviourCategory>();
        while (reader.Read())
        {
            rows.Add(new BehaviourCategory(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }
        return rows;
    }

    /// <summary>The session rows, by person, first event and session id.</summary>
    public static IReadOnlyList<BehaviourSession> ReadSessions(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command($"SELECT {SessionColumns} FROM behaviour_sessions ORDER BY person COLLATE \"C\", first_event_at, session_id COLLATE \"C\" NULLS FIRST");
        using var reader = command.ExecuteReader();
        var rows = new List<BehaviourSession>();
        while (reader.Read())
        {
            rows.Add(new BehaviourSession(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetDateTime(2), reader.GetDateTime(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }
        return rows;
    }
}
