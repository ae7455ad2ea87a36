namespace Clientele.Pipeline.State;

/// <summary>The kinds of model the registry keeps, and the command that fits each (named when one is missing).</summary>
public static class ModelKinds
{
    /// <summary>RFM scores and segments, and the clustering when one was asked for (<c>clientele segment</c>).</summary>
    public const string Segmentation = "segmentation";

    /// <summary>BG/NBD or Pareto/NBD, Gamma-Gamma, CLV, churn and value class (<c>clientele value</c>).</summary>
    public const string Value = "value";

    /// <summary>A recommender's lists and similar products (<c>clientele recommend</c>).</summary>
    public const string Recommender = "recommender";

    /// <summary>How the recommenders compare with popularity on held-out purchases (<c>clientele evaluate recommend</c>): measured, not applied to customers.</summary>
    public const string RecommenderEvaluation = "recommender-evaluation";

    public static IReadOnlyList<string> All { get; } = [Segmentation, Value, Recommender, RecommenderEvaluation];

    public static string CommandFor(string kind) => kind switch
    {
        Segmentation => "segment",
        Value => "value",
        Recommender => "recommend",
        RecommenderEvaluation => "evaluate recommend",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a model kind"),
    };
}
