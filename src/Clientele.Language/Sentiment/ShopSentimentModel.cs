using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clientele.Core;

namespace Clientele.Language.Sentiment;

/// <summary>
/// A sentiment model a shop trained on its own star-rated reviews (<c>clientele models train-sentiment --from-store</c>):
/// the character n-gram logistic regression of the Chinese model (<see cref="ChineseSentimentModel"/>, which reads any
/// language), kept for the language most of those reviews are in. Saved as <c>sentiment-shop-&lt;language&gt;.json</c>
/// in the sentiment folder of the model cache, with the store it came from, the languages of its reviews, and its
/// held-out accuracy.
/// </summary>
public sealed class ShopSentimentModel
{
    /// <summary>The <c>format</c> of the JSON file.</summary>
    public const string Format = "clientele-sentiment-shop";

    /// <summary>The version of the JSON layout this code writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The start of the file names (<c>sentiment-shop-pt.json</c>).</summary>
    public const string FilePrefix = "sentiment-shop-";

    /// <summary>How star ratings became labels.</summary>
    public const string RatingLabels = "1–2 stars negative, 4–5 positive, 3 left out";

    /// <summary>A model for <paramref name="language"/>, trained on the rated reviews of <paramref name="store"/>.</summary>
    public ShopSentimentModel(string language, string store, IReadOnlyDictionary<string, int> reviewLanguages, ChineseSentimentModel model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reviewLanguages);
        ArgumentNullException.ThrowIfNull(model);
        if (language.Any(c => !char.IsAsciiLetterLower(c)))
        {
            throw new ArgumentException($"A language code is lower-case ASCII letters; got '{language}'.", nameof(language));
        }
        Language = language;
        Store = store;
        ReviewLanguages = reviewLanguages;
        Model = model;
    }

    /// <summary>The language it is used for (the detected language of most of its training reviews).</summary>
    public string Language { get; }

    /// <summary>The store whose reviews trained it.</summary>
    public string Store { get; }

    /// <summary>Training reviews per detected language.</summary>
    public IReadOnlyDictionary<string, int> ReviewLanguages { get; }

    /// <summary>The fitted character n-gram model, with its training record and held-out evaluation.</summary>
    public ChineseSentimentModel Model { get; }

    /// <summary>The name results give it: <c>pt-shop-char-ngrams</c>.</summary>
    public string Name => $"{Language}-shop-char-ngrams";

    /// <summary>The file name for <paramref name="language"/>.</summary>
    public static string FileName(string language) => $"{FilePrefix}{language}.json";

    /// <summary>Writes the model as JSON.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var inner = new MemoryStream();
        Model.Save(inner);
        var document = new JsonObject
        {
            ["format"] = Format,
            ["version"] = FormatVersion,
            ["language"] = Language,
            ["store"] = Store,
            ["labels"] = RatingLabels,
            ["review_languages"] = JsonSerializer.SerializeToNode(ReviewLanguages.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => l.Value)),
            ["char_ngram_model"] = JsonNode.Parse(inner.ToArray()),
        };
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = SentimentJson.Options.Encoder });
        document.WriteTo(writer);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="ClienteleException">The JSON is not a shop sentiment model of a version this code reads.</exception>
    public static ShopSentimentModel Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new ClienteleException($"is not a shop sentiment model ({e.Message}); {Retrain}", source, innerException: e);
        }
        if (document is not JsonObject root || (string?)root["format"] != Format)
        {
            throw new ClienteleException($"is not a shop sentiment model (format '{(document as JsonObject)?["format"]}', expected '{Format}'); {Retrain}", source);
        }
        if ((int?)root["version"] != FormatVersion)
        {
            throw new ClienteleException($"is a shop sentiment model of format version {root["version"]}; this clientele reads version {FormatVersion}. {Retrain}", source);
        }
        try
        {
            var language = (string?)root["language"] ?? throw new FormatException("no language");
            var store = (string?)root["store"] ?? "";
            var languages = root["review_languages"]?.Deserialize<Dictionary<string, int>>() ?? [];
            var inner = root["char_ngram_model"] ?? throw new FormatException("no char_ngram_model");
            using var innerStream = new MemoryStream(Encoding.UTF8.GetBytes(inner.ToJsonString()));
            return new ShopSentimentModel(language, store, languages, ChineseSentimentModel.Load(innerStream, source));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException or ArgumentException)
        {
            throw new ClienteleException($"holds an unusable shop sentiment model: {e.Message}; {Retrain}", source, innerException: e);
        }
    }

    private const string Retrain = "train it again with: clientele models train-sentiment --from-store --store S";
}
