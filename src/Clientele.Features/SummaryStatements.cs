using System.Data.Common;
using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>
/// What the order-line, behaviour and product summaries do alike: drop and make their tables anew for a bulk rebuild,
/// upsert one key's summary row when a single line or event is applied, and prepare the one-at-a-time writers' statements once.
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
    /// The unique keys after a bulk fill: on PostgreSQL at once (the service's store, whose writers run side by side and
    /// must not wait for an index build); on DuckDB not, since the batch commands never look a row up by its key and
    /// building them cost more than the fill itself (68 of 100 s for a million customers' order-line summaries). A
    /// DuckDB store gets them when a one-at-a-time writer first applies a line or event (<see cref="EnsureKeysForWriter"/>).
    /// </summary>
    public static void CreateKeysAfterBulkFill(ClienteleStore store, string createKeys)
    {
        if (store.Kind == StoreKind.PostgreSql)
        {
            store.Execute(createKeys);
        }
    }

    /// <summary>
    /// Makes sure the keys the one-at-a-time upserts need exist: on DuckDB, after a bulk fill left them off
    /// (<see cref="CreateKeysAfterBulkFill"/>). PostgreSQL always has them, and creating an index there, even one that
    /// exists, would lock out the other writers.
    /// </summary>
    public static void EnsureKeysForWriter(ClienteleStore store, string createKeys)
    {
        if (store.Kind != StoreKind.PostgreSql)
        {
            store.Execute(createKeys);
        }
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

    /// <summary>A statement of a one-at-a-time writer, prepared once with its named parameters (each set by <see cref="Set"/> before a run).</summary>
    public static DbCommand Prepare(ClienteleStore store, string sql, params string[] parameters)
    {
        var command = store.Command(sql, [.. parameters.Select(p => (p, (object?)null))]);
        command.Prepare();
        return command;
    }

    /// <summary>Sets a prepared statement's parameter; null as SQL NULL.</summary>
    public static void Set(DbCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;
}
