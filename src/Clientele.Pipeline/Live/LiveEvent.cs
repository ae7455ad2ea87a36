using Clientele.Data.Ingest;

namespace Clientele.Pipeline.Live;

/// <summary>The types of event the service takes (docs/service.md), and the fields each needs or allows.</summary>
public static class LiveEventTypes
{
    public const string Purchase = "purchase";
    public const string Return = "return";
    public const string Review = "review";

    /// <summary>Every type, in the contract's order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Purchase, Return, EventTypes.View, EventTypes.CartAdd, EventTypes.CartRemove, EventTypes.Search, EventTypes.WishlistAdd, Review];

    /// <summary>Whether the type is an order line (it changes the customer's purchases).</summary>
    public static bool IsOrderLine(string type) => type is Purchase or Return;

    /// <summary>Whether the type is a behaviour event kept in <c>events</c> (views, cart adds and removes, searches, wishlist adds).</summary>
    public static bool IsBehaviour(string type) => type is EventTypes.View or EventTypes.CartAdd or EventTypes.CartRemove or EventTypes.Search or EventTypes.WishlistAdd;

    /// <summary>The fields beyond event_id, type, customer_id and timestamp that the type needs.</summary>
    public static IReadOnlyList<string> Required(string type) => type switch
    {
        Purchase or Return => [LiveEventFields.OrderId, LiveEventFields.ProductId, LiveEventFields.Quantity, LiveEventFields.UnitPrice],
        EventTypes.Search => [LiveEventFields.Query],
        Review => [LiveEventFields.ProductId, LiveEventFields.Rating],
        _ => [LiveEventFields.ProductId],
    };

    /// <summary>The fields the type may also carry.</summary>
    public static IReadOnlyList<string> Optional(string type) => type switch
    {
        Review => [LiveEventFields.Text, LiveEventFields.OrderId],
        EventTypes.Search => [LiveEventFields.ProductId],
        _ => [],
    };
}

/// <summary>The fields of an event, as the JSON names them.</summary>
public static class LiveEventFields
{
    public const string EventId = "event_id";
    public const string Type = "type";
    public const string CustomerId = "customer_id";
    public const string Timestamp = "timestamp";
    public const string OrderId = "order_id";
    public const string ProductId = "product_id";
    public const string Quantity = "quantity";
    public const string UnitPrice = "unit_price";
    public const string Query = "query";
    public const string Rating = "rating";
    public const string Text = "text";

    /// <summary>Every field an event may have.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        EventId, Type, CustomerId, Timestamp, OrderId, ProductId, Quantity, UnitPrice, Query, Rating, Text,
    };
}

/// <summary>
/// One event the service accepted as well formed: the customer, when it happened (UTC when the timestamp had an
/// offset, else as written), and the fields its type needs. Returns carry a positive quantity; the store keeps it negative.
/// </summary>
public sealed record LiveEvent(
    string EventId,
    string Type,
    string CustomerId,
    DateTime OccurredAt,
    string? OrderId = null,
    string? ProductId = null,
    int? Quantity = null,
    decimal? UnitPrice = null,
    string? Query = null,
    double? Rating = null,
    string? Text = null);
