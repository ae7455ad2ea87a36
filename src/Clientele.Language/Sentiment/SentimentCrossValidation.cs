namespace Clientele.Language.Sentiment;

/// <summary>Means over the folds of a stratified k-fold cross-validation of the model and of its baseline.</summary>
public sealed record SentimentCrossValidation
{
    public required int Folds { get; init; }

    public required double MeanAccuracy { get; init; }

    public required double MeanMacroF1 { get; init; }

    public double? BaselineMeanAccuracy { get; init; }

    public double? BaselineMeanMacroF1 { get; init; }
}
