namespace Clientele.Core;

/// <summary>
/// Per-customer features as of a date: everything the segmentation and value models start from.
/// Definitions are in the README ("Features").
/// </summary>
public sealed record CustomerFeatures(
    string CustomerId,
    DateTime FirstPurchase,
    DateTime LastPurchase,
    int RecencyDays,
    int Frequency,
    decimal Monetary,
    int TenureDays,
    decimal AverageOrderValue,
    int DistinctProducts,
    double ReturnRate);
