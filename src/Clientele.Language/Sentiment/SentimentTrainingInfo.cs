namespace Clientele.Language.Sentiment;

/// <summary>
/// How a sentiment model was trained and how it did: the corpus and its counts, the seeded held-out split, the
/// trainer, and the held-out evaluation (with VADER's on the same texts for the English model). Stored in the model
/// file so that a trained model says where its numbers come from.
/// </summary>
public sealed record SentimentTrainingInfo
{
    /// <summary>The corpus file name.</summary>
    public required string Corpus { get; init; }

    /// <summary>Data rows in the corpus file.</summary>
    public required int CorpusRows { get; init; }

    /// <summary>Distinct non-empty texts used (rows less empty texts and verbatim repeats).</summary>
    public required int Texts { get; init; }

    /// <summary>Rows left out because their text was empty.</summary>
    public required int EmptyTexts { get; init; }

    /// <summary>Rows left out because their text repeated an earlier one.</summary>
    public required int DuplicateTexts { get; init; }

    /// <summary>Texts per label.</summary>
    public required IReadOnlyDictionary<string, int> LabelCounts { get; init; }

    /// <summary>How labels were derived from the corpus.</summary>
    public required string Labels { get; init; }

    /// <summary>The seed of the split.</summary>
    public required int Seed { get; init; }

    /// <summary>The held-out share of each label.</summary>
    public required double HeldOutFraction { get; init; }

    /// <summary>Texts the model was fitted on.</summary>
    public required int TrainTexts { get; init; }

    /// <summary>Texts held out for evaluation.</summary>
    public required int HeldOutTexts { get; init; }

    /// <summary>The trainer and its settings.</summary>
    public required string Trainer { get; init; }

    /// <summary>The model on the held-out texts.</summary>
    public required SentimentEvaluation HeldOut { get; init; }

    /// <summary>The zero-training baseline (VADER) on the same held-out texts, when there is one.</summary>
    public SentimentEvaluation? Baseline { get; init; }

    /// <summary>What the baseline is.</summary>
    public string? BaselineName { get; init; }

    /// <summary>Stratified k-fold cross-validation over all texts, when it was run.</summary>
    public SentimentCrossValidation? CrossValidation { get; init; }
}
