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
            Description = "auto: the trained models (English on USE-lite, Chinese on character n-grams; from clientele models train-sentiment), by each text's language; "
                + "vader: VADER for English, no trained model needed (Chinese, Japanese and Korean texts get neutral, model none)",
            DefaultValueFactory = _ => "auto",
        };
        model.AcceptOnlyFromAmong("auto", "vader");
        var command = new Command("sentiment", "Write {\"text\", \"label\": positive|negative|neutral, \"score\" (-1..1), \"language\", \"probability\", \"model\"} per input text, one JSON line each, in input order")
        {
            file, column, model, models,
        };
        command.SetAction(parse =>
        {
            using var input = TextInput.Open(parse.GetValue(file)!, parse.GetValue(column));
            Func<IReadOnlyList<string>, IReadOnlyList<SentimentResult>> analyze;
            var vader = parse.GetValue(model) == "vader";
            if (vader)
            {
                analyze = SentimentAnalyzer.AnalyzeWithVader;
            }
            else
            {
                var root = parse.GetValue(models);
                var (english, chinese) = SentimentAnalyzer.LoadModels(SentimentModelFiles.Directory(root));
                analyze = new SentimentAnalyzer(LoadEmbedder(root), english, chinese).Analyze;
            }
            var unjudged = 0;
            foreach (var chunk in input.Chunks(ChunkSize))
            {
                var results = analyze(chunk);
                for (var i = 0; i < chunk.Count; i++)
                {
                    output.WriteLine(TextJsonLines.Sentiment(chunk[i], results[i]));
                    if (vader && results[i].Language is "zh" or "ja" or "ko")
                    {
                        unjudged++;
                    }
                }
            }
            output.Flush();
            if (unjudged > 0)
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"note: --model vader reads English only; {unjudged} Chinese, Japanese or Korean text(s) got neutral with model none ({SentimentModelFiles.TrainCommand} makes the Chinese model)");
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
