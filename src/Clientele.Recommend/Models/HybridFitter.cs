using Clientele.Core;

namespace Clientele.Recommend;

/// <summary>
/// Fits a hybrid: several recommenders on the same matrix whose scores are blended. For a user, each component's
/// scores over the items that survive filtering are min-max normalised to [0, 1] (all 1 when they are all equal) and
/// summed with the component weights; an item a component cannot score adds 0 from it, and an item no component can
/// score is not recommended.
/// </summary>
/// <remarks>
/// <para>
/// The default blend (<see cref="Default"/>) is implicit ALS 0.6, item-kNN (cosine) 0.3 and popularity 0.1: the
/// factor model carries most of the ranking, the neighbours sharpen "bought with", and popularity breaks the ties of
/// users with short histories. With a segment map, a user the model was not fitted on but whose segment is known gets
/// the segment's most popular items (the cold start), and the reason says so.
/// </para>
/// </remarks>
public sealed class HybridFitter : IRecommenderFitter
{
    private readonly HybridComponent[] _components;
    private readonly IReadOnlyDictionary<string, string>? _userSegments;

    /// <param name="components">The components; at least one.</param>
    /// <param name="userSegments">Optional segment of each user id, for the cold start.</param>
    /// <exception cref="ArgumentException">No component, a null fitter, or a weight that is not finite and &gt; 0.</exception>
    public HybridFitter(IReadOnlyList<HybridComponent> components, IReadOnlyDictionary<string, string>? userSegments = null)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count == 0)
        {
            throw new ArgumentException("A hybrid needs at least one component.", nameof(components));
        }
        for (var n = 0; n < components.Count; n++)
        {
            var c = components[n];
            if (c?.Fitter is null)
            {
                throw new ArgumentException($"Component {n} has no fitter.", nameof(components));
            }
            if (!float.IsFinite(c.Weight) || c.Weight <= 0)
            {
                throw new ArgumentException($"Component {n} has weight {c.Weight}; weights must be finite and > 0.", nameof(components));
            }
        }
        _components = [.. components];
        _userSegments = userSegments;
    }

    /// <summary>The documented default blend: ALS 0.6, item-kNN 0.3, popularity 0.1 (each with its default settings and <paramref name="seed"/>).</summary>
    public static HybridFitter Default(int seed = RandomSeed.Default, IReadOnlyDictionary<string, string>? userSegments = null) => new(
        [
            new HybridComponent(new AlsFitter(new AlsOptions { Seed = seed }), 0.6f),
            new HybridComponent(new ItemKnnFitter(), 0.3f),
            new HybridComponent(new PopularityFitter(), 0.1f),
        ],
        userSegments);

    IRecommender IRecommenderFitter.Fit(InteractionMatrix interactions) => Fit(interactions);

    /// <summary>Fits every component on <paramref name="interactions"/> (one after the other; each uses all cores).</summary>
    /// <exception cref="ArgumentException">The matrix has no interactions, or a component is not a Clientele recommender.</exception>
    public HybridModel Fit(InteractionMatrix interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        FitterInput.Check(interactions, HybridModel.MethodName);
        var models = new (RecommenderModel Model, float Weight)[_components.Length];
        for (var n = 0; n < _components.Length; n++)
        {
            var fitted = _components[n].Fitter.Fit(interactions);
            if (fitted is not RecommenderModel model || !ReferenceEquals(model.Interactions, interactions))
            {
                throw new ArgumentException(
                    $"Component {n} ({fitted.GetType().Name}) is not a Clientele recommender fitted on the same matrix; a hybrid blends only those.", nameof(interactions));
            }
            models[n] = (model, _components[n].Weight);
        }
        var segments = _userSegments is null ? null : new SegmentPopularityFitter(_userSegments).Fit(interactions);
        return new HybridModel(interactions, models, segments);
    }
}
