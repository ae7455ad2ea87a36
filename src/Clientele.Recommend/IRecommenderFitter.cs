namespace Clientele.Recommend;

/// <summary>Fits a recommender to an interaction matrix; the fitter holds the settings, the result is immutable.</summary>
public interface IRecommenderFitter
{
    /// <summary>Fits the recommender to <paramref name="interactions"/>.</summary>
    /// <exception cref="ArgumentException">The matrix has no interactions, or the settings are invalid.</exception>
    IRecommender Fit(InteractionMatrix interactions);
}
