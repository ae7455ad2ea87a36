namespace Clientele.Core;

/// <summary>
/// One accepted line of an order, as the store keeps it.
/// </summary>
/// <param name="OrderId">Invoice or order number; layouts without one get an id made from the file and line, so each line is its own order.</param>
/// <param name="CustomerId">The customer, as the source spells it (trimmed).</param>
/// <param name="ProductId">Stock code or product id; null when the layout has none (CDNOW).</param>
/// <param name="Description">Product description, if the source has one.</param>
/// <param name="Quantity">Units; negative on returns.</param>
/// <param name="UnitPrice">Price per unit; null when the source gives only a line value (CDNOW).</param>
/// <param name="Amount">Line value: quantity × unit price, or the source's line value; negative for returns.</param>
/// <param name="OrderedAt">Local date and time of the order, as the source writes it (no time-zone shift).</param>
/// <param name="IsReturn">A cancellation or return line (invoice starting with C, or negative quantity).</param>
/// <param name="Country">The customer's country, if given.</param>
public readonly record struct OrderLine(
    string OrderId,
    string CustomerId,
    string? ProductId,
    string? Description,
    int Quantity,
    decimal? UnitPrice,
    decimal Amount,
    DateTime OrderedAt,
    bool IsReturn,
    string? Country);
