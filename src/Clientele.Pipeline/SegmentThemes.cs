using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language.Themes;

namespace Clientele.Pipeline;

/// <summary>
/// Each segment's top themes: the words and phrases that most distinguish the texts of the products its customers
/// bought (title, description, category) from those of every other customer (<see cref="DistinctiveTerms"/>). A
/// product counts once per customer who bought it (not per unit); service lines (postage, fees:
/// <see cref="ServiceLines"/>) do not count. Reviews do not count either: a theme says what a segment buys, and review
/// words ("ótimo", "arrived late") say how it went, which is review sentiment's business.
/// </summary>
public static class SegmentThemes
{
    /// <summary>How themes are scored, for segments.json.</summary>
    public const string Method =
        "log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), z-score of the segment against all other customers; " +
        "texts: each bought product's title, description and category once per customer (reviews are not product text); function words of English, Portuguese, Spanish, French, German, Italian and Dutch left out";

    /// <summary>
    /// The themes of the segments of <paramref name="result"/>, by segment id (the profiles' ids): of the clusters when
    /// <paramref name="clusters"/> and there is a clustering, else of the named RFM segments. Taken from the result when the
    /// segmentation computed them, else computed from its store.
    /// </summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>> For(SegmentResult result, bool clusters = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        var useClusters = clusters && result.Clustering is not null;
        if ((useClusters ? result.ClusterThemes : result.RfmThemes) is { } computed)
        {
            return computed;
        }
        using var store = ClienteleStore.OpenExisting(result.Store);
        var groups = useClusters ? ClusterGroups(result) : RfmGroups(result);
        return Compute(store, result.AsOf, groups);
    }

    /// <summary>The themes of groups of customers (customer id → group id; customers not in the map are left out).</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>> Compute(
        ClienteleStore store, DateOnly asOf, IReadOnlyDictionary<string, int> groupOf, DistinctiveTermsOptions? options = null) =>
        Compute(store, asOf, [groupOf], options)[0];

    /// <summary>The themes of several groupings of the same customers (RFM segments, clusters), reading what they bought once.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>>> Compute(
        ClienteleStore store, DateOnly asOf, IReadOnlyList<IReadOnlyDictionary<string, int>> groupings, DistinctiveTermsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(groupings);
        var products = ProductTextQuery.Compute(store);
        var merchandise = ServiceLines.Merchandise(products.Select(p => p.ProductId).ToList());
        var texts = products.Where(p => merchandise.Contains(p.ProductId)).ToDictionary(p => p.ProductId, p => p.Text, StringComparer.Ordinal);
        var spend = CustomerInputs.Spend(store, asOf);
        return [.. groupings.Select(groupOf => DistinctiveTerms.Compute(Texts(groupOf, texts, spend), options))];
    }

    internal static Dictionary<string, int> ClusterGroups(SegmentResult result) => result.Customers
        .Where(c => c.Cluster is > 0)
        .ToDictionary(c => c.Features.CustomerId, c => c.Cluster!.Value, StringComparer.Ordinal);

    internal static Dictionary<string, int> RfmGroups(SegmentResult result)
    {
        var ids = result.RfmProfiles.ToDictionary(p => p.Name, p => p.Id, StringComparer.Ordinal);
        return result.Customers.ToDictionary(c => c.Features.CustomerId, c => ids[c.RfmSegment], StringComparer.Ordinal);
    }

    /// <summary>Each product's text once per group with the number of the group's customers who bought it as its weight (the same counts as once per customer).</summary>
    private static IEnumerable<(int Group, string Text, double Weight)> Texts(
        IReadOnlyDictionary<string, int> groupOf, Dictionary<string, string> productTexts, IReadOnlyList<CustomerProductSpend> spend)
    {
        var buyers = new Dictionary<(int Group, string ProductId), int>();
        var order = new List<(int Group, string ProductId)>();
        foreach (var purchase in spend)
        {
            if (groupOf.TryGetValue(purchase.CustomerId, out var group) && productTexts.ContainsKey(purchase.ProductId))
            {
                var key = (group, purchase.ProductId);
                if (buyers.TryGetValue(key, out var count))
                {
                    buyers[key] = count + 1;
                }
                else
                {
                    buyers[key] = 1;
                    order.Add(key);
                }
            }
        }
        return order.Select(key => (key.Group, productTexts[key.ProductId], (double)buyers[key]));
    }
}
