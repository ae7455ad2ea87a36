using Clientele.Recommend;

namespace Clientele.Cluster.Als;

/// <summary>What a shard needs of the fit's <see cref="AlsOptions"/> to solve its rows as the single-process fit does.</summary>
[GenerateSerializer]
[Immutable]
public sealed record AlsSolveSettings(
    [property: Id(0)] int Factors,
    [property: Id(1)] float Regularization,
    [property: Id(2)] float Alpha,
    [property: Id(3)] int ConjugateGradientSteps)
{
    public static AlsSolveSettings Of(AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AlsSolveSettings(options.Factors, options.Regularization, options.Alpha, options.ConjugateGradientSteps);
    }

    /// <summary>A fitter with these settings (the rest default: a shard only solves).</summary>
    public AlsFitter Fitter() => new(new AlsOptions { Factors = Factors, Regularization = Regularization, Alpha = Alpha, ConjugateGradientSteps = ConjugateGradientSteps });
}
