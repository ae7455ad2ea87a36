using Clientele.Core;
using Clientele.Language;
using Clientele.Language.Sentiment;

namespace Clientele.Pipeline.Text;

/// <summary>
/// <c>clientele text …</c>: sentence embeddings and review sentiment for a file of texts (or standard input), written
/// as JSON lines in input order, streamed in chunks, without a store.
/// </summary>
public static class TextJob
{
    /// <summary>Texts embedded together: enough to keep every core busy, few enough to stream a long file.</summary>
    private const int ChunkSize = 2048;

    /// <summary>Writes <c>{"text", "embedding"}</c> per text of <paramref name="file"/> (or its <paramref name="column"/>).</summary>
    public static void Embed(string file, string? column, string? modelsRoot, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var input = TextInput.Open(file, column);
        var embedder = LoadEmbedder(modelsRoot);
        foreach (var chunk in input.Chunks(ChunkSize))
        {
            var vectors = embedder.Embed(chunk);
            for (var i = 0; i < chunk.Count; i++)
            {
                output.WriteLine(TextJsonLines.Embedding(chunk[i], vectors[i]));
            }
        }
        output.Flush();
    }

    /// <summary>
    /// Writes one sentiment JSON line per text; returns the notes for a person (which models were used, and the texts
    /// no model could read, by language).
    /// </summary>
    /// <param name="vaderOnly">VADER for English only, instead of the best model per language.</param>
    public static IReadOnlyList<string> Sentiment(string file, string? column, string? modelsRoot, bool vaderOnly, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var input = TextInput.Open(file, column);
        var analyzer = vaderOnly
            ? new SentimentAnalyzer(SentimentModelSet.None)
            : new SentimentAnalyzer(SentimentModelSet.Load(ModelCacheFolders.Sentiment(modelsRoot), () => UseLiteEmbedder.Load(ModelCacheFolders.UseLite(modelsRoot))));
        var notes = analyzer.Models.Notes.ToList();
        var unjudged = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in input.Chunks(ChunkSize))
        {
            var results = analyzer.Analyze(chunk);
            for (var i = 0; i < chunk.Count; i++)
            {
                output.WriteLine(TextJsonLines.Sentiment(chunk[i], results[i]));
                if (!results[i].Judged && !string.IsNullOrWhiteSpace(chunk[i]))
                {
                    unjudged[results[i].Language] = unjudged.GetValueOrDefault(results[i].Language) + 1;
                }
            }
        }
        output.Flush();
        if (unjudged.Count > 0)
        {
            var counts = string.Join(", ", unjudged.Select(u => $"{u.Value} in {u.Key}"));
            notes.Add($"{unjudged.Values.Sum()} text(s) got no label, no sentiment model reads their language ({counts}); models here: {analyzer.Models.Describe()}. {SentimentAnalyzer.TrainFromStoreHint}");
        }
        return notes;
    }

    /// <summary>The USE-lite embedder from the model cache; a missing or corrupt cache is a user error that says how to fetch it.</summary>
    internal static UseLiteEmbedder LoadEmbedder(string? modelsRoot)
    {
        try
        {
            return UseLiteEmbedder.Load(ModelCacheFolders.UseLite(modelsRoot));
        }
        catch (TextModelUnavailableException e)
        {
            throw new ClienteleException(e.Message, e);
        }
    }
}
