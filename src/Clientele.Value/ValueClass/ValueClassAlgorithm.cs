namespace Clientele.Value.ValueClass;

/// <summary>The learners a value-class model can use.</summary>
public enum ValueClassAlgorithm
{
    /// <summary>LightGbm gradient-boosted trees with Platt-calibrated probabilities.</summary>
    LightGbm,

    /// <summary>L2-regularised logistic regression (L-BFGS) on standardised log features: the baseline.</summary>
    LogisticRegression,
}
