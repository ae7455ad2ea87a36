namespace Clientele.Segmentation;

/// <summary>Who is in a segment and how they differ from everyone.</summary>
/// <param name="Id">The segment's id (cluster number, or the RFM segment's rank in <see cref="RfmSegments.All"/>).</param>
/// <param name="Name">The segment's name (an RFM segment name, or "cluster 3").</param>
/// <param name="Label">A short description derived from the profile, e.g. "high value, recent, frequent".</param>
/// <param name="SeparatingFeatures">Features ordered by how far the segment sits from everyone (|standardised difference|), largest first.</param>
public sealed record SegmentProfile(
    int Id,
    string Name,
    string Label,
    int Size,
    double Share,
    IReadOnlyList<FeatureSummary> Features,
    IReadOnlyList<string> SeparatingFeatures);
