using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>
/// A temporary table of customer ids (one column, <c>customer_id</c>) on one connection, for a query to cut its reads
/// to a chosen few (a sample's customers) with <c>customer_id IN (SELECT customer_id FROM name)</c>; dropped when disposed.
/// </summary>
internal sealed class CustomerIdTable : IDisposable
{
    private readonly ClienteleStore _store;

    private CustomerIdTable(ClienteleStore store, string name)
    {
        _store = store;
        Name = name;
    }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>Makes the table <paramref name="name"/> anew with <paramref name="customerIds"/>, in their order.</summary>
    public static CustomerIdTable Write(ClienteleStore store, string name, IEnumerable<string> customerIds)
    {
        store.Execute($"DROP TABLE IF EXISTS {name}; CREATE TEMP TABLE {name} (customer_id VARCHAR)");
        var table = new CustomerIdTable(store, name);
        try
        {
            using var writer = store.BulkWriter(name, "customer_id");
            foreach (var id in customerIds)
            {
                writer.Add(id).EndRow();
            }
            writer.Complete();
            return table;
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

    public void Dispose() => _store.Execute($"DROP TABLE IF EXISTS {Name}");
}
