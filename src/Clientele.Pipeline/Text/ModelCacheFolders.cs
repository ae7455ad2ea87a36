using Clientele.Language;
using Clientele.Language.Sentiment;

namespace Clientele.Pipeline.Text;

/// <summary>Where the text models live in the model cache (<c>--models</c>, else the environment variable, else the home folder).</summary>
public static class ModelCacheFolders
{
    /// <summary>The environment variable that moves the model cache.</summary>
    public const string Variable = ModelCache.Variable;

    /// <summary>The USE-lite encoder's folder.</summary>
    public static string UseLite(string? root) => Path.Combine(ModelCache.Root(root), UseLiteEmbedder.CacheFolder);

    /// <summary>The sentiment models' folder.</summary>
    public static string Sentiment(string? root) => SentimentModelFiles.Directory(root);
}
