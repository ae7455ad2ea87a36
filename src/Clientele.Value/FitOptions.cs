namespace Clientele.Value;

/// <summary>Checks of the settings every maximum-likelihood fitter shares.</summary>
internal static class FitOptions
{
    public static void Validate(double penalizerCoefficient, int maximumNumberOfIterations, double optimizationTolerance)
    {
        if (!double.IsFinite(penalizerCoefficient) || penalizerCoefficient < 0)
        {
            throw new ArgumentException(
                $"PenalizerCoefficient must be a finite number >= 0, got {penalizerCoefficient}.", nameof(penalizerCoefficient));
        }
        if (maximumNumberOfIterations < 1)
        {
            throw new ArgumentException(
                $"MaximumNumberOfIterations must be at least 1, got {maximumNumberOfIterations}.", nameof(maximumNumberOfIterations));
        }
        if (!double.IsFinite(optimizationTolerance) || optimizationTolerance <= 0)
        {
            throw new ArgumentException(
                $"OptimizationTolerance must be a finite number > 0, got {optimizationTolerance}.", nameof(optimizationTolerance));
        }
    }
}
