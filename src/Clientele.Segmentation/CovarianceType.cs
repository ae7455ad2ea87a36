namespace Clientele.Segmentation;

/// <summary>The shape of each component's covariance matrix.</summary>
public enum CovarianceType
{
    /// <summary>A full covariance matrix per component: d(d + 1) / 2 parameters each.</summary>
    Full,

    /// <summary>A diagonal covariance matrix per component (features independent within a component): d parameters each.</summary>
    Diagonal,
}
