using System.CommandLine;
using Clientele.Core;
using Clientele.Language;
using Clientele.Language.Sentiment;

namespace Clientele.Cli;

/// <summary>
/// <c>clientele text …</c>: sentence embeddings and review sentiment for a file of texts, written as JSON lines in
/// input order, without a store.
/// </summary>
internal static class TextCommand
{
    /// <summary>Texts embedded together: enough to keep every core busy, few enough to stream a long file.</summary>
    private const int ChunkSize = 2048;

    public static Command Create(TextWriter output) =>
        new("text", "Text features without a store: sentence embeddings and review sentiment, as JSON lines")
        {
            Embed(output),
            Sentiment(output),
        };

    private static Argument<string> FileArgument() => new("FILE")
    {
        Description = "One text per line (every line is a text, empty ones too), or a CSV/TSV file with a header when --column is given (plain or .gz); - reads standard input",
    };

    private static Option<string?> ColumnOption() => new("--column")
    {
        Description = "Read the texts from this column of a CSV/TSV file with a header",
    };

    /// <summary>The model cache folder; shared with <c>clientele models</c>.</summary>
    internal static Option<string?> ModelsOption() => new("--models")
    {
        Description = $"The model cache folder (default: ${ModelCache.Variable}, or ~/.cache/clientele/models)",
    };

    private static Command Embed(TextWriter output)
    {
        var file = FileArgument();
        var column = ColumnOption();
        var models = ModelsOption();
        var command = new Command("embed", "Write {\"text\", \"embedding\": [512 floats]} per input text (Universal Sentence Encoder Lite), one JSON line each, in input order")
        {
            file, column, models,
        };
        command.SetAction(parse =>
        {
            using var input = TextInput.Open(parse.GetValue(file)!, parse.GetValue(column));
            var embedder = LoadEmbedder(parse.GetValue(models));
            foreach (var chunk in input.Chunks(ChunkSize))
            {
                var vectors = embedder.Embed(chunk);
                for (var i = 0; i < chunk.Count; i++)
                {
                    output.WriteLine(TextJsonLines.Embedding(chunk[i], vectors[i]));
                }
            }
            output.Flush();
            return 0;
        });
        return command;
    }

    private static Command Sentiment(TextWriter output)
    {
        var file = FileArgument();
        var column = ColumnOption();
        var models = ModelsOption();
        var model = new Option<string>("--model")
        {
            Description = "auto: by each text's language, a model trained on the shop's own rated reviews (models train-sentiment --from-store), "
                + "else the research models (English on USE-lite, Chinese on character n-grams; models train-sentiment), else VADER for English; "
                + "a language no model reads is labelled null with the reason. vader: VADER for English only",
            DefaultValueFactory = _ => "auto",
        };
        model.AcceptOnlyFromAmong("auto", "vader");
        var command = new Command("sentiment", "Write {\"text\", \"label\": positive|negative|neutral, \"score\" (-1..1), \"language\", \"probability\", \"model\"} per input text, one JSON line each, in input order; "
            + "a text no model reads gets \"label\": null, \"score\": null, \"model\": \"none\" and a \"reason\" (\"no sentiment model for pt\")")
        {
            file, column, model, models,
        };
        command.SetAction(parse =>
        {
            using var input = TextInput.Open(parse.GetValue(file)!, parse.GetValue(column));
            var root = parse.GetValue(models);
            var analyzer = parse.GetValue(model) == "vader"
                ? new SentimentAnalyzer(SentimentModelSet.None)
                : new SentimentAnalyzer(SentimentModelSet.Load(SentimentModelFiles.Directory(root), () => UseLiteEmbedder.Load(Path.Combine(ModelCache.Root(root), UseLiteEmbedder.CacheFolder))));
            var error = parse.InvocationConfiguration.Error;
            foreach (var note in analyzer.Models.Notes)
            {
                error.WriteLine($"note: {note}");
            }
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
                error.WriteLine($"note: {unjudged.Values.Sum()} text(s) got no label, no sentiment model reads their language ({counts}); models here: {analyzer.Models.Describe()}. {SentimentAnalyzer.TrainFromStoreHint}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The USE-lite embedder from the model cache; a missing or corrupt cache is a user error that says how to fetch it.</summary>
    internal static UseLiteEmbedder LoadEmbedder(string? modelsRoot)
    {
        try
        {
            return UseLiteEmbedder.Load(Path.Combine(ModelCache.Root(modelsRoot), UseLiteEmbedder.CacheFolder));
        }
        catch (TextModelUnavailableException e)
        {
            throw new ClienteleException(e.Message, e);
        }
    }
}
