using System.CommandLine;
using Clientele.Pipeline.Text;

namespace Clientele.Cli;

/// <summary>
/// <c>clientele text …</c>: sentence embeddings and review sentiment for a file of texts, written as JSON lines in
/// input order, without a store.
/// </summary>
internal static class TextCommand
{
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
        Description = $"The model cache folder (default: ${ModelCacheFolders.Variable}, or ~/.cache/clientele/models)",
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
            TextJob.Embed(parse.GetValue(file)!, parse.GetValue(column), parse.GetValue(models), output);
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
            var notes = TextJob.Sentiment(parse.GetValue(file)!, parse.GetValue(column), parse.GetValue(models), parse.GetValue(model) == "vader", output);
            foreach (var note in notes)
            {
                parse.InvocationConfiguration.Error.WriteLine($"note: {note}");
            }
            return 0;
        });
        return command;
    }
}
