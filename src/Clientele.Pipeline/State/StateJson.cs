using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clientele.Pipeline.State;

/// <summary>How the registry's JSON parts are written and read: the outputs' naming, enums by name, and NaN kept (a silhouette of one cluster is NaN).</summary>
internal static class StateJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A request as the registry's options: what was asked for, without where the store and the outputs are.</summary>
    public static string OptionsOf(SegmentRequest request) => Write(request with { StorePath = "", OutputDirectory = "" });

    /// <inheritdoc cref="OptionsOf(SegmentRequest)"/>
    public static string OptionsOf(ValueRequest request) => Write(request with { StorePath = "", OutputDirectory = "" });

    /// <inheritdoc cref="OptionsOf(SegmentRequest)"/>
    public static string OptionsOf(RecommendEvaluationRequest request) => Write(request with { StorePath = "" });

    /// <inheritdoc cref="OptionsOf(SegmentRequest)"/>
    public static string OptionsOf(RecommendRequest request) => Write(request with { StorePath = "", OutputDirectory = "" });

    public static byte[] Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Read<T>(byte[] json, string what) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"{what} is empty in the registry.");
}
