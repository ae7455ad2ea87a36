namespace Clientele.Core;

/// <summary>One customer's features and segments as a segmentation left them: a row of customers.csv and of the store's segment results.</summary>
/// <param name="Cluster">The cluster (1-based; −1 for DBSCAN's noise), or null when only RFM segments were made.</param>
public sealed record CustomerSegments(CustomerFeatures Features, int RScore, int FScore, int MScore, string RfmSegment, int? Cluster);
