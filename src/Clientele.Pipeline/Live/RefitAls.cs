using Clientele.Recommend;

namespace Clientele.Pipeline.Live;

/// <summary>
/// Where the service's refit fits ALS when it is not this process: the cluster registers one that solves over its
/// silos (<see cref="RecommendRequest.Als"/>). Without it, the refit fits in the process that runs it.
/// </summary>
public sealed record RefitAls(Func<AlsOptions, IRecommenderFitter> Fitter);
