namespace Clientele.Language;

/// <summary>
/// The folder outside the repository where Clientele keeps model files it fetches or trains:
/// <c>$CLIENTELE_MODELS</c>, or <c>~/.cache/clientele/models</c> when that variable is unset. Each model has a
/// folder of its own in it (<c>use-lite</c> from <c>scripts/fetch-models.sh</c>, <c>sentiment</c> from
/// <c>clientele models train-sentiment</c>). Nothing in it is committed: the USE-lite files come from npm, and the
/// sentiment models are trained from data sets that may not be redistributed.
/// </summary>
public static class ModelCache
{
    /// <summary>The environment variable that names the cache folder.</summary>
    public const string Variable = "CLIENTELE_MODELS";

    /// <summary><c>$CLIENTELE_MODELS</c>, or <c>~/.cache/clientele/models</c> when the variable is unset or blank.</summary>
    public static string DefaultRoot
    {
        get
        {
            var models = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(models))
            {
                models = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "clientele", "models");
            }
            return Path.GetFullPath(models);
        }
    }

    /// <summary>The cache folder: <paramref name="root"/> when given, else <see cref="DefaultRoot"/>.</summary>
    public static string Root(string? root) => string.IsNullOrWhiteSpace(root) ? DefaultRoot : Path.GetFullPath(root);
}
