namespace Clientele.Features.Summaries;

/// <summary>
/// The purchase interactions as numbers, ready for a users × items matrix: every customer and product with a purchase,
/// each in ordinal order of its id, and one (customer, product, days) triple per pair, the weight being the number of
/// days the customer bought the product (what summing one interaction per customer, product and day gives).
/// A million customers' interactions held this way are some hundred megabytes; as rows of two strings each, several
/// gigabytes.
/// </summary>
/// <param name="CustomerIds">Customer ids in ordinal order; a triple's first number indexes it.</param>
/// <param name="ProductIds">Product ids in ordinal order; a triple's second number indexes it.</param>
/// <param name="Pairs">One triple per (customer, product) pair, in no particular order.</param>
/// <param name="Rows">The interactions (customer, product and day rows) the pairs sum.</param>
public sealed record CodedInteractions(string[] CustomerIds, string[] ProductIds, (int User, int Item, float Weight)[] Pairs, long Rows);
