using System.Data.Common;
using Clientele.Core;
using Clientele.Data.Store;
using static Clientele.Features.SummaryStatements;

namespace Clientele.Features.Summaries;

/// <summary>
/// Keeps the store's summary tables one order line at a time, each line in its own transaction: what the live
/// service does per event. The line's customer's day, order, product and product-day rows are updated, then that
/// customer's <c>customer_summaries</c> row is remade from them with the bulk rebuild's own statement restricted to
/// the customer, so the two paths cannot drift apart. The statements are prepared once per writer.
/// </summary>
public sealed class CustomerSummaryWriter : IDisposable
{
    private readonly ClienteleStore _store;
    private readonly DbCommand _day;
    private readonly DbCommand _order;
    private readonly DbCommand _product;
    private readonly DbCommand _productDay;
    private readonly DbCommand _summary;

    public CustomerSummaryWriter(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _day = Prepare(_store, CustomerSummaryTables.ApplyDaySql, "customer", "at", "purchase_lines", "return_lines", "purchased", "returned", "purchase_at");
        _order = Prepare(_store, CustomerSummaryTables.ApplyOrderSql, "customer", "order", "at", "purchase_lines", "return_lines", "purchased", "returned");
        _product = Prepare(_store, CustomerSummaryTables.ApplyProductSql, "customer", "product", "purchase_lines", "return_lines", "quantity", "returned_quantity", "purchased", "returned", "purchase_at");
        _productDay = Prepare(_store, CustomerSummaryTables.ApplyProductDaySql, "customer", "product", "at", "purchase_lines", "return_lines");
        _summary = Prepare(_store, CustomerSummaryTables.OneSummarySql, "customer");
    }

    /// <summary>Lines applied by this writer.</summary>
    public long Lines { get; private set; }

    /// <summary>
    /// Applies one accepted order line to the summary tables in its own transaction. The line itself is not written
    /// to <c>order_lines</c>: recording the event is the caller's part (see <see cref="ApplyInCurrentTransaction"/>).
    /// </summary>
    public void Apply(in OrderLine line)
    {
        using var transaction = _store.BeginTransaction();
        ApplyInCurrentTransaction(line);
        transaction.Commit();
    }

    /// <summary>
    /// Applies one accepted order line inside the transaction the caller has open on the store's connection (the one
    /// that records the event), so the event and the summaries it changes commit or roll back together.
    /// </summary>
    public void ApplyInCurrentTransaction(in OrderLine line)
    {
        if (string.IsNullOrEmpty(line.CustomerId) || string.IsNullOrEmpty(line.OrderId))
        {
            throw new ArgumentException("An order line needs a customer id and an order id.", nameof(line));
        }
        // Every time, not once: a rebuild since the writer was made leaves a DuckDB store's tables without their keys.
        SummaryStatements.EnsureKeysForWriter(_store, SummarySchema.CreateKeys);
        var purchase = !line.IsReturn;
        object? purchaseAt = purchase ? line.OrderedAt : null;
        foreach (var command in new[] { _day, _order, _product })
        {
            Set(command, "customer", line.CustomerId);
            Set(command, "purchase_lines", purchase ? 1L : 0L);
            Set(command, "return_lines", purchase ? 0L : 1L);
            Set(command, "purchased", purchase ? line.Amount : 0m);
            Set(command, "returned", purchase ? 0m : -line.Amount);
        }
        Set(_day, "at", line.OrderedAt);
        Set(_day, "purchase_at", purchaseAt);
        _day.ExecuteNonQuery();
        Set(_order, "at", line.OrderedAt);
        Set(_order, "order", line.OrderId);
        _order.ExecuteNonQuery();
        if (line.ProductId is { } product)
        {
            Set(_product, "product", product);
            Set(_product, "quantity", purchase ? (long)line.Quantity : 0L);
            Set(_product, "returned_quantity", purchase ? 0L : -(long)line.Quantity);
            Set(_product, "purchase_at", purchaseAt);
            _product.ExecuteNonQuery();
            Set(_productDay, "customer", line.CustomerId);
            Set(_productDay, "product", product);
            Set(_productDay, "at", line.OrderedAt);
            Set(_productDay, "purchase_lines", purchase ? 1L : 0L);
            Set(_productDay, "return_lines", purchase ? 0L : 1L);
            _productDay.ExecuteNonQuery();
        }
        Set(_summary, "customer", line.CustomerId);
        _summary.ExecuteNonQuery();
        Lines++;
    }

    public void Dispose()
    {
        _day.Dispose();
        _order.Dispose();
        _product.Dispose();
        _productDay.Dispose();
        _summary.Dispose();
    }

}
