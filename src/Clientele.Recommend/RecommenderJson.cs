using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>
/// Reads a model written by <see cref="RecommenderModel.ToJson"/> back as the concrete model it was
/// (<see cref="AlsModel"/>, <see cref="BprModel"/>, <see cref="ItemKnnModel"/>, <see cref="PopularityModel"/>,
/// <see cref="SegmentPopularityModel"/>, <see cref="ContentModel"/>, <see cref="HybridModel"/>).
/// </summary>
public static class RecommenderJson
{
    /// <summary>The value of the <c>format</c> property of every recommender.</summary>
    public const string FormatName = "clientele-recommender";

    /// <summary>
    /// The version of the JSON layout this build writes and reads. Version 1: <c>format</c>, <c>formatVersion</c>,
    /// <c>method</c>, <c>interactions</c> (<c>userIds</c>, <c>itemIds</c>, <c>userItems</c> as CSR) and the method's
    /// <c>parameters</c> as documented on its model.
    /// </summary>
    public const int FormatVersion = 1;

    /// <summary>Reads a recommender from its JSON.</summary>
    /// <exception cref="FormatException">
    /// The text is not a recommender of <see cref="FormatVersion"/>, names an unknown method, or is inconsistent (for
    /// example factors of the wrong length); the message says which.
    /// </exception>
    public static RecommenderModel Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String
                || format.GetString() != FormatName)
            {
                throw new FormatException($"Not a recommender: expected \"format\": \"{FormatName}\".");
            }
            var version = root.GetProperty("formatVersion").GetInt32();
            if (version != FormatVersion)
            {
                throw new FormatException($"Recommender format version {version} is not supported; this build reads version {FormatVersion}.");
            }
            var method = root.GetProperty("method").GetString() ?? "";
            var interactions = root.GetProperty("interactions");
            var matrix = InteractionMatrix.FromParts(
                JsonParts.StringArray(interactions, "userIds"),
                JsonParts.StringArray(interactions, "itemIds"),
                JsonParts.ReadMatrix(interactions, "userItems"));
            return ReadModel(method, root.GetProperty("parameters"), matrix);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"Not valid recommender JSON: {exception.Message}", exception);
        }
        catch (KeyNotFoundException exception)
        {
            throw new FormatException($"The recommender JSON lacks a property: {exception.Message}", exception);
        }
        catch (InvalidOperationException exception)
        {
            throw new FormatException($"The recommender JSON has a value of the wrong kind: {exception.Message}", exception);
        }
    }

    /// <summary>Reads the parameters of <paramref name="method"/> into a model on <paramref name="matrix"/>.</summary>
    internal static RecommenderModel ReadModel(string method, JsonElement parameters, InteractionMatrix matrix) => method switch
    {
        AlsModel.MethodName => AlsModel.Read(parameters, matrix),
        BprModel.MethodName => BprModel.Read(parameters, matrix),
        ItemKnnModel.MethodName => ItemKnnModel.Read(parameters, matrix),
        PopularityModel.MethodName => PopularityModel.Read(parameters, matrix),
        SegmentPopularityModel.MethodName => SegmentPopularityModel.Read(parameters, matrix),
        ContentModel.MethodName => ContentModel.Read(parameters, matrix),
        HybridModel.MethodName => HybridModel.Read(parameters, matrix),
        _ => throw new FormatException($"Unknown recommender method \"{method}\"."),
    };

    /// <summary>Runs an options validation and turns its <see cref="ArgumentException"/> into a <see cref="FormatException"/>.</summary>
    internal static void Validate(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"The recommender JSON has invalid settings: {exception.Message}", exception);
        }
    }
}
