namespace Clientele.Segmentation;

/// <summary>Settings for <see cref="DbscanFitter"/>; the names follow scikit-learn's <c>DBSCAN</c>.</summary>
public sealed record DbscanOptions
{
    /// <summary>
    /// Gets the neighbourhood radius ε: rows at Euclidean distance at most ε are neighbours (scikit-learn's
    /// <c>eps</c>). <see cref="DbscanEpsilon.Suggest"/> proposes one from the data.
    /// </summary>
    /// <value>Required; a finite number above 0.</value>
    public required double Epsilon { get; init; }

    /// <summary>
    /// Gets the number of rows, the row itself included, that must lie within ε of a row for it to be a core point
    /// (scikit-learn's <c>min_samples</c>).
    /// </summary>
    /// <value>The default value is <see cref="DefaultMinimumPoints"/>.</value>
    public int MinimumPoints { get; init; } = DefaultMinimumPoints;

    /// <summary>The default <see cref="MinimumPoints"/>: 5, as scikit-learn's <c>min_samples</c>.</summary>
    public const int DefaultMinimumPoints = 5;

    /// <summary>Gets the spatial index for the neighbourhood queries; the labels do not depend on it.</summary>
    /// <value>The default value is <see cref="DbscanIndex.Automatic"/>.</value>
    public DbscanIndex Index { get; init; } = DbscanIndex.Automatic;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(Epsilon) || Epsilon <= 0)
        {
            throw new ArgumentException($"{nameof(Epsilon)} must be a finite number above 0, got {Epsilon}.", nameof(Epsilon));
        }
        if (MinimumPoints < 1)
        {
            throw new ArgumentException($"{nameof(MinimumPoints)} must be at least 1, got {MinimumPoints}.", nameof(MinimumPoints));
        }
        if (!Enum.IsDefined(Index))
        {
            throw new ArgumentException($"{nameof(Index)} {(int)Index} is not a DBSCAN index.", nameof(Index));
        }
    }
}
