using System.Text.Json;
using System.Text.Json.Nodes;
using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Language.Sentiment;

/// <summary>
/// A sentiment model a shop trained on its own star-rated reviews (<c>clientele models train-sentiment --from-store</c>):
/// the character n-gram logistic regression of the Chinese model (<see cref="ChineseSentimentModel"/>, which reads any
/// language), kept for the language most of those reviews are in. Saved as <c>sentiment-shop-&lt;language&gt;.json</c>
/// in the sentiment folder of the model cache, with the store it came from, the languages of its reviews, and its
/// held-out accuracy: a <see cref="ModelFile"/> of kind <c>sentiment-shop</c>.
/// </summary>
public sealed class ShopSentimentModel : ISaveableModel<ShopSentimentModel>
{
    /// <summary>The version of the payload layout this code writes and reads.</summary>
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

    /// <summary>Gets the <see cref="ModelFile.Kind"/> of a saved shop sentiment model.</summary>
    public static string ModelKind => "sentiment-shop";

    /// <summary>The model as a <see cref="ModelFile"/>: language, store, rating labels, review languages and the character n-gram model.</summary>
    public byte[] Save()
    {
        var document = new JsonObject
        {
            ["language"] = Language,
            ["store"] = Store,
            ["labels"] = RatingLabels,
            ["review_languages"] = JsonSerializer.SerializeToNode(ReviewLanguages.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => l.Value)),
            ["char_ngram_model"] = JsonNode.Parse(Model.Payload()),
        };
        return ModelFile.Write(ModelKind, FormatVersion, JsonSerializer.SerializeToUtf8Bytes(document, SentimentJson.Options));
    }

    /// <summary>Writes <see cref="Save()"/>'s bytes to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Save());
    }

    /// <summary>Reads a model written by <see cref="Save()"/>.</summary>
    /// <exception cref="ClienteleException">The bytes are not a shop sentiment model of a version this code reads, or are damaged.</exception>
    public static ShopSentimentModel Load(ReadOnlySpan<byte> bytes) => FromFile(ModelFile.Read(bytes, ModelKind, FormatVersion), null);

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>; <paramref name="source"/> (its file) is named in errors.</summary>
    /// <exception cref="ClienteleException">The file is not a shop sentiment model of a version this code reads, or is damaged; the message says how to train one.</exception>
    public static ShopSentimentModel Load(Stream stream, string source)
        => FromFile(SentimentJson.Read(stream, ModelKind, FormatVersion, source, Retrain), source);

    private static ShopSentimentModel FromFile(ModelFile file, string? source)
    {
        try
        {
            var root = file.Payload;
            var language = root.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : throw new FormatException("no language");
            var store = root.TryGetProperty("store", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
            var languages = root.TryGetProperty("review_languages", out var r) ? r.Deserialize<Dictionary<string, int>>() ?? [] : [];
            var inner = root.TryGetProperty("char_ngram_model", out var m) && m.ValueKind == JsonValueKind.Object ? m : throw new FormatException("no char_ngram_model");
            return new ShopSentimentModel(language, store, languages, ChineseSentimentModel.FromPayload(file, inner, source));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException or ArgumentException)
        {
            throw SentimentJson.Error(source, $"holds an unusable shop sentiment model: {e.Message}; {Retrain}", e);
        }
    }

    private const string Retrain = "train it again with: clientele models train-sentiment --from-store --store S";
}
