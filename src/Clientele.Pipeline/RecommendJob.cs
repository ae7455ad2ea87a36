using System.Globalization;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Pipeline.State;
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

    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>
    /// Where ALS fits (<c>als</c> only): in this process when null; the cluster gives a fitter that solves over its
    /// silos, to the same factors.
    /// </summary>
    /// <value>The default value is null.</value>
    [System.Text.Json.Serialization.JsonIgnore]
    public Func<AlsOptions, IRecommenderFitter>? Als { get; init; }

    /// <summary>Only purchases before this day count; null for all.</summary>
    /// <value>The default value is null.</value>
    public DateOnly? AsOf { get; init; }

    /// <summary>Where the text model is (for <c>content</c>); null for the model cache (<c>scripts/fetch-models.sh</c> fills it).</summary>
    /// <value>The default value is null.</value>
    public string? ModelDirectory { get; init; }

    /// <summary>purchases (order lines only) or events (views, cart adds and wishlist adds as weaker feedback beside purchases; see <see cref="FeedbackWeights"/>).</summary>
    /// <value>The default value is purchases.</value>
    public string Feedback { get; init; } = RecommendJob.Purchases;

    /// <summary>The weight of each kind of event when <see cref="Feedback"/> is events.</summary>
    /// <value>The default value is <see cref="FeedbackWeights"/>' defaults.</value>
    public FeedbackWeights Weights { get; init; } = new();

    /// <summary>When the purchases can carry a personalised recommender, and when a list carries no evidence (see <see cref="DataSufficiencyOptions"/>).</summary>
    /// <value>The default value is <see cref="DataSufficiencyOptions"/>' defaults.</value>
    public DataSufficiencyOptions DataCheck { get; init; } = new();

    /// <summary>The clock of the registry's fitted_at.</summary>
    /// <value>The default value is the system clock.</value>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the job is, for a progress bar; null reports nowhere.</summary>
    /// <value>The default value is null.</value>
    public IProgress<JobStep>? Progress { get; init; }
}

/// <summary>What <c>clientele recommend</c> did.</summary>
/// <param name="Algorithm">The algorithm the lists came from: the one asked for, or <c>popular</c> when the data could not carry it (<see cref="Fallback"/>).</param>
public sealed record RecommendResult(string Algorithm, int Customers, int Products, int Interactions, string RecommendationsFile, string SimilarProductsFile, IReadOnlyList<(string CustomerId, RecommendationResult Result)> Examples)
{
    /// <summary>For <c>content</c>: which product vectors were used (text embeddings, or TF-IDF and why).</summary>
    public string? Note { get; init; }

    /// <summary>The algorithm asked for (<see cref="Algorithm"/> differs when the whole run fell back to popularity).</summary>
    public string RequestedAlgorithm { get; init; } = "";

    /// <summary>What the purchases hold for a personalised recommender (repeat customers, co-bought products).</summary>
    public DataSufficiency? Data { get; init; }

    /// <summary>Null, or why every list is popularity instead of <see cref="RequestedAlgorithm"/>, with the numbers.</summary>
    public string? Fallback { get; init; }

    /// <summary>Customers whose list from <see cref="Algorithm"/> carried no evidence (every score 0, none, or not finite) and who got popularity instead.</summary>
    public int FallbackCustomers { get; init; }

    /// <summary>Products with no similar product of a usable score (no co-buyer, or every score 0): they have no rows in the similar-products file.</summary>
    public int ProductsWithoutSimilar { get; init; }

    /// <summary>The display name (<see cref="ProductNames"/>) of every product in <see cref="Examples"/>.</summary>
    public IReadOnlyDictionary<string, string> ExampleNames { get; init; } = new Dictionary<string, string>();

    /// <summary>What the lists learned from: purchases, or events (views, cart adds and wishlist adds beside purchases).</summary>
    public string Feedback { get; init; } = RecommendJob.Purchases;

    /// <summary>The model version the registry keeps these lists as; 0 when they were not saved.</summary>
    public long Version { get; init; }
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

    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;

    /// <summary>The algorithms compared (any of <see cref="RecommendJob.Algorithms"/>); popularity is always among them as the baseline.</summary>
    /// <value>The default value is every algorithm of <see cref="RecommenderFitters.Names"/> (content only when named: it embeds the product texts).</value>
    public IReadOnlyList<string>? Algorithms { get; init; }

    /// <summary>purchases (order lines only) or events (views, cart adds and wishlist adds as weaker feedback beside purchases; see <see cref="FeedbackWeights"/>): every algorithm is measured twice on one test set, on events and on purchases only; --split time only.</summary>
    /// <value>The default value is purchases.</value>
    public string Feedback { get; init; } = RecommendJob.Purchases;

    /// <summary>The weight of each kind of event when <see cref="Feedback"/> is events.</summary>
    /// <value>The default value is <see cref="FeedbackWeights"/>' defaults.</value>
    public FeedbackWeights Weights { get; init; } = new();

    /// <summary>Where the text model is (for <c>content</c>); null for the model cache.</summary>
    /// <value>The default value is null.</value>
    public string? ModelDirectory { get; init; }

    /// <summary>The clock of the registry's fitted_at.</summary>
    /// <value>The default value is the system clock.</value>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

public sealed record RecommendEvaluation(string Split, int TrainInteractions, int TestInteractions, IReadOnlyList<EvaluationRow> Rows)
{
    /// <summary>For <c>content</c>: which product vectors were used.</summary>
    public string? Note { get; init; }

    /// <summary>The held-out customers every algorithm was measured on (known in training, with a new purchase held out).</summary>
    public int HeldOutCustomers { get; init; }

    /// <summary>Every algorithm but popularity against popularity, customer by customer on NDCG@k.</summary>
    public IReadOnlyList<BaselineComparison> Comparisons { get; init; } = [];

    /// <summary>The algorithm with the best NDCG among those distinguishably better than popularity; null when none is (then no winner is named).</summary>
    public string? Best { get; init; }

    /// <summary>One sentence: which algorithm beats popularity and by how much, or that none is distinguishable on this many customers.</summary>
    public string Verdict { get; init; } = "";

    /// <summary>What the training purchases hold for a personalised recommender.</summary>
    public DataSufficiency? Data { get; init; }

    /// <summary>
    /// purchases, or events: then every algorithm is measured on events (its plain name) and on purchases only (its name
    /// and <see cref="RecommendJob.PurchasesOnlySuffix"/>), on one test set, and <see cref="Best"/> is among the former.
    /// </summary>
    public string Feedback { get; init; } = RecommendJob.Purchases;

    /// <summary>The version the registry keeps this evaluation as (kind recommender-evaluation; the report shows the current one); 0 before it is saved.</summary>
    public long Version { get; init; }
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

    /// <summary><c>--feedback purchases</c>: the recommenders learn from order lines (the default).</summary>
    public const string Purchases = "purchases";

    /// <summary><c>--feedback events</c>: views, cart adds and wishlist adds as weaker feedback beside purchases (<see cref="FeedbackWeights"/>).</summary>
    public const string Events = "events";

    /// <summary>What an evaluation on events appends to the name of an algorithm fitted on purchases only.</summary>
    public const string PurchasesOnlySuffix = " (purchases only)";

    /// <summary>The baseline every evaluation compares with, and the fallback when the data cannot carry more.</summary>
    public const string Popular = "popular";

    /// <summary>The algorithms that learn from co-purchases, so need <see cref="DataSufficiency"/> (popularity and content do not).</summary>
    public static IReadOnlyList<string> CoPurchaseAlgorithms { get; } = ["als", "bpr", "item-knn", "item-knn-bm25", "hybrid"];

    /// <summary>The algorithms that use each customer's RFM segment (a cold start's answer).</summary>
    private static readonly string[] SegmentAlgorithms = ["segment-popular", "hybrid"];

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
        ArgumentNullException.ThrowIfNull(request.DataCheck);
        UserErrors.Guard(() => { request.DataCheck.Validate(); return true; });
        CheckFeedback(request.Feedback, request.Weights);
        var steps = new JobSteps(request.Progress, 6);
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        steps.Next("reading the interactions");
        CustomerInputs.Prepare(store);
        // On events, a list leaves out what the customer bought, not what they only viewed (BoughtFilter).
        Dictionary<string, IReadOnlySet<string>>? bought = null;
        InteractionMatrix matrix;
        int interactionCount;
        if (request.Feedback == Events)
        {
            var interactions = FeedbackInteractions(store, request.AsOf, request.Weights, "recommend", out var counts);
            bought = Bought(counts);
            (matrix, interactionCount) = (InteractionMatrix.FromInteractions(interactions), interactions.Count);
        }
        else
        {
            (matrix, interactionCount) = PurchaseMatrix(store, request.AsOf, "recommend");
        }
        // Only segment popularity and the hybrid answer from a customer's segment; the others do not need the RFM pass.
        var segments = !SegmentAlgorithms.Contains(request.Algorithm) ? new Dictionary<string, string>(StringComparer.Ordinal)
            : request.Feedback == Events ? SegmentsIfOrders(store, request.AsOf) : RfmSegmentsByCustomer(store, request.AsOf);
        var data = DataSufficiency.Check(matrix, request.DataCheck);
        string? note = null;
        string? fallback = null;
        var algorithm = request.Algorithm;
        if (!data.IsSufficient && CoPurchaseAlgorithms.Contains(algorithm))
        {
            fallback = $"{algorithm} learns from customers who bought more than one product, and these purchases have too few: {data.Problem}. "
                + $"Every list is popularity instead (basis \"{Popular}\" in {RecommendationsFileName}).";
            algorithm = Popular;
        }
        ModelFits.Count(algorithm);
        steps.Next($"fitting {algorithm}");
        var model = algorithm == Content
            ? new ContentFitter(ContentVectors(store, request.ModelDirectory, out note)).Fit(matrix)
            : algorithm == "als" && request.Als is { } als ? als(RecommenderFitters.AlsDefaults(request.Seed)).Fit(matrix)
            : RecommenderFitters.Create(algorithm, request.Seed, segments).Fit(matrix);
        var popularity = algorithm == Popular ? model : new PopularityFitter().Fit(matrix);
        if (algorithm != Popular)
        {
            ModelFits.Count(Popular);
        }
        // Every customer and product of the interactions, in ordinal order: the matrix's rows and columns.
        var customers = matrix.UserIds.ToArray();
        var products = matrix.ItemIds.ToArray();
        steps.Next(string.Create(CultureInfo.InvariantCulture, $"the top {request.Top} for each of {customers.Length:N0} customers"));
        var recommendations = (bought is null ? model.Recommend(customers, request.Top) : BoughtFilter.Recommend(model, customers, request.Top, bought)).ToArray();
        var basis = Enumerable.Repeat(algorithm, customers.Length).ToArray();
        var fallbackCustomers = 0;
        if (algorithm != Popular)
        {
            // A list without evidence (every score 0, none at all, or not finite) is a tie broken by item order: such a
            // customer gets popularity, and the basis column says so.
            var empty = Enumerable.Range(0, customers.Length).Where(c => DataSufficiency.IsUninformative(recommendations[c], request.DataCheck)).ToArray();
            var emptyCustomers = empty.Select(c => customers[c]).ToArray();
            var popular = bought is null ? popularity.Recommend(emptyCustomers, request.Top) : BoughtFilter.Recommend(popularity, emptyCustomers, request.Top, bought);
            for (var n = 0; n < empty.Length; n++)
            {
                recommendations[empty[n]] = popular[n];
                basis[empty[n]] = Popular;
            }
            fallbackCustomers = empty.Length;
        }
        var names = ProductNames.Load(store);
        string Name(string id) => names.GetValueOrDefault(id) ?? ProductNames.Fallback(id);

        var rows = new RecommendationRows(customers, recommendations, basis);
        steps.Next("similar products");
        var similarRows = new List<SimilarProductRow>();
        var productsWithoutSimilar = 0;
        foreach (var product in products)
        {
            var similar = model.SimilarItems(product, request.Top);
            if (algorithm != Popular && DataSufficiency.IsUninformative(similar, request.DataCheck))
            {
                // No neighbour with a usable score: nothing is kept rather than a list in item order.
                productsWithoutSimilar++;
                continue;
            }
            var items = similar.Items;
            for (var r = 0; r < items.Count; r++)
            {
                similarRows.Add(new SimilarProductRow(product, r + 1, items[r].ItemId, items[r].Score));
            }
        }
        var parameters = new
        {
            Algorithm = algorithm,
            RequestedAlgorithm = request.Algorithm,
            request.Top,
            request.Seed,
            AsOf = request.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Customers = customers.Length,
            Products = products.Length,
            Interactions = interactionCount,
            request.Feedback,
            Weights = request.Feedback == Events ? request.Weights : null,
            Note = note,
            Fallback = fallback,
            FallbackCustomers = fallbackCustomers,
            ProductsWithoutSimilar = productsWithoutSimilar,
        };
        steps.Next("saving the lists and the model to the store");
        using var writing = ExportsBeside.Start(
            (Path.GetFullPath(Path.Combine(request.OutputDirectory, RecommendationsFileName)), file => StoreExports.WriteRecommendations(file, rows, names)),
            (Path.GetFullPath(Path.Combine(request.OutputDirectory, SimilarProductsFileName)), file => StoreExports.WriteSimilarProducts(file, similarRows, names, algorithm)));
        var version = StoredRecommendations.Save(store, request, parameters, model, rows, similarRows);
        steps.Next($"writing {RecommendationsFileName} and {SimilarProductsFileName}");
        var files = writing.Finish(StoreExports.RecommendationsSource(store, version));
        var recommendationsFile = files[0];
        var similarFile = files[1];
        var examples = customers.Take(3).Select((c, i) => (c, recommendations[i])).ToArray();
        var exampleNames = examples.SelectMany(e => e.Item2.Items).Select(i => i.ItemId).Distinct(StringComparer.Ordinal).ToDictionary(id => id, Name, StringComparer.Ordinal);
        return new RecommendResult(algorithm, customers.Length, products.Length, interactionCount, recommendationsFile, similarFile, examples)
        {
            Note = note,
            RequestedAlgorithm = request.Algorithm,
            Data = data,
            Fallback = fallback,
            FallbackCustomers = fallbackCustomers,
            ProductsWithoutSimilar = productsWithoutSimilar,
            ExampleNames = exampleNames,
            Feedback = request.Feedback,
            Version = version,
        };
    }

    /// <summary>
    /// Every customer's list as rows (customer, rank from 1, product, score, basis), made when read: a million customers'
    /// ten million rows are not kept as objects beside the lists they come from.
    /// </summary>
    internal sealed class RecommendationRows : IReadOnlyList<RecommendationRow>
    {
        private readonly string[] _customers;
        private readonly RecommendationResult[] _lists;
        private readonly string[] _basis;
        private readonly int[] _starts;

        public RecommendationRows(string[] customers, RecommendationResult[] lists, string[] basis)
        {
            _customers = customers;
            _lists = lists;
            _basis = basis;
            _starts = new int[lists.Length + 1];
            for (var c = 0; c < lists.Length; c++)
            {
                _starts[c + 1] = checked(_starts[c] + lists[c].Items.Count);
            }
        }

        public int Count => _starts[^1];

        /// <summary>Whether the rows are in the store's order already: the customers by code point (ranks increase within a list by construction).</summary>
        public bool InCodePointOrder
        {
            get
            {
                for (var c = 1; c < _customers.Length; c++)
                {
                    if (State.StoreExports.CodePointOrder(_customers[c - 1], _customers[c]) >= 0)
                    {
                        return false;
                    }
                }
                return true;
            }
        }

        /// <summary>How many customers have at least one row.</summary>
        public int Customers => _lists.Count(l => l.Items.Count > 0);

        public RecommendationRow this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                // The last customer whose rows start at or before index (customers without a list start where the next does).
                var c = Array.BinarySearch(_starts, index);
                if (c < 0)
                {
                    c = ~c - 1;
                }
                while (_starts[c + 1] == index)
                {
                    c++;
                }
                return Row(c, index - _starts[c]);
            }
        }

        public IEnumerator<RecommendationRow> GetEnumerator()
        {
            for (var c = 0; c < _lists.Length; c++)
            {
                for (var r = 0; r < _lists[c].Items.Count; r++)
                {
                    yield return Row(c, r);
                }
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private RecommendationRow Row(int c, int r)
        {
            var item = _lists[c].Items[r];
            return new RecommendationRow(_customers[c], r + 1, item.ItemId, item.Score, _basis[c]);
        }
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
        CheckFeedback(request.Feedback, request.Weights);
        if (request.Feedback == Events)
        {
            return EvaluateFeedback(request);
        }
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        CustomerInputs.Prepare(store);
        var interactions = Interactions(store, asOf: null, "evaluate recommend");
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
        var names = (request.Algorithms ?? RecommenderFitters.Names).Append(Popular).Distinct().ToArray();
        var unknown = names.Where(n => !Algorithms.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ClienteleException($"unknown algorithm(s) {string.Join(", ", unknown)}; expected {string.Join(", ", Algorithms)}");
        }
        string? note = null;
        var fitters = names
            .Select(n => (n, n == Content ? new ContentFitter(ContentVectors(store, request.ModelDirectory, out note)) : RecommenderFitters.Create(n, request.Seed, segments)))
            .ToArray();
        foreach (var name in names)
        {
            ModelFits.Count(name);
        }
        var (rows, comparisons) = RecommenderEvaluation.CompareWithBaseline(fitters, train, test, request.K, Popular, new BaselineComparisonOptions { Seed = request.Seed });
        var customers = rows[0].Users;
        var better = comparisons.Where(c => c.Distinguishable && c.Difference > 0).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var best = rows.Where(r => better.Contains(r.Name)).MaxBy(r => r.Ndcg);
        var evaluation = new RecommendEvaluation(request.Split, split.Train.Count, test.Length, rows)
        {
            Note = note,
            HeldOutCustomers = customers,
            Comparisons = comparisons,
            Best = best?.Name,
            Verdict = Verdict(best is null ? null : comparisons.First(c => c.Name == best.Name), comparisons, customers, request.K, request.Split),
            Data = DataSufficiency.Check(train),
        };
        return evaluation with { Version = StoredRecommendations.SaveEvaluation(store, request, evaluation) };
    }

    /// <summary>
    /// Events against purchases only, on one later period: every algorithm fitted on the weighted events and purchases
    /// before the last <see cref="RecommendEvaluationRequest.TestDays"/> days, and again on the purchases alone, each
    /// measured on the same held-out purchases: those of the test days by customers with a training purchase (so both
    /// know them), of products the customer had not bought in training. Both leave out of a list only what the
    /// customer bought (<see cref="BoughtFilter"/>): a product they viewed stays recommendable.
    /// </summary>
    private static RecommendEvaluation EvaluateFeedback(RecommendEvaluationRequest request)
    {
        if (request.Split != "time")
        {
            throw new ClienteleException($"--feedback events --split {request.Split}: events are evaluated on a later period only (--split time, the last --test-days held out)");
        }
        if (request.TestDays < 1)
        {
            throw new ClienteleException($"--test-days {request.TestDays}: at least 1");
        }
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        CustomerInputs.Prepare(store);
        _ = FeedbackInteractions(store, asOf: null, request.Weights, "evaluate recommend", out var rows);
        var cutoff = rows.Max(c => c.Day) - request.TestDays + 1;
        var trainRows = rows.Where(c => c.Day < cutoff).ToArray();
        var eventsTrain = request.Weights.Interactions(trainRows);
        if (request.Weights.Purchase <= 0)
        {
            throw new ClienteleException("--feedback events --weight purchase=0: the evaluation compares with purchases alone, which then weigh nothing; give purchase a weight above 0");
        }
        var purchasesTrain = request.Weights.PurchasesOnly().Interactions(trainRows);
        var bought = Bought(trainRows);
        var test = rows
            .Where(c => c.Day >= cutoff && c.Purchases > 0 && bought.TryGetValue(c.UserId, out var items) && !items.Contains(c.ItemId))
            .Select(c => new Interaction(c.UserId, c.ItemId, 1f, c.Day))
            .ToArray();
        if (test.Length == 0 || purchasesTrain.Count == 0)
        {
            throw new ClienteleException($"The last {request.TestDays} days hold no purchase of a new product by a customer who bought before them; choose a longer --test-days.");
        }
        var names = (request.Algorithms ?? RecommenderFitters.Names).Append(Popular).Distinct().ToArray();
        var unknown = names.Where(n => !RecommenderFitters.Names.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ClienteleException($"--feedback events: unknown algorithm(s) {string.Join(", ", unknown)}; expected {string.Join(", ", RecommenderFitters.Names)}");
        }
        var segments = SegmentsIfOrders(store, asOf: null);
        var options = new BaselineComparisonOptions { Seed = request.Seed };
        (string, IRecommenderFitter)[] Fitters() => [.. names.Select(n => (n, RecommenderFitters.Create(n, request.Seed, segments)))];
        foreach (var name in names)
        {
            ModelFits.Count(name);
            ModelFits.Count(name);
        }
        var eventsMatrix = InteractionMatrix.FromInteractions(eventsTrain);
        var (rowsEvents, comparisonsEvents) = RecommenderEvaluation.CompareWithBaseline(Fitters(), eventsMatrix, test, request.K, Popular, options, bought);
        var (rowsPurchases, comparisonsPurchases) = RecommenderEvaluation.CompareWithBaseline(
            Fitters(), InteractionMatrix.FromInteractions(purchasesTrain), test, request.K, Popular, options);
        var customers = rowsEvents[0].Users;
        var better = comparisonsEvents.Where(c => c.Distinguishable && c.Difference > 0).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var best = rowsEvents.Where(r => better.Contains(r.Name)).MaxBy(r => r.Ndcg);
        var evaluation = new RecommendEvaluation(request.Split, eventsTrain.Count, test.Length,
            [.. rowsEvents, .. rowsPurchases.Select(r => r with { Name = r.Name + PurchasesOnlySuffix })])
        {
            HeldOutCustomers = customers,
            Comparisons = [.. comparisonsEvents, .. comparisonsPurchases.Select(c => c with { Name = c.Name + PurchasesOnlySuffix, Baseline = c.Baseline + PurchasesOnlySuffix })],
            Best = best?.Name,
            Verdict = Verdict(best is null ? null : comparisonsEvents.First(c => c.Name == best.Name), comparisonsEvents, customers, request.K, request.Split),
            Data = DataSufficiency.Check(eventsMatrix),
            Feedback = Events,
        };
        return evaluation with { Version = StoredRecommendations.SaveEvaluation(store, request, evaluation) };
    }

    /// <summary>
    /// The evaluation in one sentence: the best algorithm that is distinguishably better than popularity and by how
    /// much, or that none is on this many held-out customers (and those distinguishably worse).
    /// </summary>
    public static string Verdict(BaselineComparison? best, IReadOnlyList<BaselineComparison> comparisons, int customers, int k, string split)
    {
        var worse = comparisons.Where(c => c.Distinguishable && c.Difference < 0).Select(c => c.Name).ToArray();
        var worseText = worse.Length == 0 ? "" : $" {string.Join(", ", worse)} {(worse.Length == 1 ? "is" : "are")} distinguishably worse than popularity.";
        if (best is not null)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{best.Name} beats popularity on {customers:N0} held-out customers: NDCG@{k} {best.Difference:+0.0000;-0.0000} (95% interval {best.Low:+0.0000;-0.0000} to {best.High:+0.0000;-0.0000}; better for {best.Better:N0}, worse for {best.Worse:N0} customers).{worseText}");
        }
        var hint = customers < 100 && split == "time" ? " clientele evaluate recommend --split leave-one-out, or a longer --test-days, holds out more." : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"No algorithm is distinguishable from popularity on {customers:N0} held-out customers, so no winner is named.{worseText}{hint}");
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

    /// <summary>Why the store's purchases give a recommender nothing to learn from (no product ids, …), or null when they do.</summary>
    internal static string? WhyNoInteractions(ClienteleStore store, DateOnly? asOf) => NoPurchasesWithProducts(store, asOf, "recommend");

    /// <summary>
    /// The purchase matrix (weight: the days a customer bought a product) and the interactions it sums, from the
    /// summaries' numbers when they answer (a million customers' rows as objects are gigabytes), else from
    /// <see cref="Interactions"/>: the same matrix either way.
    /// </summary>
    private static (InteractionMatrix Matrix, int Interactions) PurchaseMatrix(ClienteleStore store, DateOnly? asOf, string command)
    {
        if (CustomerInputs.InteractionCodes(store, asOf) is { Rows: > 0 } coded)
        {
            return (InteractionMatrix.Build(coded.CustomerIds, coded.ProductIds, coded.Pairs), checked((int)coded.Rows));
        }
        var interactions = Interactions(store, asOf, command);
        return (InteractionMatrix.FromInteractions(interactions), interactions.Count);
    }

    /// <summary>
    /// One interaction per customer, product and day; the timestamp is the day number (days since 0001-01-01). None is
    /// a user error that says what <paramref name="command"/> needs: purchases, with product ids.
    /// </summary>
    private static List<Interaction> Interactions(ClienteleStore store, DateOnly? asOf, string command)
    {
        var interactions = CustomerInputs.Interactions(store, asOf).Select(p => new Interaction(p.CustomerId, p.ProductId, 1f, p.Day.DayNumber)).ToList();
        return interactions.Count > 0
            ? interactions
            : throw new ClienteleException(NoPurchasesWithProducts(store, asOf, command) ?? $"{command}: {store.Path} has no purchases with product ids.");
    }

    /// <summary>
    /// Why the store has no purchase interactions before <paramref name="asOf"/> (no purchases at all, or none with a
    /// product id), or null when it has some: counted, not read (a report asks this of a million customers' store).
    /// </summary>
    private static string? NoPurchasesWithProducts(ClienteleStore store, DateOnly? asOf, string command)
    {
        var (lines, withProduct) = CustomerInputs.CountPurchaseLines(store, asOf);
        if (withProduct > 0)
        {
            return null;
        }
        var before = asOf is { } day ? $" before {day:yyyy-MM-dd}" : "";
        return lines == 0
            ? $"{command}: {store.Path} has no purchases{before}; it needs order lines with product ids (clientele ingest orders FILE)."
            : $"{command}: none of the {lines:N0} purchase lines{before} in {store.Path} has a product id (a layout such as CDNOW records none); it needs order lines with product ids.";
    }

    /// <summary>The products each customer bought.</summary>
    private static Dictionary<string, IReadOnlySet<string>> Bought(IEnumerable<FeedbackCounts> counts) =>
        counts.Where(c => c.Purchases > 0).GroupBy(i => i.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>--feedback and --weight checked: a user error names the flag.</summary>
    private static void CheckFeedback(string feedback, FeedbackWeights weights)
    {
        if (feedback is not (Purchases or Events))
        {
            throw new ClienteleException($"--feedback {feedback}: expected {Purchases} or {Events}");
        }
        ArgumentNullException.ThrowIfNull(weights);
        try
        {
            weights.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ClienteleException($"--weight: {e.Message.Split(" (Parameter")[0]}", e);
        }
    }

    /// <summary>One weighted interaction per customer and product from events and purchases (<see cref="FeedbackWeights.Interactions"/>).</summary>
    private static IReadOnlyList<Interaction> FeedbackInteractions(ClienteleStore store, DateOnly? asOf, FeedbackWeights weights, string command) =>
        FeedbackInteractions(store, asOf, weights, command, out _);

    /// <summary>The same, and the day counts they were summed from; none with a positive weight is a user error.</summary>
    private static IReadOnlyList<Interaction> FeedbackInteractions(ClienteleStore store, DateOnly? asOf, FeedbackWeights weights, string command, out FeedbackCounts[] rows)
    {
        rows = [.. EventInteractionQuery.Compute(store, asOf).Select(e => new FeedbackCounts(e.CustomerId, e.ProductId, e.Day.DayNumber, e.Views, e.CartAdds, e.WishlistAdds, e.Purchases))];
        var interactions = weights.Interactions(rows);
        if (interactions.Count > 0)
        {
            return interactions;
        }
        var before = asOf is { } day ? $" before {day:yyyy-MM-dd}" : "";
        throw new ClienteleException(rows.Length == 0
            ? $"{command} --feedback events: {store.Path} has no view, cart add, wishlist add or purchase of a product by a known customer{before} (clientele ingest events FILE, clientele ingest orders FILE)."
            : $"{command} --feedback events: every one of the {rows.Length:N0} (customer, product, day) counts{before} in {store.Path} has weight 0 under the --weight values given.");
    }

    /// <summary>
    /// The RFM segments when the store has order lines; none for a shop known by its events alone (segment popularity
    /// is then overall popularity, and the hybrid has no segment for a cold start).
    /// </summary>
    private static Dictionary<string, string> SegmentsIfOrders(ClienteleStore store, DateOnly? asOf) =>
        PurchaseInteractionQuery.CountLines(store, asOf).Lines > 0 ? RfmSegmentsByCustomer(store, asOf) : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Each customer's RFM segment: the cold-start answer of segment popularity and the hybrid.</summary>
    private static Dictionary<string, string> RfmSegmentsByCustomer(ClienteleStore store, DateOnly? asOf)
    {
        var customers = CustomerInputs.Features(store, asOf).Customers;
        var segments = RfmSegments.Assign(
            customers.Select(c => (double)c.RecencyDays).ToArray(),
            customers.Select(c => (double)c.Frequency).ToArray(),
            customers.Select(c => (double)c.Monetary).ToArray()).Segments;
        return customers.Select((c, i) => (c.CustomerId, segments[i])).ToDictionary(p => p.CustomerId, p => p.Item2, StringComparer.Ordinal);
    }
}
