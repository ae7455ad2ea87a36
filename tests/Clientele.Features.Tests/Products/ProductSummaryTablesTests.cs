using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Behaviour;
using Clientele.Features.Products;
using Clientele.Features.Summaries;
using Clientele.Tests;

namespace Clientele.Features.Tests.Products;

/// <summary>The bulk per-product summaries against the same counters worked out in C# from the order lines and events read back.</summary>
public sealed class ProductSummaryTablesTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Rebuild_OnlineRetailAndOttoEvents_EveryProductAsCountedFromItsLinesAndEvents(string engine)
    {
        using var store = WithOrdersAndEvents(engine);

        CustomerSummaryTables.Rebuild(store);
        var afterLines = ProductSummaryTables.Read(store);
        BehaviourSummaryTables.Rebuild(store);
        var rows = ProductSummaryTables.Read(store);

        var expected = Expected(store);
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(expected[row.ProductId], row);
        }
        // Either rebuild makes the whole table: the order lines' rebuild counted the events too.
        Assert.Equal(rows, afterLines);
        // Online Retail's products were bought and OTTO's viewed and carted: both kinds of row are there.
        Assert.Contains(rows, r => r.Buyers > 0 && r.PurchaseOrders >= r.Buyers && r.PurchaseLines >= r.PurchaseOrders);
        Assert.Contains(rows, r => r.Views > 0 && r.CartAdds > 0 && r.PurchaseLines == 0 && r.FirstPurchaseAt is null);
        Assert.Contains(rows, r => r.ReturnLines > 0 && r.Returned > 0);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void BehaviourRebuild_MakesTheProductTableOnlyWhenTheOrderLineSummariesAreCurrentAndItIsNot(string engine)
    {
        using var store = WithOrdersAndEvents(engine);
        Assert.False(ProductSummaryTables.IsCurrent(store));

        // The order-line summaries are outdated: the product table would be made from their old rows, so it is left
        // to the order-line rebuild.
        BehaviourSummaryTables.Rebuild(store);
        Assert.Empty(ProductSummaryTables.Read(store));
        CustomerSummaryTables.Rebuild(store);
        Assert.True(ProductSummaryTables.IsCurrent(store));
        var rows = ProductSummaryTables.Read(store);
        Assert.Equal(Expected(store).Values.OrderBy(r => r.ProductId, StringComparer.Ordinal), rows.OrderBy(r => r.ProductId, StringComparer.Ordinal));

        // Current: a behaviour rebuild leaves it as it is (a row's buyers altered by hand stay altered), where it used to
        // make it a second time.
        var marked = rows.First(r => r.Buyers > 0).ProductId;
        store.Execute("UPDATE product_summaries SET buyers = buyers + 1000 WHERE product_id = $product", ("product", marked));
        BehaviourSummaryTables.Rebuild(store);
        Assert.Equal(rows.Single(r => r.ProductId == marked).Buyers + 1000, ProductSummaryTables.Read(store, marked).Single().Buyers);

        // One more view, written as an ingest would: no longer current, and the behaviour rebuild makes it anew.
        store.Execute("""
            INSERT INTO events (file_id, line_number, event_id, event_type, customer_id, visitor_id, product_id, occurred_at)
            VALUES (99, 1, 'one-more-view', 'view', NULL, 'v-one-more', $product, TIMESTAMP '2011-12-01 10:00:00')
            """, ("product", marked));
        Assert.False(ProductSummaryTables.IsCurrent(store));
        BehaviourSummaryTables.Rebuild(store);
        Assert.True(ProductSummaryTables.IsCurrent(store));
        var after = ProductSummaryTables.Read(store);
        Assert.Equal(Expected(store).Values.OrderBy(r => r.ProductId, StringComparer.Ordinal), after.OrderBy(r => r.ProductId, StringComparer.Ordinal));
        Assert.Equal(rows.Single(r => r.ProductId == marked).Views + 1, after.Single(r => r.ProductId == marked).Views);
    }

    /// <summary>A store with Online Retail's order lines and the OTTO sample's events, their summaries not built yet.</summary>
    private ClienteleStore WithOrdersAndEvents(string engine)
    {
        var store = _stores.Open(engine);
        new OrderIngestor(store).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        new EventIngestor(store).Ingest(TestData.Sample("otto_sessions.jsonl"), new EventIngestOptions
        {
            RejectsPath = _stores.RejectsPath(),
            Map = new Dictionary<string, string> { ["visitor_id"] = "session" },
        });
        return store;
    }

    /// <summary>Every product's counters from the raw rows, by plain C#: as docs/summaries.md defines them.</summary>
    private static Dictionary<string, ProductSummary> Expected(ClienteleStore store)
    {
        var rows = new Dictionary<string, ProductSummary>(StringComparer.Ordinal);
        var buyers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var orders = new Dictionary<string, HashSet<(string, string)>>(StringComparer.Ordinal);
        ProductSummary Row(string product) => rows.TryGetValue(product, out var row) ? row : ProductSummary.Empty(product);
        foreach (var line in StoredOrderLines.Read(store))
        {
            if (line.ProductId is not { } product)
            {
                continue;
            }
            var row = Row(product);
            if (line.IsReturn)
            {
                rows[product] = row with { ReturnLines = row.ReturnLines + 1, ReturnedQuantity = row.ReturnedQuantity - line.Quantity, Returned = row.Returned - line.Amount };
                continue;
            }
            rows[product] = row with
            {
                PurchaseLines = row.PurchaseLines + 1,
                Quantity = row.Quantity + line.Quantity,
                Purchased = row.Purchased + line.Amount,
                FirstPurchaseAt = row.FirstPurchaseAt is { } first && first <= line.OrderedAt ? first : line.OrderedAt,
                LastPurchaseAt = row.LastPurchaseAt is { } last && last >= line.OrderedAt ? last : line.OrderedAt,
            };
            (buyers.TryGetValue(product, out var b) ? b : buyers[product] = new HashSet<string>(StringComparer.Ordinal)).Add(line.CustomerId);
            (orders.TryGetValue(product, out var o) ? o : orders[product] = []).Add((line.CustomerId, line.OrderId));
        }
        using (var command = store.Command("SELECT event_type, product_id FROM events WHERE product_id IS NOT NULL"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var (type, product) = (reader.GetString(0), reader.GetString(1));
                var row = Row(product);
                row = type switch
                {
                    "view" => row with { Views = row.Views + 1 },
                    "cart_add" => row with { CartAdds = row.CartAdds + 1 },
                    "wishlist_add" => row with { WishlistAdds = row.WishlistAdds + 1 },
                    _ => null!,
                };
                if (row is not null)
                {
                    rows[product] = row;
                }
            }
        }
        return rows.ToDictionary(
            p => p.Key,
            p => p.Value with { Buyers = buyers.GetValueOrDefault(p.Key)?.Count ?? 0, PurchaseOrders = orders.GetValueOrDefault(p.Key)?.Count ?? 0 },
            StringComparer.Ordinal);
    }
}
