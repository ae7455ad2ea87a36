namespace Clientele.Recommend;

/// <summary>
/// One interaction of a customer (user) with a product (item): a purchase, a view, a rating treated as a signal.
/// </summary>
/// <param name="UserId">The customer's id.</param>
/// <param name="ItemId">The product's id.</param>
/// <param name="Weight">
/// The strength of the signal (a quantity, a count, 1 for "happened"); interactions of the same pair are summed when a
/// matrix is built. Must be finite.
/// </param>
/// <param name="Timestamp">
/// When it happened, as any increasing number (Unix seconds, ticks); only the time-based splits read it.
/// </param>
public readonly record struct Interaction(string UserId, string ItemId, float Weight = 1f, long Timestamp = 0);
