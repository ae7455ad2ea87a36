using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// Settings for <see cref="GaussianMixtureFitter"/>. The defaults follow scikit-learn's <c>GaussianMixture</c>
/// (<c>covariance_type='full'</c>, <c>max_iter=100</c>, <c>tol=1e-3</c>, <c>n_init=1</c>, <c>reg_covar=1e-6</c>,
/// <c>init_params='kmeans'</c>).
/// </summary>
public sealed record GaussianMixtureOptions
{
    /// <summary>Gets the number of mixture components k.</summary>
    /// <value>Required; at least 1 and at most the number of rows.</value>
    public required int NumberOfComponents { get; init; }

    /// <summary>Gets the covariance shape.</summary>
    /// <value>The default value is <see cref="DefaultCovariance"/>.</value>
    public CovarianceType Covariance { get; init; } = DefaultCovariance;

    /// <summary>The default <see cref="Covariance"/>: <see cref="CovarianceType.Full"/>, as scikit-learn's <c>covariance_type</c>.</summary>
    public const CovarianceType DefaultCovariance = CovarianceType.Full;

    /// <summary>Gets the maximum number of EM iterations per restart.</summary>
    /// <value>The default value is 100.</value>
    public int MaximumNumberOfIterations { get; init; } = 100;

    /// <summary>
    /// Gets the convergence threshold: EM stops when the mean log-likelihood per row changes by less than this between
    /// iterations (scikit-learn's <c>tol</c>).
    /// </summary>
    /// <value>The default value is 1e-3.</value>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Gets how many times EM is run, each from its own k-means initialisation; the run with the highest final lower bound is kept.</summary>
    /// <value>The default value is 1.</value>
    public int Restarts { get; init; } = 1;

    /// <summary>Gets the seed from which each restart's k-means seed is derived.</summary>
    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>
    /// Gets the value added to the diagonal of every covariance matrix, which keeps them positive definite (for example
    /// with a constant feature; scikit-learn's <c>reg_covar</c>).
    /// </summary>
    /// <value>The default value is 1e-6.</value>
    public double RegularisationCovariance { get; init; } = 1e-6;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        Require(NumberOfComponents >= 1, nameof(NumberOfComponents), $"at least 1, got {NumberOfComponents}");
        Require(Enum.IsDefined(Covariance), nameof(Covariance), $"Full or Diagonal, got {(int)Covariance}");
        Require(MaximumNumberOfIterations >= 1, nameof(MaximumNumberOfIterations), $"at least 1, got {MaximumNumberOfIterations}");
        Require(double.IsFinite(Tolerance) && Tolerance >= 0, nameof(Tolerance), $"a finite number >= 0, got {Tolerance}");
        Require(Restarts >= 1, nameof(Restarts), $"at least 1, got {Restarts}");
        Require(
            double.IsFinite(RegularisationCovariance) && RegularisationCovariance >= 0,
            nameof(RegularisationCovariance),
            $"a finite number >= 0, got {RegularisationCovariance}");
    }

    private static void Require(bool condition, string name, string range)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} must be {range}.", name);
        }
    }
}
