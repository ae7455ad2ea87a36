using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>Chooses the number of components of a Gaussian mixture.</summary>
public static class GaussianMixtureSelection
{
    /// <summary>
    /// Fits a mixture for every k in [<paramref name="minK"/>, <paramref name="maxK"/>] with
    /// <paramref name="baseOptions"/> (its <see cref="GaussianMixtureOptions.NumberOfComponents"/> replaced by k) and
    /// chooses the k with the lowest Bayesian information criterion (Schwarz 1978); ties go to the smaller k.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The range is empty or starts below 1, <paramref name="maxK"/> exceeds the number of rows, or a fit fails (see
    /// <see cref="GaussianMixtureFitter.Fit(FeatureMatrix)"/>).
    /// </exception>
    public static GaussianMixtureSelectionResult ChooseByBayesianInformationCriterion(
        FeatureMatrix data, GaussianMixtureOptions baseOptions, int minK, int maxK)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(baseOptions);
        if (minK < 1)
        {
            throw new ArgumentException($"The smallest k must be at least 1, got {minK}.", nameof(minK));
        }
        if (maxK < minK)
        {
            throw new ArgumentException($"The largest k ({maxK}) must be at least the smallest ({minK}).", nameof(maxK));
        }
        if (maxK > data.Rows)
        {
            throw new ArgumentException($"The largest k ({maxK}) must be at most the number of rows ({data.Rows}).", nameof(maxK));
        }
        var table = new List<GaussianMixtureSelectionRow>();
        GaussianMixtureModel? best = null;
        for (var k = minK; k <= maxK; k++)
        {
            var model = new GaussianMixtureFitter(baseOptions with { NumberOfComponents = k }).Fit(data);
            table.Add(new GaussianMixtureSelectionRow(k, model.LogLikelihood, model.BayesianInformationCriterion));
            if (best is null || model.BayesianInformationCriterion < best.BayesianInformationCriterion)
            {
                best = model;
            }
        }
        var rule = $"Choose the k from {minK} to {maxK} whose Gaussian mixture has the lowest Bayesian information criterion "
            + "(−2 × log-likelihood + number of parameters × ln n); ties go to the smaller k.";
        return new GaussianMixtureSelectionResult(best!.NumberOfClusters, best, table, rule);
    }
}
