using Clientele.Data.Store;

namespace Clientele.Features.Behaviour;

/// <summary>
/// The rows <see cref="BehaviourFeatures"/> are made of, as of a date, for readers that add them up over groups of people
/// (the report's segment profiles): each person's summary row, which keeps the counts behind the rates (views and
/// purchases, cart sessions and abandoned ones), and each person's views per category. Like
/// <see cref="BehaviourInputs.Features"/>, they come from the summary tables when those answer for the as-of
/// (<see cref="BehaviourInputs.SummariesAnswer"/>), else from the events before it, by the same SQL: the same rows either way.
/// </summary>
public static class BehaviourRowsAsOf
{
    /// <summary>Every person's summary row of the events before <paramref name="asOf"/>, by person (byte order).</summary>
    public static IReadOnlyList<BehaviourSummary> Summaries(ClienteleStore store, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = BehaviourInputs.SummariesAnswer(store, asOf)
            ? store.Command($"SELECT {BehaviourSummaryTables.SummaryColumns} FROM behaviour_summaries ORDER BY person COLLATE \"C\"")
            : store.Command(BehaviourFeatureQuery.SummariesSql, AsOfParameter(asOf));
        return BehaviourSummaryTables.ReadSummaryRows(command);
    }

    /// <summary>
    /// Every person's views of each category before <paramref name="asOf"/> (views without a category are in no row), read
    /// one row at a time in no particular order.
    /// </summary>
    public static IEnumerable<BehaviourCategory> CategoryViews(ClienteleStore store, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Read(store, asOf);

        static IEnumerable<BehaviourCategory> Read(ClienteleStore store, DateOnly asOf)
        {
            using var command = BehaviourInputs.SummariesAnswer(store, asOf)
                ? store.Command("SELECT person, category, views FROM behaviour_categories")
                : store.Command(BehaviourSummaryTables.CategoriesSql(BehaviourFeatureQuery.Source), AsOfParameter(asOf));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                yield return new BehaviourCategory(reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            }
        }
    }

    private static (string, object?) AsOfParameter(DateOnly asOf) => ("as_of", asOf.ToDateTime(TimeOnly.MinValue));
}
