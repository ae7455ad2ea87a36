using Clientele.Core;
using Clientele.Language.LanguageDetection;

namespace Clientele.Language.Sentiment;

/// <summary>The sentiment of one text.</summary>
/// <param name="Label">Positive, negative or neutral (the Chinese model has no neutral class).</param>
/// <param name="Score">
/// Polarity in [−1, 1]: P(positive) − P(negative). For English the three probabilities come from the trained model;
/// for Chinese P(negative) = 1 − P(positive), so the score is 2·P(positive) − 1; for VADER it is the compound score.
/// 0 when no model applies.
/// </param>
/// <param name="Probability">
/// The model's probability of <paramref name="Label"/>: 1 when no model applies, null for VADER, which gives a
/// compound score rather than a probability.
/// </param>
/// <param name="Language">The detected language (<see cref="LanguageDetector"/>).</param>
/// <param name="Model">Which model judged the text: <see cref="SentimentAnalyzer.EnglishModel"/>, <see cref="SentimentAnalyzer.ChineseModel"/>, <see cref="SentimentAnalyzer.VaderModel"/> or <see cref="SentimentAnalyzer.NoModel"/>.</param>
public readonly record struct SentimentResult(SentimentLabel Label, double Score, double? Probability, string Language, string Model);

/// <summary>
/// Review sentiment in English and Chinese: detects each text's language, then applies the English model (a
/// classifier on USE-lite sentence vectors) or the Chinese one (character n-grams). Thread-safe.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>zh</c> texts go to the Chinese model; <c>en</c> texts, and texts in another Latin-script or unknown language
/// (<c>other</c>, <c>und</c>), to the English model, which is the better guess for them than nothing (their
/// <see cref="SentimentResult.Language"/> tells a caller to take them with care);</item>
/// <item><c>ja</c> and <c>ko</c> texts, and empty ones, get no model: neutral, score 0, model <c>none</c>.</item>
/// </list>
/// The trained models are not shipped (their training data may not be redistributed): <c>clientele models
/// train-sentiment</c> trains them into the model cache (<see cref="SentimentModelFiles"/>), and <see cref="Load"/>
/// reads them from there. <see cref="AnalyzeWithVader"/> needs no trained model at all.
/// </remarks>
public sealed class SentimentAnalyzer
{
    /// <summary>The English model's name in results.</summary>
    public const string EnglishModel = "en-use-lite";

    /// <summary>The Chinese model's name in results.</summary>
    public const string ChineseModel = "zh-char-ngrams";

    /// <summary>The name in results of VADER (<see cref="AnalyzeWithVader"/>).</summary>
    public const string VaderModel = "en-vader";

    /// <summary>The name in results when no model applies.</summary>
    public const string NoModel = "none";

    private readonly ITextEmbedder _embedder;

    /// <summary>An analyzer over the given embedder and models.</summary>
    /// <exception cref="ArgumentException">The embedder's vectors do not have the English model's length.</exception>
    public SentimentAnalyzer(ITextEmbedder embedder, EnglishSentimentModel english, ChineseSentimentModel chinese)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(english);
        ArgumentNullException.ThrowIfNull(chinese);
        if (embedder.Dimensions != english.Dimensions)
        {
            throw new ArgumentException($"The English model reads {english.Dimensions}-d vectors but the embedder makes {embedder.Dimensions}-d ones.", nameof(embedder));
        }
        _embedder = embedder;
        English = english;
        Chinese = chinese;
    }

    /// <summary>The English model.</summary>
    public EnglishSentimentModel English { get; }

    /// <summary>The Chinese model.</summary>
    public ChineseSentimentModel Chinese { get; }

    /// <summary>
    /// Loads the analyzer: the USE-lite embedder from the model cache (unless one is given) and the two sentiment
    /// models from <paramref name="modelDirectory"/> (by default <see cref="SentimentModelFiles.DefaultDirectory"/>).
    /// </summary>
    /// <exception cref="TextModelUnavailableException">The USE-lite files are missing or corrupt (the message says how to fetch them).</exception>
    /// <exception cref="ClienteleException">A sentiment model file is missing, unreadable or corrupt (the message says how to create it).</exception>
    public static SentimentAnalyzer Load(ITextEmbedder? embedder = null, string? modelDirectory = null)
    {
        var (english, chinese) = LoadModels(modelDirectory);
        return new SentimentAnalyzer(embedder ?? UseLiteEmbedder.Load(), english, chinese);
    }

    /// <summary>
    /// The two sentiment models, <c>sentiment-en.json</c> and <c>sentiment-zh.json</c> in
    /// <paramref name="modelDirectory"/> (by default <see cref="SentimentModelFiles.DefaultDirectory"/>).
    /// </summary>
    /// <exception cref="ClienteleException">A model file is missing, unreadable or corrupt; the message names it and says how to create it.</exception>
    public static (EnglishSentimentModel English, ChineseSentimentModel Chinese) LoadModels(string? modelDirectory = null)
    {
        var directory = Path.GetFullPath(modelDirectory ?? SentimentModelFiles.DefaultDirectory);
        return (SentimentModelFiles.Read(Path.Combine(directory, EnglishSentimentModel.FileName), EnglishSentimentModel.Load),
            SentimentModelFiles.Read(Path.Combine(directory, ChineseSentimentModel.FileName), ChineseSentimentModel.Load));
    }

    /// <summary>
    /// The sentiment of each text by VADER alone, in order: the zero-training baseline, which needs no model file.
    /// Texts routed to the English model by <see cref="Analyze(IReadOnlyList{string})"/> get VADER's compound score
    /// and label (thresholds ±0.05) and no probability; Chinese, Japanese, Korean and empty texts get neutral, score
    /// 0 and model <see cref="NoModel"/>, since VADER reads English only.
    /// </summary>
    public static IReadOnlyList<SentimentResult> AnalyzeWithVader(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var results = new SentimentResult[texts.Count];
        Parallel.For(0, texts.Count, i =>
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            var language = LanguageDetector.Detect(text);
            if (!HasEnglishModel(text, language))
            {
                results[i] = new SentimentResult(SentimentLabel.Neutral, 0, 1, language, NoModel);
                return;
            }
            var scores = VaderAnalyzer.Default.PolarityScores(text);
            results[i] = new SentimentResult(scores.Label, scores.Compound, null, language, VaderModel);
        });
        return results;
    }

    /// <summary>Whether the English model (or VADER) judges a text: not empty, not Chinese, Japanese or Korean.</summary>
    private static bool HasEnglishModel(string text, string language) =>
        !string.IsNullOrWhiteSpace(text) && language is not (LanguageDetector.Chinese or LanguageDetector.Japanese or LanguageDetector.Korean);

    /// <summary>The sentiment of one text.</summary>
    public SentimentResult Analyze(string text) => Analyze([text])[0];

    /// <summary>The sentiment of each text, in order; the English ones are embedded together in batches on all cores.</summary>
    public IReadOnlyList<SentimentResult> Analyze(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var results = new SentimentResult[texts.Count];
        var english = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            var language = LanguageDetector.Detect(text);
            if (string.IsNullOrWhiteSpace(text) || language is LanguageDetector.Japanese or LanguageDetector.Korean)
            {
                results[i] = new SentimentResult(SentimentLabel.Neutral, 0, 1, language, NoModel);
            }
            else if (language == LanguageDetector.Chinese)
            {
                var positive = Chinese.PositiveProbability(text);
                var label = positive >= 0.5 ? SentimentLabel.Positive : SentimentLabel.Negative;
                results[i] = new SentimentResult(label, (2 * positive) - 1, Math.Max(positive, 1 - positive), language, ChineseModel);
            }
            else
            {
                results[i] = new SentimentResult(SentimentLabel.Neutral, 0, 0, language, EnglishModel);
                english.Add(i);
            }
        }
        if (english.Count > 0)
        {
            var vectors = _embedder.Embed(english.Select(i => texts[i]).ToArray());
            Span<double> p = stackalloc double[3];
            for (var k = 0; k < english.Count; k++)
            {
                English.Probabilities(vectors[k], p);
                var label = EnglishSentimentModel.ArgMax(p);
                var i = english[k];
                results[i] = results[i] with
                {
                    Label = label,
                    Score = p[(int)SentimentLabel.Positive] - p[(int)SentimentLabel.Negative],
                    Probability = p[(int)label],
                };
            }
        }
        return results;
    }
}
