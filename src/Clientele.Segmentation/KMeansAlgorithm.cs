namespace Clientele.Segmentation;

/// <summary>How <see cref="KMeansFitter"/> iterates from a seeding; both give identical results for the same seed.</summary>
internal enum KMeansAlgorithm
{
    /// <summary>
    /// Lloyd's algorithm: every iteration computes the distance of every row to every centroid (vectorised), in single
    /// precision where the nearest centroid is certain and in double where it is not, so labels are those of double.
    /// </summary>
    Lloyd,

    /// <summary>
    /// Hamerly's algorithm (2010): Lloyd's iterations with one upper and one lower distance bound per row, so that rows
    /// whose label cannot change are skipped (triangle inequality). Two extra doubles per row.
    /// </summary>
    Hamerly,
}
