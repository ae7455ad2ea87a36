using Clientele.Core;

namespace Clientele.Data.Ingest;

/// <summary>
/// The store's event types and the names files commonly give them. Names match as column names do (case, spaces,
/// underscores, hyphens and dots do not count: <c>add_to_cart</c>, <c>AddToCart</c> and <c>addtocart</c> are one name).
/// </summary>
public static class EventTypes
{
    public const string View = "view";
    public const string CartAdd = "cart_add";
    public const string CartRemove = "cart_remove";
    public const string Search = "search";
    public const string WishlistAdd = "wishlist_add";
    public const string Purchase = "purchase";

    /// <summary>Every type, in funnel order (the order summaries list them in).</summary>
    public static IReadOnlyList<string> All { get; } = [View, Search, WishlistAdd, CartAdd, CartRemove, Purchase];

    /// <summary>The names understood without <c>--event-type</c>: Taobao's (pv, cart, fav, buy), OTTO's (clicks, carts, orders), RetailRocket's, GA's.</summary>
    public static IReadOnlyDictionary<string, string> CommonNames { get; } = Names(
        (View, ["view", "views", "pv", "page_view", "product_view", "detail", "click", "clicks"]),
        (CartAdd, ["cart_add", "cart", "carts", "addtocart", "add"]),
        (CartRemove, ["cart_remove", "remove_from_cart", "remove"]),
        (Search, ["search", "searches"]),
        (WishlistAdd, ["wishlist_add", "wishlist", "fav", "favorite", "favourite", "add_to_wishlist"]),
        (Purchase, ["purchase", "purchases", "buy", "transaction", "order", "orders"]));

    /// <summary>
    /// The names of a file: the common ones, then <paramref name="extra"/> (their name → ours), which may also re-map a
    /// common name. An unknown type of ours is an error naming the types.
    /// </summary>
    public static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        var names = new Dictionary<string, string>(CommonNames, ColumnNameComparer.Instance);
        foreach (var (theirs, ours) in extra)
        {
            if (!All.Contains(ours, StringComparer.Ordinal))
            {
                throw new ClienteleException($"--event-type {ours}={theirs}: {ours} is not an event type; the types are {string.Join(", ", All)}");
            }
            names[theirs] = ours;
        }
        return names;
    }

    private static Dictionary<string, string> Names(params (string Type, string[] Names)[] types)
    {
        var names = new Dictionary<string, string>(ColumnNameComparer.Instance);
        foreach (var (type, aliases) in types)
        {
            foreach (var alias in aliases)
            {
                names.Add(alias, type);
            }
        }
        return names;
    }
}
