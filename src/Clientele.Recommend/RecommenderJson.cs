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
    public static RecommenderModel Read(Core.Models.ModelFile file)
    {
        var root = file.Payload;
        var method = root.GetProperty("method").GetString() ?? "";
        var interactions = root.GetProperty("interactions");
        var matrix = InteractionMatrix.FromParts(
            JsonParts.StringArray(interactions, "userIds"),
            JsonParts.StringArray(interactions, "itemIds"),
            ReadMatrix(file, interactions, "userItems"));
        return ReadModel(method, root.GetProperty("parameters"), matrix, file);
    }

    /// <summary>The training matrix: its arrays in the JSON (format 1) or binary parts (format 2).</summary>
    private static SparseMatrix ReadMatrix(Core.Models.ModelFile file, JsonElement interactions, string name)
    {
        var m = interactions.GetProperty(name);
        if (!BinaryParts.IsPart(m, "rowPointers"))
        {
            return JsonParts.ReadMatrix(interactions, name);
        }
        try
        {
            return new SparseMatrix(
                m.GetProperty("rows").GetInt32(),
                m.GetProperty("columns").GetInt32(),
                BinaryParts.Ints(file, m, "rowPointers"),
                BinaryParts.Ints(file, m, "columnIndices"),
                BinaryParts.Floats(file, m, "values"));
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"\"{name}\" is not a valid sparse matrix: {exception.Message}", exception);
        }
    }

    /// <summary>Reads the parameters of <paramref name="method"/> into a model on <paramref name="matrix"/>; <paramref name="file"/> holds any binary parts they name.</summary>
    internal static RecommenderModel ReadModel(string method, JsonElement parameters, InteractionMatrix matrix, Core.Models.ModelFile? file = null) => method switch
    {
        AlsModel.MethodName => AlsModel.Read(parameters, matrix, file),
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
