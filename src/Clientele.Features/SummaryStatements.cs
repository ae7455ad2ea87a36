using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>
/// What the order-line and behaviour summaries do alike: drop and make their tables anew for a bulk rebuild, and
/// upsert one key's summary row when a single line or event is applied.
/// </summary>
internal static class SummaryStatements
{
    /// <summary>Drops <paramref name="tables"/> and runs <paramref name="createTables"/>, inside the caller's transaction.</summary>
    public static void Recreate(ClienteleStore store, IEnumerable<string> tables, string createTables)
    {
        foreach (var table in tables)
        {
            store.Execute($"DROP TABLE {table}");
        }
        store.Execute(createTables);
    }

    /// <summary>
    /// <c>INSERT INTO table (columns) select ON CONFLICT (first column) DO UPDATE SET</c> every other column: the first of
    /// <paramref name="columns"/> is the key.
    /// </summary>
    public static string Upsert(string table, string columns, string select)
    {
        var names = columns.Split(", ");
        return $"INSERT INTO {table} ({columns})\n{select}\nON CONFLICT ({names[0]}) DO UPDATE SET\n" +
            string.Join(",\n", names.Skip(1).Select(c => $"    {c} = EXCLUDED.{c}"));
    }
}
