using System.Data.Common;
using Clientele.Core;
using Clientele.Data.Store;
using static Clientele.Features.SummaryStatements;

namespace Clientele.Features.Products;

/// <summary>
/// Keeps <c>product_summaries</c> one event at a time, in the transaction that records the event: what the live
/// service does. An order line counts after it is recorded in <c>order_lines</c> and applied to the customer's
/// summaries (<see cref="Summaries.CustomerSummaryWriter"/>), which tell whether it is the customer's first purchase of
/// the product (a new buyer: its <c>customer_products</c> row now holds one purchase line) and the order's first of it
/// (a new order: the order holds one purchase line of it). A view, cart add or wishlist add counts as it is.
/// <para>
/// The events of a group add up in memory and reach the table at <see cref="ApplyPending"/>, before the group commits:
/// one upsert per product, in product id order. Every silo's writer, and an erasure (<see cref="ProductSummaryTables.Remake"/>),
/// takes the rows' locks in that one order, so writers adding to the same popular products wait for each other rather
/// than deadlock.
/// </para>
/// </summary>
public sealed class ProductSummaryWriter : IDisposable
{
    /// <summary>The table's columns, each also the name of the upsert's parameter for it.</summary>
    private static readonly string[] Columns = ProductSummarySchema.Columns.Split(", ");

    private static readonly string UpsertSql = $"""
        INSERT INTO product_summaries ({ProductSummarySchema.Columns})
        VALUES ({string.Join(", ", Columns.Select(c => "$" + c))})
        ON CONFLICT (product_id) DO UPDATE SET
            {string.Join(",\n    ", Columns.Skip(1).Select(Merged))}
        """;

    private static string Merged(string column) => column switch
    {
        "first_purchase_at" => $"{column} = coalesce(least(product_summaries.{column}, EXCLUDED.{column}), product_summaries.{column}, EXCLUDED.{column})",
        "last_purchase_at" => $"{column} = coalesce(greatest(product_summaries.{column}, EXCLUDED.{column}), product_summaries.{column}, EXCLUDED.{column})",
        _ => $"{column} = product_summaries.{column} + EXCLUDED.{column}",
    };

    private readonly ClienteleStore _store;
    private readonly DbCommand _upsert;
    private readonly DbCommand _customerLines;
    private readonly DbCommand _orderLines;
    private readonly Dictionary<string, ProductSummary> _pending = new(StringComparer.Ordinal);

    public ProductSummaryWriter(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _upsert = Prepare(_store, UpsertSql, Columns);
        _customerLines = Prepare(_store, "SELECT purchase_lines FROM customer_products WHERE customer_id = $customer AND product_id = $product", "customer", "product");
        _orderLines = Prepare(
            _store,
            "SELECT count(*) FROM order_lines WHERE customer_id = $customer AND order_id = $order AND product_id = $product AND NOT is_return",
            "customer", "order", "product");
    }

    /// <summary>
    /// Counts an order line recorded in <c>order_lines</c> and applied to the customer's summaries in the current
    /// transaction (a line without a product id counts for none).
    /// </summary>
    public void Count(in OrderLine line)
    {
        if (line.ProductId is not { } product)
        {
            return;
        }
        if (line.IsReturn)
        {
            Add(ProductSummary.Empty(product) with { ReturnLines = 1, ReturnedQuantity = -(long)line.Quantity, Returned = -line.Amount });
            return;
        }
        var newBuyer = PurchaseLinesOfCustomer(line.CustomerId, product) == 1;
        // A customer's first purchase of the product is its order's first too; otherwise the order's lines say.
        var newOrder = newBuyer || PurchaseLinesOfOrder(line.CustomerId, line.OrderId, product) == 1;
        Add(ProductSummary.Empty(product) with
        {
            PurchaseLines = 1,
            Quantity = line.Quantity,
            Purchased = line.Amount,
            Buyers = newBuyer ? 1 : 0,
            PurchaseOrders = newOrder ? 1 : 0,
            FirstPurchaseAt = line.OrderedAt,
            LastPurchaseAt = line.OrderedAt,
        });
    }

    /// <summary>Counts a behaviour event of <paramref name="type"/> naming <paramref name="productId"/>: views, cart adds and wishlist adds count, other types do not.</summary>
    public void Count(string type, string? productId)
    {
        if (productId is null)
        {
            return;
        }
        var empty = ProductSummary.Empty(productId);
        var counted = type switch
        {
            "view" => empty with { Views = 1 },
            "cart_add" => empty with { CartAdds = 1 },
            "wishlist_add" => empty with { WishlistAdds = 1 },
            _ => null,
        };
        if (counted is not null)
        {
            Add(counted);
        }
    }

    /// <summary>Adds the pending counts to the table in product id order, inside the caller's transaction, and forgets them.</summary>
    public void ApplyPending()
    {
        if (_pending.Count == 0)
        {
            return;
        }
        // Every time, not once: a rebuild since the writer was made leaves a DuckDB store's table without its key.
        SummaryStatements.EnsureKeysForWriter(_store, ProductSummarySchema.CreateKeys);
        foreach (var row in _pending.Values.OrderBy(r => r.ProductId, StringComparer.Ordinal))
        {
            Set(_upsert, "product_id", row.ProductId);
            Set(_upsert, "purchase_lines", row.PurchaseLines);
            Set(_upsert, "return_lines", row.ReturnLines);
            Set(_upsert, "quantity", row.Quantity);
            Set(_upsert, "returned_quantity", row.ReturnedQuantity);
            Set(_upsert, "purchased", row.Purchased);
            Set(_upsert, "returned", row.Returned);
            Set(_upsert, "buyers", row.Buyers);
            Set(_upsert, "purchase_orders", row.PurchaseOrders);
            Set(_upsert, "first_purchase_at", row.FirstPurchaseAt);
            Set(_upsert, "last_purchase_at", row.LastPurchaseAt);
            Set(_upsert, "views", row.Views);
            Set(_upsert, "cart_adds", row.CartAdds);
            Set(_upsert, "wishlist_adds", row.WishlistAdds);
            _upsert.ExecuteNonQuery();
        }
        _pending.Clear();
    }

    /// <summary>Forgets the pending counts: their transaction rolled back.</summary>
    public void Discard() => _pending.Clear();

    public void Dispose()
    {
        _upsert.Dispose();
        _customerLines.Dispose();
        _orderLines.Dispose();
    }

    private void Add(ProductSummary counted) =>
        _pending[counted.ProductId] = _pending.TryGetValue(counted.ProductId, out var sum) ? sum.Plus(counted) : counted;

    private long PurchaseLinesOfCustomer(string customer, string product)
    {
        Set(_customerLines, "customer", customer);
        Set(_customerLines, "product", product);
        return Convert.ToInt64(_customerLines.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private long PurchaseLinesOfOrder(string customer, string order, string product)
    {
        Set(_orderLines, "customer", customer);
        Set(_orderLines, "order", order);
        Set(_orderLines, "product", product);
        return Convert.ToInt64(_orderLines.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

}
