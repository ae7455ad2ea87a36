namespace Clientele.Recommend;

/// <summary>
/// Fits the popularity baseline: an item's score is the number of distinct users who interacted with it (the same
/// list for everyone, minus what the user already has). Items nobody interacted with are never recommended.
/// </summary>
public sealed class PopularityFitter : IRecommenderFitter
{
    IRecommender IRecommenderFitter.Fit(InteractionMatrix interactions) => Fit(interactions);

    /// <summary>Counts the users of every item.</summary>
    /// <exception cref="ArgumentException">The matrix has no interactions.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A fitter's Fit is an instance method like every other fitter's.")]
    public PopularityModel Fit(InteractionMatrix interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        FitterInput.Check(interactions, PopularityModel.MethodName);
        return new PopularityModel(interactions);
    }
}
