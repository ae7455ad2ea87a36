using Clientele.Data.Store;
using Clientele.Pipeline.State;
using Clientele.Recommend;

namespace Clientele.Pipeline.Live;

/// <summary>
/// A customer's recommendations from the current recommender, folding in purchases newer than the model: the
/// customer's weights (days each product was bought, as the batch matrix counts them) are given to the model's fold-in
/// (<see cref="IRecommender.RecommendForNewInteractions"/>: for ALS the customer's factors solved against the fixed item
/// factors, implicit's <c>recalculate_user</c>). Each product comes with the customer's purchases most similar to it.
/// </summary>
public static class LiveRecommendations
{
    /// <summary>How many of the customer's purchases explain a recommendation.</summary>
    public const int Reasons = 3;

    /// <summary>
    /// The customer's recommendations as the route answers them; null when the store has never seen the customer. With
    /// <paramref name="rows"/> (a customer grain's), the customer's rows are read through them.
    /// </summary>
    public static LiveCustomerRecommendations? ForCustomer(ClienteleStore store, LiveModels models, string customerId, int count, LiveCustomerRows? rows = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(models);
        if (!LiveProfiles.Known(store, customerId, rows))
        {
            return null;
        }
        var why = new List<string>();
        var items = For(store, models, customerId, count, why, rows);
        return new LiveCustomerRecommendations(models.Versions.TryGetValue(ModelKinds.Recommender, out var version) ? version : null, items, why);
    }

    public static IReadOnlyList<LiveRecommendation> For(ClienteleStore store, LiveModels models, string customerId, int count, List<string> why, LiveCustomerRows? rows = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(why);
        if (models.Recommender is not { } model)
        {
            why.Add(models.Versions.ContainsKey(ModelKinds.Recommender)
                ? "the current recommender does not save its model, so its stored lists are shown as they were made"
                : models.NoRecommender ?? LiveModels.NoRecommenderYet);
            return models.Versions.TryGetValue(ModelKinds.Recommender, out var version)
                ? [.. ResultTables.ReadRecommendations(store, version, customerId).Take(count).Select(r => new LiveRecommendation(r.ProductId, r.Score, []))]
                : [];
        }
        var bought = KeptRows.Read<IReadOnlyList<(string ItemId, float Weight)>>(rows, "purchases", () => Purchases(store, customerId));
        var result = model.RecommendForNewInteractions(bought, count);
        why.Add(bought.Count == 0
            ? $"no purchases yet: {result.Reason ?? "the model's answer for a customer without history"}"
            : $"{model.Method} (version {models.Versions[ModelKinds.Recommender]}) from the {bought.Count} products bought, weighted by the days each was bought, including purchases since the model was fitted"
                + (result.Reason is null ? "" : $"; {result.Reason}"));
        if (!model.ExplainsByPurchases)
        {
            why.Add($"{model.Method} ranks products by how many customers bought them, not by their likeness to this customer's purchases, so no purchase explains a recommendation");
            return [.. result.Items.Select(item => new LiveRecommendation(item.ItemId, item.Score, []))];
        }
        var products = bought.Select(b => b.ItemId).ToArray();
        return [.. result.Items.Select(item => new LiveRecommendation(
            item.ItemId, item.Score, [.. model.SimilarityTo(item.ItemId, products).Take(Reasons).Select(s => s.ItemId)]))];
    }

    /// <summary>The products the customer bought, each weighted by the days it was bought (the batch matrix's weight).</summary>
    private static List<(string ItemId, float Weight)> Purchases(ClienteleStore store, string customerId)
    {
        var bought = new List<(string, float)>();
        using var command = store.Command(
            "SELECT product_id, count(*) FROM customer_product_days WHERE customer_id = $customer AND purchase_lines > 0 GROUP BY product_id ORDER BY product_id COLLATE \"C\"",
            ("customer", customerId));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            bought.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return bought;
    }
}
