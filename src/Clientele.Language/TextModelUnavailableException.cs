namespace Clientele.Language;

/// <summary>
/// A pretrained text model's files are missing, incomplete or corrupt. The message names the folder, the file and the
/// command that fetches the model (<c>scripts/fetch-models.sh</c>); callers that can run without text features catch
/// this and carry on without them.
/// </summary>
public sealed class TextModelUnavailableException : Exception
{
    public TextModelUnavailableException()
    {
        ModelDirectory = "";
    }

    public TextModelUnavailableException(string message)
        : base(message)
    {
        ModelDirectory = "";
    }

    public TextModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        ModelDirectory = "";
    }

    public TextModelUnavailableException(string message, string modelDirectory, Exception? innerException = null)
        : base(message, innerException)
    {
        ModelDirectory = modelDirectory;
    }

    /// <summary>The folder the model was looked for in.</summary>
    public string ModelDirectory { get; }
}
