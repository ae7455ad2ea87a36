using System.Text.Json;

namespace Clientele.Recommend;

/// <summary>
/// The payload of a saved <see cref="RecommenderModel"/>: reads it back as the concrete model it was
/// (<see cref="AlsModel"/>, <see cref="BprModel"/>, <see cref="ItemKnnModel"/>, <see cref="PopularityModel"/>,
/// <see cref="SegmentPopularityModel"/>, <see cref="ContentModel"/>, <see cref="HybridModel"/>).
/// </summary>
internal static class RecommenderJson
{
    /// <summary>Reads a recommender from its payload.</summary>
    /// <exception cref="FormatException">The payload names an unknown method or is inconsistent (for example factors of the wrong length); the message says which.</exception>
    public static RecommenderModel Read(JsonElement root)
    {
        var method = root.GetProperty("method").GetString() ?? "";
        var interactions = root.GetProperty("interactions");
        var matrix = InteractionMatrix.FromParts(
            JsonParts.StringArray(interactions, "userIds"),
            JsonParts.StringArray(interactions, "itemIds"),
            JsonParts.ReadMatrix(interactions, "userItems"));
        return ReadModel(method, root.GetProperty("parameters"), matrix);
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
            throw new FormatException($"invalid settings: {exception.Message}", exception);
        }
    }
}
