using System.Diagnostics;
using Clientele.Language.Sentiment;
using Clientele.Tests;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>
/// The two labelled corpora in ../shared/data, and the sentiment models trained from them once per test run into a
/// temporary model cache, each made once for all tests. Tests that use any of them are
/// <c>[SharedDataFact(SentimentData.AlexaFile, SentimentData.ChineseFile)]</c>, so they are skipped, saying why, when
/// the shared data sets are absent.
/// </summary>
/// <remarks>
/// The trained models are not in the repository (their training data may not be redistributed): the tests train them
/// exactly as <c>clientele models train-sentiment</c> does (<see cref="SentimentTraining"/> with the default seed and
/// split; the cross-validation that command adds to the record is left out, as it does not change the weights), write
/// them to files and read them back through <see cref="SentimentAnalyzer.LoadModels"/>. This takes about 12 CPU
/// seconds, 50–80 s of wall clock on the two shared cores at load averages 20–40: mostly embedding the 2,301 English
/// texts and fitting the Chinese model on 50,179 texts.
/// </remarks>
internal static class SentimentData
{
    /// <summary>The Alexa reviews, relative to ../shared/data.</summary>
    public const string AlexaFile = "reviews-amazon-alexa/amazon_alexa.tsv";

    /// <summary>The Chinese reviews, relative to ../shared/data.</summary>
    public const string ChineseFile = "reviews-zh-online-shopping/online_shopping_10_cats.csv.gz";

    private static readonly Lazy<SentimentCorpus> AlexaCorpus = new(() => SentimentCorpus.ReadAmazonAlexa(AlexaPath));
    private static readonly Lazy<SentimentCorpus> ChineseCorpus = new(() => SentimentCorpus.ReadOnlineShopping(ChinesePath));
    private static readonly Lazy<TrainedModels> Trained = new(Train);
    private static readonly Lazy<SentimentAnalyzer> LoadedAnalyzer = new(() => new SentimentAnalyzer(UseLiteModel.Embedder, TrainedEnglish, TrainedChinese));

    /// <summary>../shared/data/reviews-amazon-alexa/amazon_alexa.tsv (3,150 reviews, 1–5 stars).</summary>
    public static string AlexaPath => TestData.Shared(AlexaFile);

    /// <summary>../shared/data/reviews-zh-online-shopping/online_shopping_10_cats.csv.gz (62,774 reviews, label 0/1).</summary>
    public static string ChinesePath => TestData.Shared(ChineseFile);

    public static SentimentCorpus Alexa => AlexaCorpus.Value;

    public static SentimentCorpus Chinese => ChineseCorpus.Value;

    /// <summary>The English model as trained by <c>clientele models train-sentiment</c>, read back from its file.</summary>
    public static EnglishSentimentModel TrainedEnglish => Trained.Value.English;

    /// <summary>The Chinese model as trained by <c>clientele models train-sentiment</c>, read back from its file.</summary>
    public static ChineseSentimentModel TrainedChinese => Trained.Value.Chinese;

    /// <summary>The temporary model cache's sentiment folder holding both files.</summary>
    public static string TrainedDirectory => Trained.Value.Directory;

    /// <summary>How long training both models took in this run.</summary>
    public static TimeSpan TrainingTime => Trained.Value.Time;

    /// <summary>The analyzer over the fetched USE-lite model and the trained sentiment models.</summary>
    public static SentimentAnalyzer Analyzer => LoadedAnalyzer.Value;

    private static TrainedModels Train()
    {
        var stopwatch = Stopwatch.StartNew();
        var options = new SentimentTrainingOptions { CrossValidationFolds = 0 };
        // The Chinese fit is single-threaded: it runs beside the English model's (parallel) embedding.
        var chineseTask = Task.Run(() => SentimentTraining.TrainChinese(Chinese, options));
        var english = SentimentTraining.TrainEnglish(Alexa, UseLiteModel.Embedder, options);
        var chinese = chineseTask.GetAwaiter().GetResult();
        var time = stopwatch.Elapsed;

        var cache = Path.Combine(Path.GetTempPath(), "clientele-test-models-" + Guid.NewGuid().ToString("N")[..12]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(cache, recursive: true);
            }
            catch (IOException)
            {
                // In the temp folder: the OS cleans it up.
            }
        };
        var directory = Path.Combine(cache, SentimentModelFiles.CacheFolder);
        SentimentModelFiles.Write(directory, english, chinese);
        var (loadedEnglish, loadedChinese) = SentimentAnalyzer.LoadModels(directory);
        return new TrainedModels(loadedEnglish, loadedChinese, directory, time);
    }

    private sealed record TrainedModels(EnglishSentimentModel English, ChineseSentimentModel Chinese, string Directory, TimeSpan Time);
}
