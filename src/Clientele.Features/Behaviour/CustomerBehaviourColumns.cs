using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Features.Behaviour;

/// <summary>Behaviour columns of a list of customers as of one date, one row per customer in the list's order.</summary>
/// <param name="Columns">The columns, named (<see cref="CustomerBehaviourColumns.Activity"/> or <see cref="CustomerBehaviourColumns.ActivityAndRecency"/>).</param>
/// <param name="WithEvents">Customers of the list with an event before the as-of; the others have the no-event values.</param>
public sealed record CustomerBehaviour(FeatureMatrix Columns, int WithEvents);

/// <summary>
/// The behaviour columns a model adds to each customer's order-line features (docs/behaviour.md): the one definition of
/// their arithmetic, for the segmentation's clustering and the churn model.
/// </summary>
public static class CustomerBehaviourColumns
{
    /// <summary>
    /// What a customer did: sessions, views and cart adds as log1p (they are skewed as spend is), view-to-purchase and
    /// cart abandonment as they are (0 when undefined: no view, no cart). A customer without events has zeros.
    /// </summary>
    public static readonly IReadOnlyList<string> Activity = ["log1p(sessions)", "log1p(views)", "log1p(cart adds)", "view-to-purchase", "cart abandonment"];

    /// <summary>
    /// <see cref="Activity"/>, then how recently: log1p(days since the last visit), and 1 when the customer has an event
    /// before the as-of, else 0. A customer without events has not visited since at least the store's first event, so
    /// their days since the last visit are the days from the first event of anyone to the as-of (the most any visitor can
    /// have); the flag lets a tree tell them from a visitor who stopped coming that long ago (e.g. when only some
    /// customers' visits are tracked).
    /// </summary>
    public static readonly IReadOnlyList<string> ActivityAndRecency = [.. Activity, "log1p(days since last visit)", "has events"];

    /// <summary>The columns of <paramref name="customerIds"/> from the behaviour features of everyone at one as-of (<see cref="BehaviourInputs.Features"/>).</summary>
    /// <param name="people">Everyone's behaviour features at the as-of.</param>
    /// <param name="customerIds">The customers, in the order of the rows.</param>
    /// <param name="recency">Whether to add the recency columns (<see cref="ActivityAndRecency"/>), else <see cref="Activity"/> only.</param>
    public static CustomerBehaviour Compute(BehaviourFeatureSet people, IReadOnlyList<string> customerIds, bool recency)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(customerIds);
        var byPerson = people.People.ToDictionary(p => p.Person, StringComparer.Ordinal);
        var notSeen = people.People.Count == 0 ? 0 : people.AsOf.DayNumber - DateOnly.FromDateTime(people.People.Min(p => p.FirstEventAt)).DayNumber;
        return Columns([.. customerIds.Select(id => byPerson.GetValueOrDefault(id))], notSeen, recency);
    }

    /// <summary>
    /// One customer's columns as of <paramref name="asOf"/> from a store whose behaviour summaries are kept current (the
    /// live service's event writer keeps them): the customer's own summary row, and, for a customer without events, the
    /// first event of anyone; not every person's features as <see cref="Compute(ClienteleStore, IReadOnlyList{string}, DateOnly, bool)"/>
    /// reads. A customer with an event on or after <paramref name="asOf"/> (timestamped ahead) is computed from the events.
    /// </summary>
    public static CustomerBehaviour ComputeOne(ClienteleStore store, string customerId, DateOnly asOf, bool recency)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(customerId);
        var person = BehaviourSummaryReader.FeaturesOf(store, customerId, asOf);
        if (person is not null && DateOnly.FromDateTime(person.LastEventAt) >= asOf)
        {
            return Compute(store, [customerId], asOf, recency);
        }
        var notSeen = person is not null ? 0
            : store.Scalar<DateTime?>("SELECT min(first_event_at) FROM behaviour_summaries") is { } first ? asOf.DayNumber - DateOnly.FromDateTime(first).DayNumber
            : 0;
        return Columns([person], notSeen, recency);
    }

    /// <summary>The rows of customers whose features are given (null: no event before the as-of), <paramref name="notSeen"/> the days a customer without events has not visited.</summary>
    private static CustomerBehaviour Columns(IReadOnlyList<BehaviourFeatures?> customers, int notSeen, bool recency)
    {
        var names = recency ? ActivityAndRecency : Activity;
        var d = names.Count;
        var values = new double[customers.Count * d];
        var withEvents = 0;
        for (var i = 0; i < customers.Count; i++)
        {
            var row = values.AsSpan(d * i, d);
            if (customers[i] is not { } b)
            {
                if (recency)
                {
                    row[5] = Math.Log(1 + notSeen);
                }
                continue;
            }
            withEvents++;
            row[0] = Math.Log(1 + b.Sessions);
            row[1] = Math.Log(1 + b.Views);
            row[2] = Math.Log(1 + b.CartAdds);
            row[3] = b.ViewToPurchase ?? 0;
            row[4] = b.CartAbandonment ?? 0;
            if (recency)
            {
                row[5] = Math.Log(1 + b.DaysSinceLastVisit);
                row[6] = 1;
            }
        }
        return new CustomerBehaviour(new FeatureMatrix(values, customers.Count, d, names), withEvents);
    }

    /// <summary>The columns of <paramref name="customerIds"/> as of <paramref name="asOf"/> (events strictly before it); call <see cref="BehaviourInputs.Prepare"/> once first.</summary>
    public static CustomerBehaviour Compute(ClienteleStore store, IReadOnlyList<string> customerIds, DateOnly asOf, bool recency)
        => Compute(BehaviourInputs.Features(store, asOf), customerIds, recency);
}
