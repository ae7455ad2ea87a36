using System.Runtime.InteropServices;
using Clientele.Data.Store;

namespace Clientele.Features;

/// <summary>A product's text for a language model: its title, description and category, joined.</summary>
public sealed record ProductText(string ProductId, string Text);

/// <summary>A product's vector, with the SHA-256 of the exact text that was embedded (a cached vector is reused only for the same text).</summary>
public sealed record ProductEmbedding(string ProductId, string TextSha256, float[] Vector);

/// <summary>
/// Product texts from the store, and the cache of their vectors (<c>product_embeddings</c>, keyed by product and model,
/// with the hash of the text that was embedded, so a changed description is embedded again and nothing else is).
/// </summary>
public static class ProductTextQuery
{
    /// <summary>
    /// Every product with some text: <c>title. description. category</c> (the parts it has, in that order; a product
    /// known only from order lines has its lines' most common description, as Online Retail's Description).
    /// </summary>
    public static IReadOnlyList<ProductText> Compute(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command(
            """
            SELECT product_id, concat_ws('. ', nullif(trim(title), ''), nullif(trim(description), ''), nullif(replace(trim(category), '_', ' '), '')) AS text
            FROM product_catalogue
            WHERE coalesce(nullif(trim(title), ''), nullif(trim(description), ''), nullif(trim(category), '')) IS NOT NULL
            ORDER BY product_id COLLATE "C"
            """);
        using var reader = command.ExecuteReader();
        var result = new List<ProductText>();
        while (reader.Read())
        {
            result.Add(new ProductText(reader.GetString(0), reader.GetString(1)));
        }
        return result;
    }

    /// <summary>The cached vectors of <paramref name="model"/>: product id → (hash of the text embedded, vector).</summary>
    public static Dictionary<string, (string Sha256, float[] Vector)> CachedEmbeddings(ClienteleStore store, string model)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var command = store.Command("SELECT product_id, text_sha256, dimensions, vector FROM product_embeddings WHERE model = $model", ("model", model));
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, (string, float[])>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var vector = new float[reader.GetInt32(2)];
            using (var stream = reader.GetStream(3))
            {
                stream.ReadExactly(MemoryMarshal.AsBytes(vector.AsSpan()));
            }
            result[reader.GetString(0)] = (reader.GetString(1), vector);
        }
        return result;
    }

    /// <summary>Stores (or replaces) the vectors of <paramref name="model"/> for the given products, in one transaction.</summary>
    public static void SaveEmbeddings(ClienteleStore store, string model, IReadOnlyList<ProductEmbedding> rows)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }
        using var transaction = store.BeginTransaction();
        store.Execute("CREATE TEMP TABLE IF NOT EXISTS replaced_embeddings (product_id VARCHAR)");
        store.Execute("DELETE FROM replaced_embeddings");
        using (var writer = store.BulkWriter("replaced_embeddings", "product_id"))
        {
            foreach (var row in rows)
            {
                writer.Add(row.ProductId).EndRow();
            }
            writer.Complete();
        }
        store.Execute("DELETE FROM product_embeddings WHERE model = $model AND product_id IN (SELECT product_id FROM replaced_embeddings)", ("model", model));
        using (var writer = store.BulkWriter("product_embeddings", "product_id", "model", "text_sha256", "dimensions", "vector"))
        {
            foreach (var row in rows)
            {
                writer
                    .Add(row.ProductId)
                    .Add(model)
                    .Add(row.TextSha256)
                    .Add(row.Vector.Length)
                    .Add(MemoryMarshal.AsBytes(row.Vector.AsSpan()).ToArray())
                    .EndRow();
            }
            writer.Complete();
        }
        transaction.Commit();
    }
}
