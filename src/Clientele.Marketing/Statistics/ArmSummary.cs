namespace Clientele.Marketing.Statistics;

/// <summary>The totals of one arm.</summary>
/// <param name="Arm">The arm's name.</param>
/// <param name="Customers">The number of customers assigned to it.</param>
/// <param name="Conversions">How many of them converted.</param>
/// <param name="ConversionRate">Conversions / customers.</param>
/// <param name="Revenue">The arm's total revenue.</param>
/// <param name="RevenuePerCustomer">Revenue / customers (non-buyers count as 0).</param>
public sealed record ArmSummary(string Arm, long Customers, long Conversions, double ConversionRate, double Revenue, double RevenuePerCustomer);
