using System.Globalization;

namespace Clientele.Recommend;

/// <summary>What one customer did with one product on one day: the events of each kind counted.</summary>
/// <param name="UserId">The customer's id.</param>
/// <param name="ItemId">The product's id.</param>
/// <param name="Day">The day, as any increasing day number (the time split reads it).</param>
/// <param name="Views">Product views.</param>
/// <param name="CartAdds">Cart adds.</param>
/// <param name="WishlistAdds">Wishlist adds (favourites).</param>
/// <param name="Purchases">Purchases (order lines, or purchase events when the shop records no order lines with products).</param>
public readonly record struct FeedbackCounts(string UserId, string ItemId, long Day, int Views, int CartAdds, int WishlistAdds, int Purchases);

/// <summary>
/// Views, cart adds and wishlist adds as weaker implicit feedback beside purchases: each event adds its weight to the
/// (customer, product) pair, and a pair's sum is capped, so a hundred views of one product do not outweigh what the
/// customer bought. The weighted sum is the interaction's weight, the <c>w</c> of ALS's confidence <c>1 + α·w</c>, so
/// the scale matters to ALS (its λ = 20 is fixed): a purchase of 40 is the α = 40 of Hu, Koren &amp; Volinsky (2008).
/// Item-kNN's cosine and popularity do not depend on the scale.
/// </summary>
/// <remarks>
/// The defaults (purchase 40, cart add 20, wishlist add 16, view 4, cap 80: the ratios 1 : 0.5 : 0.4 : 0.1, cap 2
/// purchases) were chosen on the training days of the Taobao sample only: fitted on the UTC days up to 2017-11-29, ALS's
/// recall@20 measured on the buys of 11-30 and 12-01; the test days 12-02 and 12-03 were never looked at. See
/// docs/implicit-feedback.md for the grid.
/// </remarks>
public sealed record FeedbackWeights
{
    /// <summary>The names <see cref="With"/> accepts, as <c>--weight name=value</c> gives them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["view", "cart_add", "wishlist_add", "purchase", "cap"];

    /// <summary>Gets the weight of one product view.</summary>
    /// <value>The default value is 4; finite, &gt;= 0.</value>
    public float View { get; init; } = 4f;

    /// <summary>Gets the weight of one cart add.</summary>
    /// <value>The default value is 20; finite, &gt;= 0.</value>
    public float CartAdd { get; init; } = 20f;

    /// <summary>Gets the weight of one wishlist add.</summary>
    /// <value>The default value is 16; finite, &gt;= 0.</value>
    public float WishlistAdd { get; init; } = 16f;

    /// <summary>Gets the weight of one purchase.</summary>
    /// <value>The default value is 40 (Hu, Koren &amp; Volinsky's α = 40 for one event, with ALS's own α at 1); finite, &gt;= 0.</value>
    public float Purchase { get; init; } = 40f;

    /// <summary>Gets the largest summed weight of one (customer, product) pair.</summary>
    /// <value>The default value is 80 (two purchases); finite, &gt; 0.</value>
    public float Cap { get; init; } = 80f;

    /// <summary>These weights with views, cart adds and wishlist adds at 0: purchases alone, weighed and capped alike, to compare with.</summary>
    public FeedbackWeights PurchasesOnly() => this with { View = 0, CartAdd = 0, WishlistAdd = 0 };

    /// <summary>These weights with <paramref name="name"/> (one of <see cref="Names"/>) set to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The name is unknown or the value out of range; the message says which.</exception>
    public FeedbackWeights With(string name, float value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = name switch
        {
            "view" => this with { View = value },
            "cart_add" => this with { CartAdd = value },
            "wishlist_add" => this with { WishlistAdd = value },
            "purchase" => this with { Purchase = value },
            "cap" => this with { Cap = value },
            _ => throw new ArgumentException($"\"{name}\" is not a feedback weight; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
        result.Validate();
        return result;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a weight is negative or not finite, or the cap is not positive, or every weight is 0.</summary>
    public void Validate()
    {
        foreach (var (name, value) in (ReadOnlySpan<(string, float)>)[("view", View), ("cart_add", CartAdd), ("wishlist_add", WishlistAdd), ("purchase", Purchase)])
        {
            if (!float.IsFinite(value) || value < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the weight of {name} must be a finite number >= 0, got {value}."), name);
            }
        }
        if (!float.IsFinite(Cap) || Cap <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the cap must be a finite number > 0, got {Cap}."), nameof(Cap));
        }
        if (View + CartAdd + WishlistAdd + Purchase <= 0)
        {
            throw new ArgumentException("at least one feedback weight must be above 0.", nameof(Purchase));
        }
    }

    /// <summary>The summed weight of one day's events (not capped).</summary>
    public double Weigh(FeedbackCounts counts) =>
        ((double)View * counts.Views) + ((double)CartAdd * counts.CartAdds) + ((double)WishlistAdd * counts.WishlistAdds) + ((double)Purchase * counts.Purchases);

    /// <summary>
    /// One interaction per (customer, product) with a positive weight: the days' weights summed and capped at
    /// <see cref="Cap"/>; its timestamp is the pair's last day. Pairs in ordinal order of customer, then product.
    /// </summary>
    public IReadOnlyList<Interaction> Interactions(IEnumerable<FeedbackCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Validate();
        var pairs = new Dictionary<(string User, string Item), (double Weight, long Day)>();
        foreach (var c in counts)
        {
            var weight = Weigh(c);
            if (weight <= 0)
            {
                continue;
            }
            var key = (c.UserId, c.ItemId);
            pairs[key] = pairs.TryGetValue(key, out var sum) ? (sum.Weight + weight, Math.Max(sum.Day, c.Day)) : (weight, c.Day);
        }
        return pairs
            .OrderBy(p => p.Key.User, StringComparer.Ordinal).ThenBy(p => p.Key.Item, StringComparer.Ordinal)
            .Select(p => new Interaction(p.Key.User, p.Key.Item, (float)Math.Min(p.Value.Weight, Cap), p.Value.Day))
            .ToArray();
    }
}

/// <summary>
/// Lists that leave out what a customer bought but keep what they only looked at: a model fitted on views and carts
/// would otherwise filter every product the customer viewed, the ones they are most likely to buy next.
/// </summary>
public static class BoughtFilter
{
    /// <summary>
    /// The top <paramref name="k"/> of <paramref name="model"/> for every user (in that order), without the training
    /// filter but without the user's items in <paramref name="bought"/>.
    /// </summary>
    public static IReadOnlyList<RecommendationResult> Recommend(
        IRecommender model, IReadOnlyList<string> userIds, int k, IReadOnlyDictionary<string, IReadOnlySet<string>> bought)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(bought);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var results = new RecommendationResult[userIds.Count];
        // Users grouped by how many items they bought, so each group is one batch of k + that many.
        foreach (var group in Enumerable.Range(0, userIds.Count).GroupBy(u => bought.TryGetValue(userIds[u], out var items) ? items.Count : 0))
        {
            var users = group.ToArray();
            var lists = model.Recommend(users.Select(u => userIds[u]).ToArray(), k + group.Key, filterAlreadyInteracted: false);
            for (var n = 0; n < users.Length; n++)
            {
                var list = lists[n];
                results[users[n]] = bought.TryGetValue(userIds[users[n]], out var items)
                    ? list with { Items = list.Items.Where(i => !items.Contains(i.ItemId)).Take(k).ToArray() }
                    : list with { Items = list.Items.Take(k).ToArray() };
            }
        }
        return results;
    }
}
