namespace Clientele.Marketing.Statistics;

/// <summary>How p-values from many tests of one experiment (segments × arms × metrics) are adjusted.</summary>
public enum MultipleTestingCorrection
{
    /// <summary>No adjustment.</summary>
    None,

    /// <summary>Holm's step-down method: controls the family-wise error rate, uniformly more powerful than Bonferroni.</summary>
    Holm,

    /// <summary>Benjamini–Hochberg: controls the false discovery rate (for independent or positively dependent tests).</summary>
    BenjaminiHochberg,
}
