using System.Globalization;
using Clientele.Core.Maths;
using Clientele.Core;
using Clientele.Language.LanguageDetection;

namespace Clientele.Language.Sentiment;

/// <summary>
/// The reproducible training of the sentiment models (<c>clientele models train-sentiment</c>): each corpus is split by
/// <see cref="StratifiedSplit.HeldOut"/> (seeded), the model is fitted on the training part only, and the held-out part
/// measures it (and VADER, for English), so the numbers stored with a model describe that very model.
/// </summary>
public static class SentimentTraining
{
    /// <summary>The training and held-out texts of <paramref name="corpus"/> under <paramref name="options"/>' split.</summary>
    public static (IReadOnlyList<LabelledText> Train, IReadOnlyList<LabelledText> HeldOut) Split(SentimentCorpus corpus, SentimentTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        options ??= new SentimentTrainingOptions();
        options.Validate();
        var heldOut = StratifiedSplit.HeldOut(corpus.Labels(), options.HeldOutFraction, options.Seed);
        var train = new List<LabelledText>();
        var test = new List<LabelledText>();
        for (var i = 0; i < corpus.Texts.Count; i++)
        {
            (heldOut[i] ? test : train).Add(corpus.Texts[i]);
        }
        return (train, test);
    }

    /// <summary>
    /// Trains the English model on the Alexa reviews: embeds every text with <paramref name="embedder"/>, fits on the
    /// training split, and evaluates the model and VADER on the held-out split (and by cross-validation).
    /// </summary>
    public static EnglishSentimentModel TrainEnglish(SentimentCorpus corpus, ITextEmbedder embedder, SentimentTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(embedder);
        options ??= new SentimentTrainingOptions();
        options.Validate();
        var texts = corpus.Texts.Select(t => t.Text).ToArray();
        var labels = corpus.Labels();
        var embeddings = embedder.Embed(texts);
        var vader = texts.Select(t => VaderAnalyzer.Default.PolarityScores(t).Label).ToArray();
        var heldOut = StratifiedSplit.HeldOut(labels, options.HeldOutFraction, options.Seed);
        var trainer = new EnglishSentimentFitter(options.English);

        var model = trainer.Fit(Pick(embeddings, heldOut, false), Pick(labels, heldOut, false));
        var actual = Pick(labels, heldOut, true);
        var predicted = Pick(embeddings, heldOut, true).Select(e => model.Predict(e)).ToArray();
        var evaluation = SentimentEvaluation.Of(actual, predicted, SentimentLabels.All);
        var info = Info(corpus, options, heldOut, options.English.Describe(), "1–2 stars negative, 3 neutral, 4–5 positive", evaluation) with
        {
            Baseline = SentimentEvaluation.Of(actual, Pick(vader, heldOut, true), SentimentLabels.All),
            BaselineName = "VADER (vaderSentiment 3.3 rules, compound ≥ 0.05 positive, ≤ −0.05 negative, else neutral)",
            CrossValidation = options.CrossValidationFolds == 0 ? null : CrossValidate(embeddings, labels, vader, trainer, options),
        };
        return new EnglishSentimentModel(
            [.. SentimentLabels.All.Select(model.Weights)], [.. SentimentLabels.All.Select(model.Bias)], info);
    }

    /// <summary>Trains the Chinese model on the online-shopping reviews and evaluates it on the held-out split.</summary>
    public static ChineseSentimentModel TrainChinese(SentimentCorpus corpus, SentimentTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        options ??= new SentimentTrainingOptions();
        options.Validate();
        var texts = corpus.Texts.Select(t => t.Text).ToArray();
        var labels = corpus.Labels();
        var heldOut = StratifiedSplit.HeldOut(labels, options.HeldOutFraction, options.Seed);
        var trainer = new ChineseSentimentFitter(options.Chinese);

        var model = trainer.Fit(Pick(texts, heldOut, false), Pick(labels, heldOut, false));
        var heldOutTexts = Pick(texts, heldOut, true);
        var predicted = new SentimentLabel[heldOutTexts.Length];
        Parallel.For(0, heldOutTexts.Length, i => predicted[i] = model.Predict(heldOutTexts[i]));
        var evaluation = SentimentEvaluation.Of(Pick(labels, heldOut, true), predicted, [SentimentLabel.Negative, SentimentLabel.Positive]);
        var info = Info(corpus, options, heldOut, options.Chinese.Describe(trainer.Features), "the corpus's label column: 1 positive, 0 negative", evaluation);
        return new ChineseSentimentModel(model.Features, model.Weights(), model.Bias, info);
    }

    /// <summary>Fewest distinct review texts of each kind (1–2 stars, 4–5 stars) a shop model is trained on.</summary>
    public const int MinimumShopTextsPerClass = 50;

    /// <summary>
    /// Trains a shop's own model on its star-rated reviews (<see cref="SentimentCorpus.FromRatings"/>): the character
    /// n-gram model, which reads any language, fitted on the seeded training split and measured on the held-out one
    /// (beside the accuracy of always answering the commoner class), kept for the language most reviews are in.
    /// </summary>
    /// <exception cref="ClienteleException">Fewer than <see cref="MinimumShopTextsPerClass"/> texts of either kind; the message gives the counts.</exception>
    public static ShopSentimentModel TrainShop(SentimentCorpus corpus, string store, int middle, SentimentTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(store);
        options ??= new SentimentTrainingOptions();
        options.Validate();
        var counts = corpus.LabelCounts();
        var negative = counts.GetValueOrDefault(SentimentLabel.Negative);
        var positive = counts.GetValueOrDefault(SentimentLabel.Positive);
        if (negative < MinimumShopTextsPerClass || positive < MinimumShopTextsPerClass)
        {
            throw new ClienteleException(
                $"too few rated reviews with text to train a sentiment model: {negative} distinct negative (1–2 stars) and {positive} positive (4–5 stars); "
                + $"at least {MinimumShopTextsPerClass} of each are needed ({corpus.Rows} reviews rated 1–2 or 4–5, {corpus.Empty} of them without text, {corpus.Duplicates} repeating an earlier text; {middle} rated 3 left out)",
                store);
        }
        var texts = corpus.Texts.Select(t => t.Text).ToArray();
        var dominant = LanguageDetector.Dominant(texts) ?? LanguageDetector.Undetermined;
        if (dominant is LanguageDetector.Other or LanguageDetector.Undetermined)
        {
            throw new ClienteleException($"the rated reviews are in no language clientele can tell (most detect as '{dominant}'), so a model could not be matched to texts", store);
        }
        var languages = texts.GroupBy(t => LanguageDetector.Detect(t, dominant)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var labels = corpus.Labels();
        var heldOut = StratifiedSplit.HeldOut(labels, options.HeldOutFraction, options.Seed);
        var trainer = new ChineseSentimentFitter(options.Chinese);
        var model = trainer.Fit(Pick(texts, heldOut, false), Pick(labels, heldOut, false));
        var heldOutTexts = Pick(texts, heldOut, true);
        var actual = Pick(labels, heldOut, true);
        var predicted = new SentimentLabel[heldOutTexts.Length];
        Parallel.For(0, heldOutTexts.Length, i => predicted[i] = model.Predict(heldOutTexts[i]));
        SentimentLabel[] binary = [SentimentLabel.Negative, SentimentLabel.Positive];
        var majority = positive >= negative ? SentimentLabel.Positive : SentimentLabel.Negative;
        var info = Info(corpus, options, heldOut, options.Chinese.Describe(trainer.Features), $"{ShopSentimentModel.RatingLabels} ({middle} reviews)", SentimentEvaluation.Of(actual, predicted, binary)) with
        {
            Baseline = SentimentEvaluation.Of(actual, actual.Select(_ => majority).ToArray(), binary),
            BaselineName = $"always {SentimentLabels.Name(majority)} (the commoner class)",
        };
        return new ShopSentimentModel(dominant, store, languages, new ChineseSentimentModel(model.Features, model.Weights(), model.Bias, info));
    }

    private static SentimentCrossValidation CrossValidate(
        float[][] embeddings, SentimentLabel[] labels, SentimentLabel[] vader, EnglishSentimentFitter trainer, SentimentTrainingOptions options)
    {
        var folds = StratifiedSplit.Folds(labels, options.CrossValidationFolds, options.Seed);
        var model = new List<SentimentEvaluation>();
        var baseline = new List<SentimentEvaluation>();
        for (var f = 0; f < options.CrossValidationFolds; f++)
        {
            var test = folds.Select(x => x == f).ToArray();
            var fitted = trainer.Fit(Pick(embeddings, test, false), Pick(labels, test, false));
            var actual = Pick(labels, test, true);
            model.Add(SentimentEvaluation.Of(actual, Pick(embeddings, test, true).Select(e => fitted.Predict(e)).ToArray(), SentimentLabels.All));
            baseline.Add(SentimentEvaluation.Of(actual, Pick(vader, test, true), SentimentLabels.All));
        }
        return new SentimentCrossValidation
        {
            Folds = options.CrossValidationFolds,
            MeanAccuracy = model.Average(e => e.Accuracy),
            MeanMacroF1 = model.Average(e => e.MacroF1),
            BaselineMeanAccuracy = baseline.Average(e => e.Accuracy),
            BaselineMeanMacroF1 = baseline.Average(e => e.MacroF1),
        };
    }

    private static SentimentTrainingInfo Info(
        SentimentCorpus corpus, SentimentTrainingOptions options, bool[] heldOut, string trainer, string labels, SentimentEvaluation evaluation)
    {
        var held = heldOut.Count(h => h);
        return new SentimentTrainingInfo
        {
            Corpus = corpus.Name,
            CorpusRows = corpus.Rows,
            Texts = corpus.Texts.Count,
            EmptyTexts = corpus.Empty,
            DuplicateTexts = corpus.Duplicates,
            LabelCounts = corpus.LabelCounts().ToDictionary(kv => SentimentLabels.Name(kv.Key), kv => kv.Value),
            Labels = labels,
            Seed = options.Seed,
            HeldOutFraction = options.HeldOutFraction,
            TrainTexts = heldOut.Length - held,
            HeldOutTexts = held,
            Trainer = trainer,
            HeldOut = evaluation,
        };
    }

    private static T[] Pick<T>(IReadOnlyList<T> items, bool[] heldOut, bool wanted)
    {
        var picked = new List<T>();
        for (var i = 0; i < items.Count; i++)
        {
            if (heldOut[i] == wanted)
            {
                picked.Add(items[i]);
            }
        }
        return [.. picked];
    }

    /// <summary>A one-paragraph summary of a model's training record, for the train command's output.</summary>
    public static string Summarize(SentimentTrainingInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{info.Corpus}: {info.CorpusRows} rows, {info.Texts} distinct texts ({info.EmptyTexts} empty and {info.DuplicateTexts} repeated left out); "
            + $"trained on {info.TrainTexts}, held out {info.HeldOutTexts} (seed {info.Seed}): accuracy {info.HeldOut.Accuracy:0.0000}, macro-F1 {info.HeldOut.MacroF1:0.0000}");
        if (info.Baseline is { } baseline)
        {
            var name = info.BaselineName?.StartsWith("VADER", StringComparison.Ordinal) != false ? "VADER" : info.BaselineName;
            text += string.Create(CultureInfo.InvariantCulture, $"; {name} on the same texts: accuracy {baseline.Accuracy:0.0000}, macro-F1 {baseline.MacroF1:0.0000}");
        }
        if (info.CrossValidation is { } cv)
        {
            text += string.Create(
                CultureInfo.InvariantCulture,
                $"; {cv.Folds}-fold cross-validation: accuracy {cv.MeanAccuracy:0.0000} (VADER {cv.BaselineMeanAccuracy:0.0000}), macro-F1 {cv.MeanMacroF1:0.0000} (VADER {cv.BaselineMeanMacroF1:0.0000})");
        }
        return text;
    }
}
