using Clientele.Core;
using Clientele.Language.LanguageDetection;

namespace Clientele.Language.Sentiment;

/// <summary>The sentiment of one text.</summary>
/// <param name="Label">Positive, negative or neutral (the character n-gram models have no neutral class); neutral, and not
/// to be counted, when no model judged the text (<see cref="Judged"/> is false and <see cref="Reason"/> says why).</param>
/// <param name="Score">
/// Polarity in [−1, 1]: P(positive) − P(negative). For English the three probabilities come from the trained model;
/// for the character n-gram models P(negative) = 1 − P(positive), so the score is 2·P(positive) − 1; for VADER it is
/// the compound score. 0 when no model applies.
/// </param>
/// <param name="Probability">
/// The model's probability of <paramref name="Label"/>; null for VADER, which gives a compound score rather than a
/// probability, and when no model applies.
/// </param>
/// <param name="Language">The detected language (<see cref="LanguageDetector"/>).</param>
/// <param name="Model">Which model judged the text: <see cref="SentimentAnalyzer.EnglishModel"/>, <see cref="SentimentAnalyzer.ChineseModel"/>, a shop model (<see cref="ShopSentimentModel.Name"/>), <see cref="SentimentAnalyzer.VaderModel"/> or <see cref="SentimentAnalyzer.NoModel"/>.</param>
public readonly record struct SentimentResult(SentimentLabel Label, double Score, double? Probability, string Language, string Model)
{
    /// <summary>Why no model judged the text (<c>no sentiment model for pt</c>, <c>empty text</c>); null when one did.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether a model judged the text; an unjudged text has no label to count.</summary>
    public bool Judged => Model != SentimentAnalyzer.NoModel;
}

/// <summary>
/// The sentiment models a run has: each optional. <see cref="Load"/> reads whatever the model cache holds and never
/// fails for a model that is absent, so a fresh install still gets VADER for English.
/// </summary>
/// <param name="English">The English model on USE-lite vectors, with its <paramref name="Embedder"/>; null when either is absent.</param>
/// <param name="Chinese">The Chinese character n-gram model, or null.</param>
/// <param name="Shop">Models trained on a shop's own rated reviews, by language.</param>
/// <param name="Notes">What was present but could not be used, for the user (e.g. sentiment-en.json without USE-lite).</param>
public sealed record SentimentModelSet(
    EnglishSentimentModel? English,
    ITextEmbedder? Embedder,
    ChineseSentimentModel? Chinese,
    IReadOnlyDictionary<string, ShopSentimentModel> Shop,
    IReadOnlyList<string> Notes)
{
    /// <summary>No trained model: VADER for English, nothing else.</summary>
    public static SentimentModelSet None { get; } = new(null, null, null, new Dictionary<string, ShopSentimentModel>(), []);

    /// <summary>
    /// The models in <paramref name="modelDirectory"/> (the sentiment folder of the model cache): <c>sentiment-en.json</c>
    /// when USE-lite loads too (from <paramref name="embedder"/>, called only when the English file is there),
    /// <c>sentiment-zh.json</c>, and every <c>sentiment-shop-*.json</c>. A missing file is skipped; a corrupt one is an error.
    /// </summary>
    /// <exception cref="ClienteleException">A model file is there but unreadable or corrupt.</exception>
    public static SentimentModelSet Load(string modelDirectory, Func<ITextEmbedder> embedder)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        ArgumentNullException.ThrowIfNull(embedder);
        var directory = Path.GetFullPath(modelDirectory);
        var notes = new List<string>();
        EnglishSentimentModel? english = null;
        ITextEmbedder? encoder = null;
        var englishFile = Path.Combine(directory, EnglishSentimentModel.FileName);
        if (File.Exists(englishFile))
        {
            try
            {
                encoder = embedder();
                english = SentimentModelFiles.Read(englishFile, EnglishSentimentModel.Load);
            }
            catch (TextModelUnavailableException e)
            {
                notes.Add($"{englishFile} is there but the sentence encoder it reads is not ({e.Message}); English texts get VADER");
                encoder = null;
            }
        }
        var chineseFile = Path.Combine(directory, ChineseSentimentModel.FileName);
        var chinese = File.Exists(chineseFile) ? SentimentModelFiles.Read(chineseFile, ChineseSentimentModel.Load) : null;
        var shop = new Dictionary<string, ShopSentimentModel>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, ShopSentimentModel.FilePrefix + "*.json").Order(StringComparer.Ordinal))
            {
                var model = SentimentModelFiles.Read(file, ShopSentimentModel.Load);
                shop[model.Language] = model;
            }
        }
        return new SentimentModelSet(english, english is null ? null : encoder, chinese, shop, notes);
    }

    /// <summary>The languages some model reads, VADER's English included: "en (VADER), pt (shop model)".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        foreach (var (language, model) in Shop.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            parts.Add($"{language} ({model.Name})");
        }
        if (!Shop.ContainsKey(LanguageDetector.English))
        {
            parts.Add(English is null ? "en (VADER)" : $"en ({SentimentAnalyzer.EnglishModel})");
        }
        if (Chinese is not null && !Shop.ContainsKey(LanguageDetector.Chinese))
        {
            parts.Add($"zh ({SentimentAnalyzer.ChineseModel})");
        }
        return string.Join(", ", parts);
    }
}

/// <summary>
/// Review sentiment by each text's language: detects the language, then applies the first model that reads it.
/// Thread-safe.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>a shop model trained on the store's own rated reviews for that language (<see cref="ShopSentimentModel"/>);</item>
/// <item><c>zh</c>: the Chinese character n-gram model;</item>
/// <item><c>en</c>, and <c>und</c> (no letters: emoji, "!!!"): the English model on USE-lite vectors when it and the
/// encoder are in the model cache, else VADER, which needs no training;</item>
/// <item>anything else (<c>pt</c> without a shop model, <c>ja</c>, <c>other</c>…), and empty texts: no model. The result
/// says so (<see cref="SentimentResult.Reason"/>: <c>no sentiment model for pt</c>) rather than pushing the text
/// through a model of another language.</item>
/// </list>
/// A text without evidence of its own language (a one-word review with no known word) takes the language most texts of
/// the same batch are in (<see cref="LanguageDetector.Dominant"/>), so the one-word reviews of a Portuguese shop go
/// to its Portuguese model, and are not called English.
/// The trained research models are not shipped (their training data may not be redistributed): <c>clientele models
/// train-sentiment</c> trains them into the model cache (<see cref="SentimentModelFiles"/>).
/// </remarks>
public sealed class SentimentAnalyzer
{
    /// <summary>The English model's name in results.</summary>
    public const string EnglishModel = "en-use-lite";

    /// <summary>The Chinese model's name in results.</summary>
    public const string ChineseModel = "zh-char-ngrams";

    /// <summary>The name in results of VADER.</summary>
    public const string VaderModel = "en-vader";

    /// <summary>The name in results when no model applies.</summary>
    public const string NoModel = "none";

    /// <summary>How a text with no model is told to get one.</summary>
    public const string TrainFromStoreHint = "clientele models train-sentiment --from-store trains one from a store's star-rated reviews";

    private readonly SentimentModelSet _models;

    /// <summary>An analyzer over the given embedder and the two research models.</summary>
    /// <exception cref="ArgumentException">The embedder's vectors do not have the English model's length.</exception>
    public SentimentAnalyzer(ITextEmbedder embedder, EnglishSentimentModel english, ChineseSentimentModel chinese)
        : this(new SentimentModelSet(english ?? throw new ArgumentNullException(nameof(english)), embedder ?? throw new ArgumentNullException(nameof(embedder)),
            chinese ?? throw new ArgumentNullException(nameof(chinese)), new Dictionary<string, ShopSentimentModel>(), []))
    {
    }

    /// <summary>An analyzer over whatever models <paramref name="models"/> holds (VADER for English when it has no English model).</summary>
    /// <exception cref="ArgumentException">The embedder's vectors do not have the English model's length.</exception>
    public SentimentAnalyzer(SentimentModelSet models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.English is { } english)
        {
            var embedder = models.Embedder ?? throw new ArgumentException("The English model needs the embedder of its vectors.", nameof(models));
            if (embedder.Dimensions != english.Dimensions)
            {
                throw new ArgumentException($"The English model reads {english.Dimensions}-d vectors but the embedder makes {embedder.Dimensions}-d ones.", nameof(models));
            }
        }
        _models = models;
    }

    /// <summary>The models this analyzer applies.</summary>
    public SentimentModelSet Models => _models;

    /// <summary>The English model, or null (VADER judges English).</summary>
    public EnglishSentimentModel? English => _models.English;

    /// <summary>The Chinese model, or null.</summary>
    public ChineseSentimentModel? Chinese => _models.Chinese;

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
    /// The analyzer of <c>--model auto</c>: whatever models <paramref name="modelDirectory"/> holds
    /// (<see cref="SentimentModelSet.Load"/>), VADER for English when there is no English model. Never fails for a
    /// missing model.
    /// </summary>
    /// <exception cref="ClienteleException">A model file is there but corrupt.</exception>
    public static SentimentAnalyzer LoadAvailable(string? modelDirectory = null, ITextEmbedder? embedder = null) =>
        new(SentimentModelSet.Load(modelDirectory ?? SentimentModelFiles.DefaultDirectory, () => embedder ?? UseLiteEmbedder.Load()));

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
    /// The sentiment of each text with no trained model at all: VADER for English (and texts without letters), and no
    /// model, saying so, for every other language and empty texts.
    /// </summary>
    public static IReadOnlyList<SentimentResult> AnalyzeWithVader(IReadOnlyList<string> texts) => Vader.Analyze(texts);

    private static readonly SentimentAnalyzer Vader = new(SentimentModelSet.None);

    /// <summary>The sentiment of one text.</summary>
    public SentimentResult Analyze(string text) => Analyze([text])[0];

    /// <summary>The sentiment of each text, in order; the English ones are embedded together in batches on all cores.</summary>
    public IReadOnlyList<SentimentResult> Analyze(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        for (var i = 0; i < texts.Count; i++)
        {
            _ = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
        }
        var fallback = LanguageDetector.Dominant(texts) ?? LanguageDetector.English;
        var results = new SentimentResult[texts.Count];
        var english = new List<int>();
        Parallel.For(0, texts.Count, i =>
        {
            var text = texts[i];
            var language = LanguageDetector.Detect(text, fallback);
            if (string.IsNullOrWhiteSpace(text))
            {
                results[i] = Unjudged(language, "empty text");
            }
            else if (_models.Shop.TryGetValue(language, out var shop))
            {
                results[i] = Binary(shop.Model.PositiveProbability(text), language, shop.Name);
            }
            else if (language == LanguageDetector.Chinese && _models.Chinese is { } chinese)
            {
                results[i] = Binary(chinese.PositiveProbability(text), language, ChineseModel);
            }
            else if (language is LanguageDetector.English or LanguageDetector.Undetermined)
            {
                if (_models.English is null)
                {
                    var scores = VaderAnalyzer.Default.PolarityScores(text);
                    results[i] = new SentimentResult(scores.Label, scores.Compound, null, language, VaderModel);
                }
                else
                {
                    results[i] = new SentimentResult(SentimentLabel.Neutral, 0, 0, language, EnglishModel);
                }
            }
            else
            {
                results[i] = Unjudged(language, $"no sentiment model for {language}");
            }
        });
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Model == EnglishModel)
            {
                english.Add(i);
            }
        }
        if (english.Count > 0)
        {
            var vectors = _models.Embedder!.Embed(english.Select(i => texts[i]).ToArray());
            Span<double> p = stackalloc double[3];
            for (var k = 0; k < english.Count; k++)
            {
                _models.English!.Probabilities(vectors[k], p);
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

    private static SentimentResult Unjudged(string language, string reason) =>
        new(SentimentLabel.Neutral, 0, null, language, NoModel) { Reason = reason };

    private static SentimentResult Binary(double positive, string language, string model)
    {
        var label = positive >= 0.5 ? SentimentLabel.Positive : SentimentLabel.Negative;
        return new SentimentResult(label, (2 * positive) - 1, Math.Max(positive, 1 - positive), language, model);
    }
}
