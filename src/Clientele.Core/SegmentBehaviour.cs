namespace Clientele.Core;

/// <summary>
/// How a group of customers behaved on the site before the as-of date, from their behaviour events (docs/behaviour.md).
/// A customer without events counts as zero sessions, views and cart adds, and is in no rate's denominator. The two rates
/// are over the group's totals (its purchase events ÷ its view events; its abandoned cart sessions ÷ its cart sessions),
/// not means of each customer's rate, so that a customer with one view weighs no more than that one view.
/// </summary>
/// <param name="Customers">Customers in the group, with events or not.</param>
/// <param name="CustomersWithEvents">Of them, those with any event before the as-of date.</param>
/// <param name="MeanSessions">Sessions per customer, over all <paramref name="Customers"/>.</param>
/// <param name="MedianSessions">The median customer's sessions, over all <paramref name="Customers"/>.</param>
/// <param name="MeanViews">View events per customer, over all <paramref name="Customers"/>.</param>
/// <param name="MeanCartAdds">Cart adds per customer, over all <paramref name="Customers"/>.</param>
/// <param name="Views">The group's view events.</param>
/// <param name="Purchases">The group's purchase events.</param>
/// <param name="CartSessions">The group's sessions with a cart add.</param>
/// <param name="AbandonedSessions">Of those, the sessions without a purchase.</param>
/// <param name="MedianDaysSinceLastVisit">The median of the as-of date − the day of the last event, over the customers with events; null without any.</param>
/// <param name="TopCategory">The category with most of the group's views (a tie to the smaller by its bytes); null when no view had a category.</param>
/// <param name="TopCategoryShare">The top category's views ÷ the group's views that had a category.</param>
/// <param name="TopCategoryLift">The top category's share of the group's views ÷ its share of everyone's views.</param>
public sealed record SegmentBehaviour(
    int Customers,
    int CustomersWithEvents,
    double MeanSessions,
    double MedianSessions,
    double MeanViews,
    double MeanCartAdds,
    long Views,
    long Purchases,
    long CartSessions,
    long AbandonedSessions,
    double? MedianDaysSinceLastVisit,
    string? TopCategory,
    double? TopCategoryShare,
    double? TopCategoryLift)
{
    /// <summary>Customers with any event ÷ customers.</summary>
    public double ShareWithEvents => Customers == 0 ? double.NaN : (double)CustomersWithEvents / Customers;

    /// <summary>Purchase events ÷ view events; null without a view.</summary>
    public double? ViewToPurchase => Views > 0 ? (double)Purchases / Views : null;

    /// <summary>Abandoned cart sessions ÷ cart sessions; null without a cart session.</summary>
    public double? CartAbandonment => CartSessions > 0 ? (double)AbandonedSessions / CartSessions : null;

    /// <summary>Each figure ÷ everyone's (means for the counts, rates for the rates, medians for the days since the last visit); null where either is missing or everyone's is 0.</summary>
    public BehaviourLifts LiftsAgainst(SegmentBehaviour everyone)
    {
        ArgumentNullException.ThrowIfNull(everyone);
        static double? Ratio(double? segment, double? all) => segment is { } s && all is { } a && a != 0 && double.IsFinite(s / a) ? s / a : null;
        return new BehaviourLifts(
            Ratio(ShareWithEvents, everyone.ShareWithEvents),
            Ratio(MeanSessions, everyone.MeanSessions),
            Ratio(MeanViews, everyone.MeanViews),
            Ratio(MeanCartAdds, everyone.MeanCartAdds),
            Ratio(ViewToPurchase, everyone.ViewToPurchase),
            Ratio(CartAbandonment, everyone.CartAbandonment),
            Ratio(MedianDaysSinceLastVisit, everyone.MedianDaysSinceLastVisit),
            TopCategoryLift);
    }
}

/// <summary>A segment's behaviour figures ÷ everyone's (<see cref="SegmentBehaviour.LiftsAgainst"/>).</summary>
public sealed record BehaviourLifts(
    double? ShareWithEvents, double? Sessions, double? Views, double? CartAdds, double? ViewToPurchase, double? CartAbandonment, double? DaysSinceLastVisit, double? TopCategory);
