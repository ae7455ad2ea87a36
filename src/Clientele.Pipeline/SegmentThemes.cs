using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language.Themes;
using Clientele.Segmentation;

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
        Compute(store, asOf, groupOf, null, options).First;

    /// <summary>
    /// The themes of two groupings of the same customers at once (RFM segments and clusters; customers of
    /// <paramref name="second"/> outside <paramref name="first"/> are left out), from one query: how many of each group's
    /// customers spent on each product (net of returns), read with the segments' top products (<see cref="SegmentProductQuery"/>).
    /// </summary>
    public static (IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>> First, IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>>? Second) Compute(
        ClienteleStore store, DateOnly asOf, IReadOnlyDictionary<string, int> first, IReadOnlyDictionary<string, int>? second, DistinctiveTermsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(first);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        // The first grouping travels as the "RFM segment" (its group id as text), the second as the "cluster".
        var members = first.Select(m => new SegmentMember(m.Key, m.Value.ToString(culture), second is not null && second.TryGetValue(m.Key, out var g) ? g : null));
        var rows = SegmentProductQuery.ForMembers(store, members, asOf);
        return FromRows(store, rows, name => int.Parse(name, culture), second is not null, options);
    }

    /// <summary>
    /// The themes of the RFM segments and of the clusters (when <paramref name="clusters"/>) in products-by-segment rows
    /// (<see cref="SegmentProductQuery"/>'s), the RFM segments numbered by <paramref name="rfmId"/>.
    /// </summary>
    internal static (IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>> Rfm, IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>>? Clusters) FromRows(
        ClienteleStore store, IReadOnlyList<SegmentProduct> rows, Func<string, int> rfmId, bool clusters, DistinctiveTermsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rows);
        var products = ProductTextQuery.Compute(store);
        var merchandise = ServiceLines.Merchandise(products.Select(p => p.ProductId).ToList());
        var texts = products.Where(p => merchandise.Contains(p.ProductId)).ToDictionary(p => p.ProductId, p => p.Text, StringComparer.Ordinal);
        var rfmThemes = DistinctiveTerms.Compute(
            rows.Where(r => r.RfmSegment is not null && texts.ContainsKey(r.ProductId) && r.NetSpenders > 0)
                .Select(r => (rfmId(r.RfmSegment!), texts[r.ProductId], (double)r.NetSpenders)),
            options);
        var clusterThemes = !clusters ? null : DistinctiveTerms.Compute(
            rows.Where(r => r.Cluster is not null && texts.ContainsKey(r.ProductId) && r.NetSpenders > 0)
                .Select(r => (r.Cluster!.Value, texts[r.ProductId], (double)r.NetSpenders)),
            options);
        return (rfmThemes, clusterThemes);
    }

    /// <summary>
    /// A segmentation's RFM and cluster themes from its products by segment (<see cref="SegmentProductQuery"/>'s rows,
    /// by RFM segment name and cluster): the segments numbered as <paramref name="rfmProfiles"/> number them, and the
    /// clusters above 0 only, as <see cref="RfmGroups"/> and <see cref="ClusterGroups"/> group the customers.
    /// </summary>
    internal static (IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>> Rfm, IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>>? Clusters) ForSegmentation(
        ClienteleStore store, IReadOnlyList<SegmentProduct> products, IReadOnlyList<SegmentProfile> rfmProfiles, bool clusters)
    {
        var ids = RfmIds(rfmProfiles);
        return FromRows(store, [.. products.Where(r => r.RfmSegment is not null || r.Cluster > 0)], name => ids[name], clusters);
    }

    internal static Dictionary<string, int> ClusterGroups(SegmentResult result) => result.Customers
        .Where(c => c.Cluster is > 0)
        .ToDictionary(c => c.Features.CustomerId, c => c.Cluster!.Value, StringComparer.Ordinal);

    internal static Dictionary<string, int> RfmGroups(SegmentResult result)
    {
        var ids = RfmIds(result.RfmProfiles);
        return result.Customers.ToDictionary(c => c.Features.CustomerId, c => ids[c.RfmSegment], StringComparer.Ordinal);
    }

    /// <summary>Each named RFM segment's profile id.</summary>
    private static Dictionary<string, int> RfmIds(IReadOnlyList<SegmentProfile> rfmProfiles) =>
        rfmProfiles.ToDictionary(p => p.Name, p => p.Id, StringComparer.Ordinal);
}
