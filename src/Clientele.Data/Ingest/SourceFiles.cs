using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>One ingested file as the ledger (<c>source_files</c>) keeps it.</summary>
public sealed record SourceFileEntry(
    int FileId, string Path, string Layout, string Sha256, long Bytes, DateTime IngestedAt, long Read, long Accepted, long Rejected, long Overlap, string? RejectsFile);

/// <summary>What <see cref="SourceFiles.Remove"/> took out of the store.</summary>
public sealed record FileRemoval(
    SourceFileEntry File, long OrderLines, long ProductLines, long Reviews, long CustomersRemoved, long ProductsRemoved, long ProductsRebuilt, long Events = 0);

/// <summary>
/// The files a store was filled from: list them, and remove one with every row that came from it, in one transaction.
/// </summary>
public static class SourceFiles
{
    public static IReadOnlyList<SourceFileEntry> List(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command(
            """
            SELECT f.file_id, f.path, f.layout, f.sha256, f.bytes, f.ingested_at, f.rows_read, f.rows_accepted, f.rows_rejected,
                   coalesce((SELECT sum(r.rows) FROM source_file_rejects r WHERE r.file_id = f.file_id AND r.reason = $overlap), 0)::BIGINT,
                   f.rejects_path
            FROM source_files f ORDER BY f.file_id
            """,
            ("overlap", RejectReason.Overlap.Code));
        using var reader = command.ExecuteReader();
        var entries = new List<SourceFileEntry>();
        while (reader.Read())
        {
            entries.Add(new SourceFileEntry(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetDateTime(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }
        return entries;
    }

    /// <summary>
    /// The ingested file <paramref name="fileOrId"/> names: its id in <c>files list</c>, a file whose bytes were
    /// ingested (found by SHA-256, under any name), or the path it was ingested from.
    /// </summary>
    public static SourceFileEntry Find(ClienteleStore store, string fileOrId)
    {
        ArgumentNullException.ThrowIfNull(fileOrId);
        var entries = List(store);
        if (int.TryParse(fileOrId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && entries.FirstOrDefault(e => e.FileId == id) is { } byId)
        {
            return byId;
        }
        if (System.IO.File.Exists(fileOrId))
        {
            var sha = SourceFileLedger.HashFile(fileOrId);
            if (entries.FirstOrDefault(e => e.Sha256 == sha) is { } byHash)
            {
                return byHash;
            }
        }
        var full = System.IO.Path.GetFullPath(fileOrId);
        return entries.LastOrDefault(e => e.Path == full || e.Path == fileOrId)
            ?? throw new ClienteleException($"no file ingested into {store.Path} is {fileOrId} (by id, content or path); clientele files list --store {store.Path} shows them");
    }

    /// <summary>
    /// Removes the file's order lines, catalogue lines, reviews and events, the customers and products no other file refers to
    /// (products still referred to are rebuilt from what remains), and its ledger entry, so the same bytes can be
    /// ingested again. One transaction: all of it or nothing.
    /// </summary>
    public static FileRemoval Remove(ClienteleStore store, string fileOrId)
    {
        var entry = Find(store, fileOrId);
        var file = ("file", (object?)entry.FileId);
        using var transaction = store.BeginTransaction();
        store.Execute(
            """
            CREATE TEMP TABLE removal_products AS
                SELECT product_id FROM product_lines WHERE file_id = $file
                UNION SELECT product_id FROM order_lines WHERE file_id = $file AND product_id IS NOT NULL
                UNION SELECT product_id FROM reviews WHERE file_id = $file AND product_id IS NOT NULL;
            CREATE TEMP TABLE removal_customers AS SELECT DISTINCT customer_id FROM order_lines WHERE file_id = $file;
            """,
            file);
        var orderLines = store.Execute("DELETE FROM order_lines WHERE file_id = $file", file);
        var productLines = store.Execute("DELETE FROM product_lines WHERE file_id = $file", file);
        var reviews = store.Execute("DELETE FROM reviews WHERE file_id = $file", file);
        var events = store.Execute("DELETE FROM events WHERE file_id = $file", file);

        // Customers come from order lines only: gone when no line refers to them, else their country from what remains.
        var customersRemoved = store.Execute(
            "DELETE FROM customers WHERE customer_id IN (SELECT customer_id FROM removal_customers) AND customer_id NOT IN (SELECT customer_id FROM order_lines)");
        store.Execute(
            """
            UPDATE customers SET country = remaining.country
            FROM (SELECT customer_id, mode() WITHIN GROUP (ORDER BY country COLLATE "C") AS country FROM order_lines
                  WHERE customer_id IN (SELECT customer_id FROM removal_customers) GROUP BY customer_id) remaining
            WHERE customers.customer_id = remaining.customer_id
            """);

        // Products: rebuilt as ingest builds them (the latest catalogue's fields; the description from order lines
        // only where no catalogue gives one), or removed when nothing refers to them any more.
        var productsRemoved = store.Execute(
            """
            DELETE FROM products WHERE product_id IN (SELECT product_id FROM removal_products)
              AND product_id NOT IN (SELECT product_id FROM product_lines)
              AND product_id NOT IN (SELECT product_id FROM order_lines WHERE product_id IS NOT NULL)
            """);
        var productsRebuilt = store.Execute(
            """
            UPDATE products SET
                title = rebuilt.title, category = rebuilt.category, price = rebuilt.price,
                description = coalesce(rebuilt.catalogue_description, rebuilt.line_description)
            FROM (
                SELECT p.product_id, c.title, c.category, c.price, c.description AS catalogue_description, o.description AS line_description
                FROM removal_products p
                LEFT JOIN (
                    SELECT product_id,
                           (array_agg(title ORDER BY file_id DESC) FILTER (WHERE title IS NOT NULL))[1] AS title,
                           (array_agg(category ORDER BY file_id DESC) FILTER (WHERE category IS NOT NULL))[1] AS category,
                           (array_agg(price ORDER BY file_id DESC) FILTER (WHERE price IS NOT NULL))[1] AS price,
                           (array_agg(description ORDER BY file_id DESC) FILTER (WHERE description IS NOT NULL))[1] AS description
                    FROM product_lines GROUP BY product_id) c ON c.product_id = p.product_id
                LEFT JOIN (
                    SELECT product_id, mode() WITHIN GROUP (ORDER BY description COLLATE "C") AS description FROM order_lines
                    WHERE product_id IN (SELECT product_id FROM removal_products) GROUP BY product_id) o ON o.product_id = p.product_id
            ) rebuilt
            WHERE products.product_id = rebuilt.product_id
            """);
        store.Execute("DELETE FROM product_embeddings WHERE product_id NOT IN (SELECT product_id FROM products)");
        store.Execute("DELETE FROM source_file_rejects WHERE file_id = $file", file);
        store.Execute("DELETE FROM source_files WHERE file_id = $file", file);
        store.Execute("DROP TABLE removal_products; DROP TABLE removal_customers");
        transaction.Commit();
        return new FileRemoval(entry, orderLines, productLines, reviews, customersRemoved, productsRemoved, productsRebuilt, events);
    }
}
