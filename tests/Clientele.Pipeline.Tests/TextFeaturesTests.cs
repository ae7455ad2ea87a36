using System.Globalization;
using System.Text;
using System.Text.Json;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language.Themes;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// Text features on a small shop made of real Online Retail products: 40 customers in pairs that buy alike (same days,
/// same spend), one of each pair only bags, the other only baking things. Their value differs only in recency, so
/// only what they buy can tell the two kinds apart. Needs the USE-lite model (scripts/fetch-models.sh); without it the
/// tests that use it fail with the loader's message that says so.
/// </summary>
public sealed class TextFeaturesTests : IDisposable
{
    private static readonly (string Code, string Description)[] Bags =
        [("85099B", "JUMBO BAG RED RETROSPOT"), ("20725", "LUNCH BAG RED RETROSPOT"), ("20724", "RED RETROSPOT CHARLOTTE BAG")];

    private static readonly (string Code, string Description)[] Baking =
        [("22423", "REGENCY CAKESTAND 3 TIER"), ("21212", "PACK OF 72 RETROSPOT CAKE CASES"), ("22720", "SET OF 3 CAKE TINS PANTRY DESIGN")];

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    /// <summary>The small shop, on <paramref name="engine"/>.</summary>
    private string Shop(string engine)
    {
        var store = _stores.Location(engine, "shop");
        var csv = new StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        var invoice = 500000;
        for (var i = 0; i < 40; i++)
        {
            var products = i % 2 == 0 ? Bags : Baking;
            var pair = i / 2;
            var first = new DateTime(2011, 6, 1, 10, 0, 0).AddDays(pair * 7);
            foreach (var day in new[] { first, first.AddDays(3) })
            {
                invoice++;
                for (var p = 0; p < 2; p++)
                {
                    var (code, description) = products[(pair + p) % 3];
                    csv.Append(CultureInfo.InvariantCulture, $"{invoice},{code},{description},2,{day:M/d/yyyy H:mm},5.00,{1000 + i},United Kingdom\n");
                }
            }
        }
        IngestJob.Run(store, _stores.Folder.Write("orders.csv", csv.ToString()), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        return store;
    }

    private SegmentRequest Request(string store, bool text, string? models = null) => new()
    {
        StorePath = store,
        OutputDirectory = _stores.Folder.File(text ? "with-text" : "without-text"),
        Method = SegmentMethod.KMeans,
        K = 2,
        TextFeatures = text,
        TextDimensions = 1,
        ModelDirectory = models,
    };

    private static int[] Kind(SegmentResult result) => result.Customers.Select(c => int.Parse(c.Features.CustomerId, CultureInfo.InvariantCulture) % 2).ToArray();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Segment_TextFeatures_SplitBagBuyersFromBakers_WhichRfmAloneCannot(string engine)
    {
        var shop = Shop(engine);
        var without = SegmentationJob.Run(Request(shop, text: false));
        var with = SegmentationJob.Run(Request(shop, text: true));

        // Without text the two clusters cut the recency range, each holding both kinds; with it they are the kinds.
        Assert.True(ClusterAgreement.AdjustedRandIndex(without.Clustering!.ClusterOf, Kind(without)) < 0.1);
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex(with.Clustering!.ClusterOf, Kind(with)), 9);
        Assert.NotNull(with.TextInterests);
        Assert.Equal(40, with.TextInterests.CustomersWithText);
        Assert.Equal(["recency_days", "frequency", "monetary", "text_interest_1"], with.Clustering.FeatureNames);

        // Each cluster's themes say what its customers buy.
        var bagCluster = with.Customers.First(c => c.Features.CustomerId == "1000").Cluster!.Value;
        var themes = SegmentThemes.For(with);
        Assert.Equal("bag", themes[bagCluster][0].Term);
        Assert.Contains(themes[3 - bagCluster].Take(3), t => t.Term == "cake");
        using var json = JsonDocument.Parse(File.ReadAllText(with.SegmentsFile));
        Assert.Equal(1, json.RootElement.GetProperty("format_version").GetInt32());
        Assert.Equal("text_interest_1", json.RootElement.GetProperty("text_features").GetProperty("columns")[0].GetString());
        var segment = json.RootElement.GetProperty("clustering").GetProperty("segments").EnumerateArray().First(s => s.GetProperty("id").GetInt32() == bagCluster);
        Assert.Equal("bag", segment.GetProperty("themes")[0].GetProperty("term").GetString());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Segment_TextFeaturesWithoutTheModel_RunsOnRfmAndSaysHowToFetchIt(string engine)
    {
        var shop = Shop(engine);
        var result = SegmentationJob.Run(Request(shop, text: true, models: _stores.Folder.File("no-model-here")));
        var plain = SegmentationJob.Run(Request(shop, text: false));

        Assert.Null(result.TextInterests);
        Assert.Contains("text features skipped", result.TextSkipped, StringComparison.Ordinal);
        Assert.Contains("scripts/fetch-models.sh", result.TextSkipped, StringComparison.Ordinal);
        Assert.Equal(plain.Clustering!.ClusterOf, result.Clustering!.ClusterOf);
        using var json = JsonDocument.Parse(File.ReadAllText(result.SegmentsFile));
        Assert.Contains("fetch-models.sh", json.RootElement.GetProperty("text_features_skipped").GetString(), StringComparison.Ordinal);
        // Themes need no model: they come from the words of the products.
        Assert.NotNull(result.ClusterThemes);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void SegmentThemes_ReviewWords_AreNotThemes(string engine)
    {
        var shop = Shop(engine);
        // Every bag buyer (even ids) writes "Ótimo, chegou pelo correio" five times: were reviews product text, "ótimo"
        // and "chegou" would top the bag customers' themes. Themes say what a segment buys, so they stay product words.
        var reviews = new StringBuilder("customer_id,product_id,rating,text,date\n");
        for (var i = 0; i < 40; i += 2)
        {
            for (var k = 0; k < 5; k++)
            {
                reviews.Append(CultureInfo.InvariantCulture, $"{1000 + i},85099B,5,\"Ótimo, chegou pelo correio {k}\",2011-07-0{1 + k}\n");
            }
        }
        IngestJob.RunReviews(shop, _stores.Folder.Write("reviews.csv", reviews.ToString()), new TableIngestOptions { RejectsPath = _stores.Folder.File("rr.csv") });
        using var store = ClienteleStore.OpenExisting(shop);
        var groups = Enumerable.Range(0, 40).ToDictionary(i => (1000 + i).ToString(CultureInfo.InvariantCulture), i => i % 2);

        var themes = SegmentThemes.Compute(store, new DateOnly(2012, 1, 1), groups);

        var terms = themes.Values.SelectMany(t => t).Select(t => t.Term).ToList();
        Assert.Contains("bag", themes[0].Select(t => t.Term));
        Assert.DoesNotContain(terms, t => t.Contains("ótimo", StringComparison.Ordinal) || t.Contains("chegou", StringComparison.Ordinal) || t.Contains("correio", StringComparison.Ordinal));
    }

    /// <summary>
    /// The themes from one grouped query equal the definition counted customer by customer: each product's text once for
    /// every customer of the group whose net spend on it is positive (CustomerTextQuery.Spend), for both groupings.
    /// </summary>
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void SegmentThemes_TwoGroupings_EqualTheCountCustomerByCustomer(string engine)
    {
        using var store = ClienteleStore.OpenExisting(Shop(engine));
        var asOf = new DateOnly(2012, 1, 1);
        var halves = Enumerable.Range(0, 40).ToDictionary(i => (1000 + i).ToString(CultureInfo.InvariantCulture), i => i % 2);
        var thirds = Enumerable.Range(0, 40).Where(i => i % 5 != 0).ToDictionary(i => (1000 + i).ToString(CultureInfo.InvariantCulture), i => 1 + (i % 3));

        var (first, second) = SegmentThemes.Compute(store, asOf, halves, thirds);

        var products = ProductTextQuery.Compute(store);
        var merchandise = ServiceLines.Merchandise(products.Select(p => p.ProductId).ToList());
        var texts = products.Where(p => merchandise.Contains(p.ProductId)).ToDictionary(p => p.ProductId, p => p.Text, StringComparer.Ordinal);
        var spend = CustomerTextQuery.Spend(store, asOf);
        IReadOnlyDictionary<int, IReadOnlyList<DistinctiveTerm>> ByCustomer(Dictionary<string, int> groups) => DistinctiveTerms.Compute(
            spend.Where(p => groups.ContainsKey(p.CustomerId) && texts.ContainsKey(p.ProductId)).Select(p => (groups[p.CustomerId], texts[p.ProductId], 1.0)));
        Assert.Equal(ByCustomer(halves).OrderBy(g => g.Key).Select(g => g.Value), first.OrderBy(g => g.Key).Select(g => g.Value));
        Assert.Equal(ByCustomer(thirds).OrderBy(g => g.Key).Select(g => g.Value), second!.OrderBy(g => g.Key).Select(g => g.Value));
        Assert.NotEmpty(first[0]);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ProductEmbeddings_SecondRun_AllFromTheStoresCache(string engine)
    {
        var shop = Shop(engine);
        var embedder = TextFeatures.TryLoadEmbedder(null, out var skipped) ?? throw new InvalidOperationException(skipped);
        using var store = ClienteleStore.OpenExisting(shop);

        var first = TextFeatures.ForProducts(store, embedder);
        var second = TextFeatures.ForProducts(store, embedder);

        Assert.Equal((6, 0), (first.Embedded, first.Cached));
        Assert.Equal((0, 6), (second.Embedded, second.Cached));
        Assert.Equal(first.Vectors["85099B"], second.Vectors["85099B"]);
        // The cached vector is the one the model gives the (lower-cased) text.
        Assert.Equal(embedder.Embed("jumbo bag red retrospot"), second.Vectors["85099B"]);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void RecommendContent_WithAndWithoutTheModel_SimilarProductsByText(string engine)
    {
        var shop = Shop(engine);
        var result = RecommendJob.Run(new RecommendRequest { StorePath = shop, OutputDirectory = _stores.Folder.File("content"), Algorithm = "content", Top = 2 });
        var fallback = RecommendJob.Run(new RecommendRequest
        {
            StorePath = shop, OutputDirectory = _stores.Folder.File("tfidf"), Algorithm = "content", Top = 2, ModelDirectory = _stores.Folder.File("no-model-here"),
        });

        Assert.StartsWith("content: USE-lite sentence embeddings of 6 product texts", result.Note, StringComparison.Ordinal);
        Assert.EndsWith("centred on the catalogue's mean", result.Note, StringComparison.Ordinal);
        var similar = File.ReadLines(result.SimilarProductsFile).Skip(1).Select(CsvLine.Split).Where(f => f[0] == "85099B").Select(f => f[2]).ToArray();
        Assert.Equal(["20725", "20724"], similar.Order(StringComparer.Ordinal).Reverse());
        Assert.Contains("TF-IDF", fallback.Note, StringComparison.Ordinal);
        Assert.Contains("scripts/fetch-models.sh", fallback.Note, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Reviews_PerCustomer_TextRatingDateInOrder(string engine)
    {
        var shop = Shop(engine);
        var reviews = _stores.Folder.Write("reviews.csv", """
            customer_id,product_id,rating,text,date
            1000,85099B,5,"Roomy and strong, love it",2011-07-02
            1000,20725,2,Strap broke,2011-06-20
            1001,22423,4,,2011-07-01
            1001,22423,5,Beautiful stand,2099-01-01
            """);
        IngestJob.RunReviews(shop, reviews, new TableIngestOptions { RejectsPath = _stores.Folder.File("rr.csv") });
        using var store = ClienteleStore.OpenExisting(shop);

        var byCustomer = CustomerTextQuery.Reviews(store, asOf: new DateOnly(2012, 1, 1));

        Assert.Equal(["Strap broke", "Roomy and strong, love it"], byCustomer["1000"].Select(r => r.Text));
        Assert.Equal([2.0, 5.0], byCustomer["1000"].Select(r => r.Rating));
        var only = Assert.Single(byCustomer["1001"]);
        Assert.Null(only.Text);
        Assert.Equal(new DateTime(2011, 7, 1), only.ReviewedAt);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void CustomerSentiment_NoReviews_SkippedWithTheCommandThatAddsThem(string engine)
    {
        var shop = Shop(engine);
        var result = CustomerSentiment.Compute(shop, new DateOnly(2012, 1, 1));

        Assert.Empty(result.Customers);
        Assert.Contains("clientele ingest reviews", result.Skipped, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void CustomerSentiment_NoTrainedModels_EnglishByVaderOtherLanguagesByStars(string engine)
    {
        var shop = Shop(engine);
        // Nothing in the model cache: the English review gets VADER; the Portuguese ones no label (and a note naming
        // the language and the command that trains a model), but every review's stars are counted.
        var reviews = _stores.Folder.Write("reviews.csv", """
            customer_id,product_id,rating,text,date
            1000,85099B,5,"Roomy and strong, love it",2011-07-02
            1001,85099B,1,"Péssimo, não recebi o produto",2011-07-03
            1001,85099B,4,"Chegou antes do prazo",2011-07-04
            1002,85099B,2,,2011-07-05
            """);
        IngestJob.RunReviews(shop, reviews, new TableIngestOptions { RejectsPath = _stores.Folder.File("rr.csv") });

        var result = CustomerSentiment.Compute(shop, new DateOnly(2012, 1, 1), modelDirectory: _stores.Folder.File("no-models"));

        Assert.Equal(new CustomerSentimentRow("1000", 1, 1, 0, 0, result.Customers["1000"].MeanScore, 1, 5, 0, 1), result.Customers["1000"]);
        Assert.True(result.Customers["1000"].MeanScore > 0.05);
        Assert.Equal(new CustomerSentimentRow("1001", 0, 0, 0, 0, 0, 2, 2.5, 1, 2), result.Customers["1001"]);
        Assert.Equal(new CustomerSentimentRow("1002", 0, 0, 0, 0, 0, 1, 2, 1, 0), result.Customers["1002"]);
        // One of the three texts was judged: too few to speak for customers 1000 and 1001 together; enough for 1000 alone.
        Assert.Null(result.For(["1000", "1001"]));
        Assert.Equal(new Language.Briefs.SentimentFacts(1, 1, 0), result.For(["1000"]));
        Assert.Contains("2 of 3 review texts are in a language no sentiment model reads (2 in pt)", result.Skipped, StringComparison.Ordinal);
        Assert.Contains("train-sentiment --from-store", result.Skipped, StringComparison.Ordinal);
        // Hand count over customers 1000 and 1001: 3 ratings (5, 1, 4), mean 10/3, one of them 1–2 stars.
        Assert.Equal(new Language.Briefs.RatingFacts(3, 10.0 / 3, 1.0 / 3), result.RatingsFor(["1000", "1001", "nobody"]));
        Assert.Null(result.RatingsFor(["nobody"]));
    }

    [Fact]
    public void CustomerSentimentResult_For_SumsTheSegmentsReviews()
    {
        // Hand count: customer a 3 reviews (2 positive, 1 negative), b 1 negative, c not in the group, d never reviewed:
        // 4 reviews, positive 2/4, negative 2/4.
        var rows = new Dictionary<string, CustomerSentimentRow>
        {
            ["a"] = new("a", 3, 2, 0, 1, 0.3),
            ["b"] = new("b", 1, 0, 0, 1, -0.8),
            ["c"] = new("c", 5, 5, 0, 0, 0.9),
        };
        var result = new CustomerSentimentResult(rows, null);

        var facts = result.For(["a", "b", "d"]);

        Assert.Equal(new Language.Briefs.SentimentFacts(4, 0.5, 0.5), facts);
        Assert.Null(result.For(["d"]));
    }
}
