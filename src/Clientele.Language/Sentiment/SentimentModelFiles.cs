using Clientele.Core;

namespace Clientele.Language.Sentiment;

/// <summary>
/// Where the trained sentiment models live: <c>sentiment-en.json</c> and <c>sentiment-zh.json</c> in the
/// <c>sentiment</c> folder of the model cache (<see cref="ModelCache"/>), written by
/// <c>clientele models train-sentiment</c>. They are not in the repository: the review corpora they are trained on
/// carry no licence that allows redistributing what is derived from them, so each user trains them, reproducibly,
/// from the data sets.
/// </summary>
public static class SentimentModelFiles
{
    /// <summary>The folder of the sentiment models in the model cache.</summary>
    public const string CacheFolder = "sentiment";

    /// <summary>The command that creates the model files.</summary>
    public const string TrainCommand = "clientele models train-sentiment";

    /// <summary>The advice every missing-or-corrupt-model error ends with.</summary>
    public const string HowToCreate =
        "create the sentiment models with: " + TrainCommand + " (trains both from the review data sets in ../shared/data, or --data DIR, "
        + "into the model cache), or `clientele models train-sentiment --from-store` from a store's star-rated reviews; or use `clientele text sentiment --model vader` for English with VADER, which needs no trained model";

    /// <summary><c>$CLIENTELE_MODELS/sentiment</c>, or <c>~/.cache/clientele/models/sentiment</c>.</summary>
    public static string DefaultDirectory => Path.Combine(ModelCache.DefaultRoot, CacheFolder);

    /// <summary>The sentiment folder of the model cache <paramref name="modelsRoot"/> (by default <see cref="ModelCache.DefaultRoot"/>).</summary>
    public static string Directory(string? modelsRoot) => Path.Combine(ModelCache.Root(modelsRoot), CacheFolder);

    /// <summary>
    /// Writes both models into <paramref name="directory"/> (created when missing); each file is written beside its
    /// final name and then moved over it, so an interrupted run never leaves half a model behind.
    /// </summary>
    /// <returns>The paths written, English first.</returns>
    public static (string English, string Chinese) Write(string directory, EnglishSentimentModel english, ChineseSentimentModel chinese)
    {
        ArgumentNullException.ThrowIfNull(english);
        ArgumentNullException.ThrowIfNull(chinese);
        System.IO.Directory.CreateDirectory(directory);
        var englishPath = Path.Combine(directory, EnglishSentimentModel.FileName);
        var chinesePath = Path.Combine(directory, ChineseSentimentModel.FileName);
        WriteAtomically(englishPath, english.Save);
        WriteAtomically(chinesePath, chinese.Save);
        return (englishPath, chinesePath);
    }

    /// <summary>Writes a shop model as <c>sentiment-shop-&lt;language&gt;.json</c> in <paramref name="directory"/> (replacing that language's earlier one), atomically.</summary>
    /// <returns>The path written.</returns>
    public static string WriteShop(string directory, ShopSentimentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ShopSentimentModel.FileName(model.Language));
        WriteAtomically(path, model.Save);
        return path;
    }

    /// <summary>Reads one model file; a missing, unreadable or corrupt file is a <see cref="ClienteleException"/> that says how to create it.</summary>
    internal static T Read<T>(string path, Func<Stream, string, T> load)
    {
        if (!File.Exists(path))
        {
            throw new ClienteleException($"no such sentiment model file; {HowToCreate}", path);
        }
        try
        {
            using var stream = File.OpenRead(path);
            return load(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClienteleException($"cannot read the sentiment model ({e.Message}); {HowToCreate}", path, innerException: e);
        }
    }

    private static void WriteAtomically(string path, Action<Stream> save)
    {
        var temporary = path + ".partial";
        using (var stream = File.Create(temporary))
        {
            save(stream);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
