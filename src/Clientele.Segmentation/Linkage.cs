namespace Clientele.Segmentation;

/// <summary>How the distance between two clusters is defined (the names and Lance–Williams updates of SciPy's <c>linkage</c>).</summary>
public enum Linkage
{
    /// <summary>
    /// Ward's minimum variance: merge the pair that least increases the within-cluster sum of squares. The height of a
    /// merge is SciPy's: <c>sqrt(2 |A| |B| / (|A| + |B|)) × ‖c_A − c_B‖</c>, which is the Euclidean distance for single points.
    /// </summary>
    Ward,

    /// <summary>UPGMA: the mean distance between the rows of the two clusters.</summary>
    Average,

    /// <summary>The largest distance between a row of one cluster and a row of the other.</summary>
    Complete,

    /// <summary>The smallest distance between a row of one cluster and a row of the other.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Single linkage is the method's name.")]
    Single,
}
