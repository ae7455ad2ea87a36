using System.Text;

namespace Clientele.Recommend;

/// <summary>
/// TF-IDF vectors of item texts over words: lower-cased runs of letters and digits, stop words and short words left
/// out; tf = the count of the word in the text, idf = ln((1 + N)/(1 + df)) + 1 (scikit-learn's smoothed idf), each
/// vector L2-normalised, so that the dot product of two vectors is their cosine.
/// </summary>
public sealed class TfIdfItemEmbeddings : IItemEmbeddings
{
    private readonly Dictionary<string, (int[] Terms, float[] Weights)> _vectors;

    private TfIdfItemEmbeddings(string[] vocabulary, Dictionary<string, (int[] Terms, float[] Weights)> vectors)
    {
        Vocabulary = Array.AsReadOnly(vocabulary);
        _vectors = vectors;
    }

    /// <summary>Gets a short list of English function words.</summary>
    public static IReadOnlySet<string> EnglishStopWords { get; } = new HashSet<string>(
        [
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of",
            "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "de", "la", "le", "les", "el",
        ],
        StringComparer.Ordinal);

    /// <summary>Gets the words, in the order of the vector's dimensions.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <inheritdoc/>
    public int Dimensions => Vocabulary.Count;

    /// <summary>Builds the vocabulary and the vectors of <paramref name="itemTexts"/> (item id → text).</summary>
    /// <exception cref="ArgumentException">An id is empty, a setting is out of range, or no word is frequent enough.</exception>
    public static TfIdfItemEmbeddings Fit(IReadOnlyDictionary<string, string> itemTexts, TfIdfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(itemTexts);
        options ??= new TfIdfOptions();
        options.Validate();
        var documents = new List<(string Id, Dictionary<string, int> Counts)>(itemTexts.Count);
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, text) in itemTexts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException("An item id is empty.", nameof(itemTexts));
            }
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var word in Words(text ?? "", options))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
            foreach (var word in counts.Keys)
            {
                frequency[word] = frequency.GetValueOrDefault(word) + 1;
            }
            documents.Add((id, counts));
        }
        var vocabulary = frequency
            .Where(p => p.Value >= options.MinimumDocumentFrequency)
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(options.MaximumVocabulary)
            .Select(p => p.Key)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (vocabulary.Length == 0)
        {
            throw new ArgumentException(
                $"No word appears in at least {options.MinimumDocumentFrequency} of the {itemTexts.Count} item texts.", nameof(itemTexts));
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < vocabulary.Length; t++)
        {
            index[vocabulary[t]] = t;
        }
        var n = documents.Count;
        var idf = vocabulary.Select(w => Math.Log((1.0 + n) / (1.0 + frequency[w])) + 1.0).ToArray();
        var vectors = new Dictionary<string, (int[] Terms, float[] Weights)>(StringComparer.Ordinal);
        foreach (var (id, counts) in documents)
        {
            var entries = counts
                .Where(p => index.ContainsKey(p.Key))
                .Select(p => (Term: index[p.Key], Weight: p.Value * idf[index[p.Key]]))
                .OrderBy(e => e.Term)
                .ToArray();
            if (entries.Length == 0)
            {
                continue;
            }
            var norm = Math.Sqrt(entries.Sum(e => e.Weight * e.Weight));
            vectors[id] = (entries.Select(e => e.Term).ToArray(), entries.Select(e => (float)(e.Weight / norm)).ToArray());
        }
        return new TfIdfItemEmbeddings(vocabulary, vectors);
    }

    /// <inheritdoc/>
    public bool TryGetEmbedding(string itemId, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        if (destination.Length < Dimensions)
        {
            throw new ArgumentException($"The destination has {destination.Length} values; the embeddings have {Dimensions}.", nameof(destination));
        }
        if (!_vectors.TryGetValue(itemId, out var vector))
        {
            return false;
        }
        destination[..Dimensions].Clear();
        for (var n = 0; n < vector.Terms.Length; n++)
        {
            destination[vector.Terms[n]] = vector.Weights[n];
        }
        return true;
    }

    private static IEnumerable<string> Words(string text, TfIdfOptions options)
    {
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length >= options.MinimumWordLength)
            {
                var w = word.ToString();
                if (!options.StopWords.Contains(w))
                {
                    yield return w;
                }
            }
            word.Clear();
        }
    }
}
