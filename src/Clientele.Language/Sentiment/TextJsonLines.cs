using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Clientele.Language.Sentiment;

/// <summary>
/// The JSON lines that <c>clientele text embed</c> and <c>clientele text sentiment</c> write: one object per input
/// text, on one line, non-ASCII text kept as it is (not <c>\u</c>-escaped).
/// </summary>
public static class TextJsonLines
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary><c>{"text": …, "embedding": [floats]}</c>; the floats in their shortest round-trip form.</summary>
    public static string Embedding(string text, ReadOnlySpan<float> embedding)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new ArrayBufferWriter<byte>(256 + (embedding.Length * 12));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            writer.WriteStartArray("embedding");
            foreach (var value in embedding)
            {
                writer.WriteNumberValue(value);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// <c>{"text": …, "label": "positive"|"negative"|"neutral", "score": s, "language": …, "probability": p, "model": …}</c>,
    /// with the score and probability rounded to 4 decimals; no probability for VADER, which has none. A text no model
    /// judged has <c>"label": null, "score": null, "model": "none"</c> and a <c>"reason"</c>
    /// (<c>"no sentiment model for pt"</c>), so that it is neither counted as neutral nor mistaken for one.
    /// </summary>
    public static string Sentiment(string text, SentimentResult result)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            if (result.Judged)
            {
                writer.WriteString("label", SentimentLabels.Name(result.Label));
                writer.WriteNumber("score", Round(result.Score));
            }
            else
            {
                writer.WriteNull("label");
                writer.WriteNull("score");
            }
            writer.WriteString("language", result.Language);
            if (result.Probability is { } probability)
            {
                writer.WriteNumber("probability", Round(probability));
            }
            writer.WriteString("model", result.Model);
            if (result.Reason is { } reason)
            {
                writer.WriteString("reason", reason);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Adding 0.0 turns a rounded −0 into 0.
    private static double Round(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero) + 0.0;
}
