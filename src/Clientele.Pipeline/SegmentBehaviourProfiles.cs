using Clientele.Core;
using Clientele.Core.Maths;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Features.Behaviour;

namespace Clientele.Pipeline;

/// <summary>Everyone's behaviour and each RFM segment's and cluster's, as the report's profiles show them.</summary>
/// <param name="Rfm">By RFM segment name.</param>
/// <param name="Clusters">By cluster id (−1 for noise); empty without clusters.</param>
public sealed record SegmentBehaviours(SegmentBehaviour Everyone, IReadOnlyDictionary<string, SegmentBehaviour> Rfm, IReadOnlyDictionary<int, SegmentBehaviour> Clusters);

/// <summary>
/// The behaviour of a segmentation's customers by segment (<see cref="SegmentBehaviour"/>): the behaviour summaries as of
/// the segmentation's day, joined in memory to the customers' rows, in one pass over the summary rows and one over the
/// category rows for every segment of both groupings at once.
/// </summary>
public static class SegmentBehaviourProfiles
{
    /// <summary>
    /// The behaviour by segment, or (null, why) when the store has events but none of the segmentation's customers has one
    /// before its as-of date; (null, null) when the store has no events (the report is then as without them). Brings the
    /// behaviour summaries up to date first (<see cref="BehaviourInputs.Prepare"/>), as segmentation does.
    /// </summary>
    public static (SegmentBehaviours? Behaviour, string? Skipped) Compute(ClienteleStore store, SegmentResult segments)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(segments);
        // Without events there is nothing to group: no list of a million members to make first.
        return FunnelQuery.HasEvents(store)
            ? Compute(store, segments.AsOf, [.. segments.Customers.Select(c => new SegmentMember(c.Features.CustomerId, c.RfmSegment, c.Cluster))])
            : (null, null);
    }

    /// <summary>As <see cref="Compute(ClienteleStore, SegmentResult)"/>, for a segmentation's customers as of <paramref name="asOf"/> given by their segments (e.g. read from customers.csv).</summary>
    public static (SegmentBehaviours? Behaviour, string? Skipped) Compute(ClienteleStore store, DateOnly asOf, IReadOnlyList<SegmentMember> customers)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(customers);
        if (!FunnelQuery.HasEvents(store))
        {
            return (null, null);
        }
        BehaviourInputs.Prepare(store);
        var rowOf = new Dictionary<string, int>(customers.Count, StringComparer.Ordinal);
        for (var i = 0; i < customers.Count; i++)
        {
            rowOf[customers[i].CustomerId] = i;
        }
        var summaries = new BehaviourSummary?[customers.Count];
        var withEvents = 0;
        foreach (var summary in BehaviourRowsAsOf.Summaries(store, asOf))
        {
            if (rowOf.TryGetValue(summary.Person, out var i))
            {
                summaries[i] = summary;
                withEvents++;
            }
        }
        if (withEvents == 0)
        {
            return (null, $"none of the {customers.Count:N0} customers has a behaviour event before {asOf:yyyy-MM-dd}, so the profiles have no behaviour columns.");
        }

        // Groups: 0 is everyone, then the RFM segments, then the clusters; each customer is in everyone, one RFM segment and at most one cluster.
        var rfmNames = customers.Select(c => c.RfmSegment).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var clusterIds = customers.Where(c => c.Cluster is not null).Select(c => c.Cluster!.Value).Distinct().Order().ToArray();
        var rfmGroup = rfmNames.Select((name, g) => (name, g)).ToDictionary(p => p.name, p => 1 + p.g, StringComparer.Ordinal);
        var clusterGroup = clusterIds.Select((id, g) => (id, g)).ToDictionary(p => p.id, p => 1 + rfmNames.Length + p.g);
        // Each customer's RFM segment's group and cluster's group (−1 without one): two ints a customer, not an array each.
        var rfmOf = new int[customers.Count];
        var clusterOf = new int[customers.Count];
        for (var i = 0; i < customers.Count; i++)
        {
            rfmOf[i] = rfmGroup[customers[i].RfmSegment];
            clusterOf[i] = customers[i].Cluster is { } cluster ? clusterGroup[cluster] : -1;
        }
        var totals = new Totals[1 + rfmNames.Length + clusterIds.Length];
        for (var g = 0; g < totals.Length; g++)
        {
            totals[g] = new Totals();
        }
        for (var i = 0; i < customers.Count; i++)
        {
            totals[0].Add(summaries[i], asOf);
            totals[rfmOf[i]].Add(summaries[i], asOf);
            if (clusterOf[i] >= 0)
            {
                totals[clusterOf[i]].Add(summaries[i], asOf);
            }
        }
        foreach (var row in BehaviourRowsAsOf.CategoryViews(store, asOf))
        {
            if (rowOf.TryGetValue(row.Person, out var i))
            {
                totals[0].AddViews(row.Category, row.Views);
                totals[rfmOf[i]].AddViews(row.Category, row.Views);
                if (clusterOf[i] >= 0)
                {
                    totals[clusterOf[i]].AddViews(row.Category, row.Views);
                }
            }
        }

        var everyone = totals[0];
        return (new SegmentBehaviours(
            everyone.Behaviour(everyone),
            rfmGroup.ToDictionary(p => p.Key, p => totals[p.Value].Behaviour(everyone), StringComparer.Ordinal),
            clusterGroup.ToDictionary(p => p.Key, p => totals[p.Value].Behaviour(everyone))), null);
    }

    /// <summary>One group's sums, the values its medians are taken of, and its views by category.</summary>
    private sealed class Totals
    {
        private readonly List<double> _sessions = [];
        private readonly List<double> _daysSinceLastVisit = [];
        private readonly Dictionary<string, long> _viewsByCategory = new(StringComparer.Ordinal);
        private int _customers;
        private int _withEvents;
        private long _sessionsTotal;
        private long _views;
        private long _cartAdds;
        private long _purchases;
        private long _cartSessions;
        private long _abandonedSessions;
        private long _categorisedViews;

        /// <summary>A customer, with their summary row, or null for a customer without events (zero of everything).</summary>
        public void Add(BehaviourSummary? summary, DateOnly asOf)
        {
            _customers++;
            if (summary is null)
            {
                _sessions.Add(0);
                return;
            }
            _withEvents++;
            _sessions.Add(summary.Sessions);
            _sessionsTotal += summary.Sessions;
            _views += summary.Views;
            _cartAdds += summary.CartAdds;
            _purchases += summary.Purchases;
            _cartSessions += summary.CartSessions;
            _abandonedSessions += summary.AbandonedSessions;
            _daysSinceLastVisit.Add(asOf.DayNumber - summary.LastVisitDay.DayNumber);
        }

        public void AddViews(string category, long views)
        {
            _viewsByCategory[category] = _viewsByCategory.GetValueOrDefault(category) + views;
            _categorisedViews += views;
        }

        public SegmentBehaviour Behaviour(Totals everyone)
        {
            string? top = null;
            var topViews = 0L;
            foreach (var (category, views) in _viewsByCategory)
            {
                if (views > topViews || (views == topViews && string.CompareOrdinal(category, top) < 0))
                {
                    (top, topViews) = (category, views);
                }
            }
            double? share = top is null ? null : (double)topViews / _categorisedViews;
            double? everyoneShare = top is null ? null : (double)everyone._viewsByCategory[top] / everyone._categorisedViews;
            return new SegmentBehaviour(
                _customers,
                _withEvents,
                _customers == 0 ? double.NaN : (double)_sessionsTotal / _customers,
                _sessions.Count == 0 ? double.NaN : Medians.Of([.. _sessions]),
                _customers == 0 ? double.NaN : (double)_views / _customers,
                _customers == 0 ? double.NaN : (double)_cartAdds / _customers,
                _views,
                _purchases,
                _cartSessions,
                _abandonedSessions,
                _daysSinceLastVisit.Count == 0 ? null : Medians.Of([.. _daysSinceLastVisit]),
                top,
                share,
                share / everyoneShare);
        }
    }
}
