using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Recommend;

namespace Clientele.Pipeline.State;

/// <summary>A recommender's lists in the registry: the version, its model (when it serialises), every customer's list and every product's similar products.</summary>
public static class StoredRecommendations
{
    internal const string RecommenderArtifact = "recommender";

    /// <summary>The customers whose lists a loaded version shows as examples (the first in code point order).</summary>
    private const int Examples = 3;

    public static long Save(
        ClienteleStore store, RecommendRequest request, object parameters, IRecommender model, IReadOnlyList<RecommendationRow> rows, IReadOnlyList<SimilarProductRow> similar)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var artifacts = new Dictionary<string, ModelArtifact> { [RecommenderArtifact] = ModelArtifact.Written(model.Save) };
        var lists = rows is RecommendJob.RecommendationRows known ? known.Customers : rows.Select(r => r.CustomerId).Distinct().Count();
        var metrics = new { Lists = lists, SimilarProducts = similar.Select(r => r.ProductId).Distinct().Count() };
        var version = new NewModelVersion(
            ModelKinds.Recommender,
            request.AsOf,
            StateJson.OptionsOf(request),
            StateJson.Write(parameters),
            StateJson.Write(metrics),
            CustomerInputs.StoreData(store).ToJson())
        {
            Artifacts = artifacts,
        };
        using var transaction = store.BeginTransaction();
        var number = ModelRegistry.Add(store, version, request.Time);
        ResultTables.WriteRecommendations(store, number, rows);
        ResultTables.WriteSimilarProducts(store, number, similar);
        ModelRegistry.MakeCurrent(store, number);
        transaction.Commit();
        return number;
    }

    /// <summary>A version's lists as the result its run returned (the first three customers as examples), without fitting.</summary>
    public static RecommendResult Load(ClienteleStore store, ModelVersion version, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(version);
        using var document = System.Text.Json.JsonDocument.Parse(version.Parameters);
        var p = document.RootElement;
        string? Text(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
        // The first three customers' lists only, not ten million rows for three examples.
        var rows = ResultTables.ReadFirstRecommendations(store, version.Version, Examples);
        var examples = rows.GroupBy(r => r.CustomerId, StringComparer.Ordinal)
            .Select(g => (g.Key, new RecommendationResult(g.Select(r => new ScoredItem(r.ProductId, (float)r.Score)).ToArray())))
            .ToArray();
        var names = ProductNames.Load(store);
        var exampleNames = examples.SelectMany(e => e.Item2.Items).Select(i => i.ItemId).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => names.GetValueOrDefault(id) ?? ProductNames.Fallback(id), StringComparer.Ordinal);
        return new RecommendResult(
            Text("algorithm") ?? "",
            p.GetProperty("customers").GetInt32(),
            p.GetProperty("products").GetInt32(),
            p.GetProperty("interactions").GetInt32(),
            Path.GetFullPath(Path.Combine(outputDirectory, RecommendJob.RecommendationsFileName)),
            Path.GetFullPath(Path.Combine(outputDirectory, RecommendJob.SimilarProductsFileName)),
            examples)
        {
            Note = Text("note"),
            RequestedAlgorithm = Text("requested_algorithm") ?? "",
            Fallback = Text("fallback"),
            FallbackCustomers = p.GetProperty("fallback_customers").GetInt32(),
            ProductsWithoutSimilar = p.GetProperty("products_without_similar").GetInt32(),
            ExampleNames = exampleNames,
            Version = version.Version,
        };
    }

    /// <summary>Keeps an evaluation as the current one of its kind: its table and verdict, for the report to show without running it again.</summary>
    public static long SaveEvaluation(ClienteleStore store, RecommendEvaluationRequest request, RecommendEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(evaluation);
        var metrics = new { evaluation.Best, Ndcg = evaluation.Rows.ToDictionary(r => r.Name, r => r.Ndcg), evaluation.HeldOutCustomers };
        var version = new NewModelVersion(
            ModelKinds.RecommenderEvaluation, null, StateJson.OptionsOf(request), StateJson.Write(evaluation), StateJson.Write(metrics), CustomerInputs.StoreData(store).ToJson());
        using var transaction = store.BeginTransaction();
        var number = ModelRegistry.Add(store, version, request.Time);
        ModelRegistry.MakeCurrent(store, number);
        transaction.Commit();
        return number;
    }

    /// <summary>The current evaluation, or null when <c>evaluate recommend</c> has not run on this store.</summary>
    public static RecommendEvaluation? CurrentEvaluation(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return ModelRegistry.Current(store, ModelKinds.RecommenderEvaluation) is { } current
            ? System.Text.Json.JsonSerializer.Deserialize<RecommendEvaluation>(current.Parameters, StateJson.Options)! with { Version = current.Version }
            : null;
    }
}
