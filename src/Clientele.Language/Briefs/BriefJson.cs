using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clientele.Language.Briefs;

/// <summary>How facts and briefs are written as JSON: snake_case, enums as words, nulls left out, Chinese unescaped.</summary>
public static class BriefJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // Briefs are read by people in files, not embedded in HTML: keep “”, 中文 and × readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The same, indented, for files people open.</summary>
    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
