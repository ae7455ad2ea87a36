using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Recommend;
using Clientele.Recommend.Evaluation;
using Clientele.Segmentation;

namespace Clientele.Pipeline;

/// <summary>What <c>clientele recommend</c> should do.</summary>
public sealed record RecommendRequest
{
    public required string StorePath { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>als, bpr, item-knn, item-knn-bm25, popular, segment-popular, hybrid or content (see <see cref="RecommendJob.Algorithms"/>).</summary>
    /// <value>The default value is als.</value>
    public string Algorithm { get; init; } = "als";

    /// <value>The default value is 10.</value>
    public int Top { get; init; } = 10;

    /// <value>The default value is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Only purchases before this day count; null for all.</summary>
    /// <value>The default value is null.</value>
    public DateOnly? AsOf { get; init; }

    /// <summary>Where the text model is (for <c>content</c>); null for the model cache (<c>scripts/fetch-models.sh</c> fills it).</summary>
    /// <value>The default value is null.</value>
    public string? ModelDirectory { get; init; }
}

public sealed record RecommendResult(string Algorithm, int Customers, int Products, int Interactions, string RecommendationsFile, string SimilarProductsFile, IReadOnlyList<(string CustomerId, RecommendationResult Result)> Examples)
{
    /// <summary>For <c>content</c>: which product vectors were used (text embeddings, or TF-IDF and why).</summary>
    public string? Note { get; init; }
}

/// <summary>What <c>clientele evaluate recommend</c> should do.</summary>
public sealed record RecommendEvaluationRequest
{
    public required string StorePath { get; init; }

    /// <summary>time (the last <see cref="TestDays"/> held out), random (25%, seeded) or leave-one-out (each customer's latest purchase).</summary>
    /// <value>The default value is time.</value>
    public string Split { get; init; } = "time";

    /// <value>The default value is 30.</value>
    public int TestDays { get; init; } = 30;

    /// <value>The default value is 10.</value>
    public int K { get; init; } = 10;

    /// <value>The default value is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>The algorithms compared (any of <see cref="RecommendJob.Algorithms"/>); popularity is always among them as the baseline.</summary>
    /// <value>The default value is every algorithm of <see cref="RecommenderFitters.Names"/> (content only when named: it embeds the product texts).</value>
    public IReadOnlyList<string>? Algorithms { get; init; }

    /// <summary>Where the text model is (for <c>content</c>); null for the model cache.</summary>
    /// <value>The default value is null.</value>
    public string? ModelDirectory { get; init; }
}

public sealed record RecommendEvaluation(string Split, int TrainInteractions, int TestInteractions, IReadOnlyList<EvaluationRow> Rows)
{
    /// <summary>For <c>content</c>: which product vectors were used.</summary>
    public string? Note { get; init; }
}

/// <summary>
/// Customer × product purchases from the store (one interaction per customer, product and day; returns left out) →
/// a recommender → recommendations.csv and similar-products.csv; and the evaluation of every algorithm on one split.
/// </summary>
public static class RecommendJob
{
    public const string RecommendationsFileName = "recommendations.csv";
    public const string SimilarProductsFileName = "similar-products.csv";

    /// <summary>The algorithm for content-based recommendations (product texts; see <see cref="ContentFitter"/>).</summary>
    public const string Content = "content";

    /// <summary>Every name <c>--algorithm</c> accepts: <see cref="RecommenderFitters.Names"/> and <see cref="Content"/>.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = [.. RecommenderFitters.Names, Content];

    public static RecommendResult Run(RecommendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Algorithms.Contains(request.Algorithm))
        {
            throw new ClienteleException($"--algorithm {request.Algorithm}: expected one of {string.Join(", ", Algorithms)}");
        }
        if (request.Top < 1)
        {
            throw new ClienteleException($"--top {request.Top}: at least one recommendation per customer");
        }
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        var interactions = Interactions(store, request.AsOf);
        if (interactions.Count == 0)
        {
            throw new ClienteleException($"No purchases with a product id in {store.Path}: nothing to recommend from.");
        }
        var segments = RfmSegmentsByCustomer(store, request.AsOf);
        var matrix = InteractionMatrix.FromInteractions(interactions);
        string? note = null;
        var model = request.Algorithm == Content
            ? new ContentFitter(ContentVectors(store, request.ModelDirectory, out note)).Fit(matrix)
            : RecommenderFitters.Create(request.Algorithm, request.Seed, segments).Fit(matrix);
        var customers = interactions.Select(i => i.UserId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var products = interactions.Select(i => i.ItemId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var recommendations = model.Recommend(customers, request.Top);

        Directory.CreateDirectory(request.OutputDirectory);
        var recommendationsFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, RecommendationsFileName));
        using (var writer = new StreamWriter(recommendationsFile))
        {
            writer.WriteLine("customer_id,rank,product_id,score");
            for (var c = 0; c < customers.Length; c++)
            {
                var items = recommendations[c].Items;
                for (var r = 0; r < items.Count; r++)
                {
                    writer.WriteLine(CsvText.Line(customers[c], (r + 1).ToString(CultureInfo.InvariantCulture), items[r].ItemId, items[r].Score.ToString("0.######", CultureInfo.InvariantCulture)));
                }
            }
        }
        var similarFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, SimilarProductsFileName));
        using (var writer = new StreamWriter(similarFile))
        {
            writer.WriteLine("product_id,rank,similar_product_id,score");
            foreach (var product in products)
            {
                var items = model.SimilarItems(product, request.Top).Items;
                for (var r = 0; r < items.Count; r++)
                {
                    writer.WriteLine(CsvText.Line(product, (r + 1).ToString(CultureInfo.InvariantCulture), items[r].ItemId, items[r].Score.ToString("0.######", CultureInfo.InvariantCulture)));
                }
            }
        }
        var examples = customers.Take(3).Select((c, i) => (c, recommendations[i])).ToArray();
        return new RecommendResult(request.Algorithm, customers.Length, products.Length, interactions.Count, recommendationsFile, similarFile, examples) { Note = note };
    }

    /// <summary>
    /// The product vectors of the content recommender: sentence embeddings of the product texts when the text model is
    /// there (cached in the store), else TF-IDF of the same texts, with a note that says which and why.
    /// </summary>
    public static IItemEmbeddings ContentVectors(ClienteleStore store, string? modelDirectory, out string note)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (TextFeatures.TryLoadEmbedder(modelDirectory, out var skipped) is { } embedder)
        {
            var embeddings = TextFeatures.ForProducts(store, embedder);
            if (embeddings.Vectors.Count > 0)
            {
                note = $"content: USE-lite sentence embeddings of {embeddings.Describe()}, centred on the catalogue's mean";
                return new DenseItemEmbeddings(Centred(embeddings.Vectors));
            }
            skipped = "no product has a text to embed";
        }
        var texts = ProductTextQuery.Compute(store).ToDictionary(p => p.ProductId, p => p.Text, StringComparer.Ordinal);
        if (texts.Count == 0)
        {
            throw new ClienteleException($"No product in {store.Path} has a title, description or category: content recommendations need product texts (clientele ingest products FILE).");
        }
        note = $"content: TF-IDF of {texts.Count:N0} product texts, not text embeddings ({skipped})";
        return UserErrors.Guard(() => TfIdfItemEmbeddings.Fit(texts));
    }

    /// <summary>Every algorithm on one split of the store's purchases, popularity as the baseline.</summary>
    public static RecommendEvaluation Evaluate(RecommendEvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.K < 1)
        {
            throw new ClienteleException($"--k {request.K}: at least 1");
        }
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        var interactions = Interactions(store, asOf: null);
        DataSplit split = request.Split switch
        {
            "random" => Splits.Random(interactions, 0.75, request.Seed),
            "leave-one-out" => Splits.LeaveKOut(interactions, 1, LeaveOut.Latest, request.Seed),
            "time" => Splits.ByTime(interactions, interactions.Max(i => i.Timestamp) - request.TestDays + 1),
            _ => throw new ClienteleException($"--split {request.Split}: expected time, random or leave-one-out"),
        };
        // Held-out purchases of products the customer already bought in training cannot be recommended (they are
        // filtered), and customers unknown in training have nothing to rank: both are left out of the test.
        var seen = split.Train.Select(i => (i.UserId, i.ItemId)).ToHashSet();
        var trainUsers = split.Train.Select(i => i.UserId).ToHashSet(StringComparer.Ordinal);
        var test = split.Test.Where(i => trainUsers.Contains(i.UserId) && !seen.Contains((i.UserId, i.ItemId))).ToArray();
        if (test.Length == 0)
        {
            throw new ClienteleException("The test part of the split has no new purchases of known customers; choose a longer --test-days or another --split.");
        }
        var segments = RfmSegmentsByCustomer(store, asOf: null);
        var train = InteractionMatrix.FromInteractions(split.Train);
        var names = (request.Algorithms ?? RecommenderFitters.Names).Append("popular").Distinct().ToArray();
        var unknown = names.Where(n => !Algorithms.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ClienteleException($"unknown algorithm(s) {string.Join(", ", unknown)}; expected {string.Join(", ", Algorithms)}");
        }
        string? note = null;
        var fitters = names
            .Select(n => (n, n == Content ? new ContentFitter(ContentVectors(store, request.ModelDirectory, out note)) : RecommenderFitters.Create(n, request.Seed, segments)))
            .ToArray();
        var rows = RecommenderEvaluation.Compare(fitters, train, test, request.K);
        return new RecommendEvaluation(request.Split, split.Train.Count, test.Length, rows) { Note = note };
    }

    /// <summary>
    /// The vectors less their mean. Sentence vectors of one shop's products share a large common direction ("a
    /// product of this catalogue"); left in, it makes every cosine high and a customer's profile point at the
    /// catalogue's middle, so the most generic products win. Centred, the cosines measure what sets products apart.
    /// </summary>
    internal static Dictionary<string, float[]> Centred(IReadOnlyDictionary<string, float[]> vectors)
    {
        var mean = new float[vectors.First().Value.Length];
        foreach (var vector in vectors.Values)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(mean, vector, mean);
        }
        System.Numerics.Tensors.TensorPrimitives.Divide(mean, vectors.Count, mean);
        return vectors.ToDictionary(p => p.Key, p =>
        {
            var centred = new float[p.Value.Length];
            System.Numerics.Tensors.TensorPrimitives.Subtract(p.Value, mean, centred);
            return centred;
        }, StringComparer.Ordinal);
    }

    /// <summary>One interaction per customer, product and day; the timestamp is the day number (days since 0001-01-01).</summary>
    private static List<Interaction> Interactions(ClienteleStore store, DateOnly? asOf) =>
        PurchaseInteractionQuery.Compute(store, asOf).Select(p => new Interaction(p.CustomerId, p.ProductId, 1f, p.Day.DayNumber)).ToList();

    /// <summary>Each customer's RFM segment: the cold-start answer of segment popularity and the hybrid.</summary>
    private static Dictionary<string, string> RfmSegmentsByCustomer(ClienteleStore store, DateOnly? asOf)
    {
        var customers = CustomerFeatureQuery.Compute(store, asOf).Customers;
        var segments = RfmSegments.Assign(
            customers.Select(c => (double)c.RecencyDays).ToArray(),
            customers.Select(c => (double)c.Frequency).ToArray(),
            customers.Select(c => (double)c.Monetary).ToArray()).Segments;
        return customers.Select((c, i) => (c.CustomerId, segments[i])).ToDictionary(p => p.CustomerId, p => p.Item2, StringComparer.Ordinal);
    }
}
