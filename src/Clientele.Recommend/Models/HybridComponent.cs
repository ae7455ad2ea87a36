namespace Clientele.Recommend;

/// <summary>One recommender of a hybrid and the weight of its normalised scores.</summary>
/// <param name="Fitter">The component's fitter; it must produce a Clientele recommender (a <see cref="RecommenderModel"/>).</param>
/// <param name="Weight">The weight of its min-max normalised scores; finite and &gt; 0.</param>
public sealed record HybridComponent(IRecommenderFitter Fitter, float Weight);
