using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Language.Sentiment;

/// <summary>The JSON settings of the sentiment models' payloads (inside a <see cref="Core.Models.ModelFile"/>).</summary>
internal static class SentimentJson
{
    /// <summary>Reads a saved sentiment model of <paramref name="kind"/> from the rest of <paramref name="stream"/>; an envelope error ends with <paramref name="advice"/>.</summary>
    public static ModelFile Read(Stream stream, string kind, int formatVersion, string source, string advice)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return ModelFile.Read(stream, kind, formatVersion, source);
        }
        catch (ClienteleException e)
        {
            throw new ClienteleException($"{e.Message}; {advice}", e);
        }
    }

    /// <summary>An error about the model read from <paramref name="source"/> (null: bytes with no name).</summary>
    public static ClienteleException Error(string? source, string message, Exception? inner = null)
    {
        if (source is not null)
        {
            return new ClienteleException(message, source, innerException: inner);
        }
        return inner is null ? new ClienteleException($"The saved model {message}") : new ClienteleException($"The saved model {message}", inner);
    }

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
