namespace Clientele.Recommend.Tests;

public sealed class PopularityAndHybridTests
{
    /// <summary>
    /// Champions (ann, bob) buy tea and cups; bargain hunters (cat, dan, eve) buy socks and tea. Overall: tea 5, socks 3,
    /// cups 2.
    /// </summary>
    private static InteractionMatrix Shop() => InteractionMatrix.FromInteractions(
    [
        new("ann", "tea"), new("ann", "cups"), new("bob", "tea"), new("bob", "cups"),
        new("cat", "socks"), new("cat", "tea"), new("dan", "socks"), new("dan", "tea"), new("eve", "socks"), new("eve", "tea"),
    ]);

    private static Dictionary<string, string> Segments() => new()
    {
        ["ann"] = "champions", ["bob"] = "champions", ["cat"] = "bargain", ["dan"] = "bargain", ["eve"] = "bargain",
        ["newbie"] = "champions", // no purchase yet, segment known (for example from the sign-up survey)
    };

    [Fact]
    public void Popularity_DistinctUsersPerItem()
    {
        var model = new PopularityFitter().Fit(Shop());

        var result = model.Recommend("ann", 3, filterAlreadyInteracted: false);

        Assert.Equal([new ScoredItem("tea", 5f), new ScoredItem("socks", 3f), new ScoredItem("cups", 2f)], result.Items);
    }

    [Fact]
    public void SegmentPopularity_StrangerWithSegment_SegmentsBestsellersAsColdStart()
    {
        var model = new SegmentPopularityFitter(Segments()).Fit(Shop());

        var result = model.Recommend("newbie", 2);

        // Champions: tea 2, cups 2 (ties broken by overall popularity, tea 5 > cups 2); socks 0.
        Assert.Equal(["tea", "cups"], result.Items.Select(s => s.ItemId));
        Assert.Equal("Cold start: user \"newbie\" has no history; these are the most popular items of segment \"champions\".", result.Reason);
    }

    [Fact]
    public void SegmentPopularity_ForSegment_CountsWithinTheSegment()
    {
        var model = new SegmentPopularityFitter(Segments()).Fit(Shop());

        var bargain = model.RecommendForSegment("bargain", 3);
        var unknown = model.RecommendForSegment("vip", 3);

        // Bargain hunters: socks 3, tea 3 (the tie goes to tea, 5 users overall against 3), cups 0.
        Assert.Equal(["tea", "socks", "cups"], bargain.Items.Select(s => s.ItemId));
        Assert.Equal(3f, MathF.Floor(bargain.Items[1].Score));
        Assert.True(unknown.IsEmpty);
        Assert.Equal("Segment \"vip\" is not in the segment map (bargain, champions).", unknown.Reason);
        Assert.Equal("champions", model.SegmentOf("newbie"));
    }

    [Fact]
    public void Hybrid_Default_DocumentedWeights()
    {
        var model = HybridFitter.Default().Fit(Shop());

        Assert.Equal(["als", "item-knn", "popularity"], model.Components.Select(c => c.Method));
        Assert.Equal([0.6f, 0.3f, 0.1f], model.Weights);
    }

    [Fact]
    public void Hybrid_StrangerWithSegment_FallsBackOnSegmentPopularity()
    {
        var model = HybridFitter.Default(userSegments: Segments()).Fit(Shop());

        var newbie = model.Recommend("newbie", 2);
        var stranger = model.Recommend("nobody", 2);

        Assert.Equal(["tea", "cups"], newbie.Items.Select(s => s.ItemId));
        Assert.StartsWith("Cold start", newbie.Reason, StringComparison.Ordinal);
        Assert.True(stranger.IsEmpty);
        Assert.NotNull(stranger.Reason);
    }

    [Fact]
    public void Hybrid_Blend_WeightedSumOfMinMaxNormalisedScores()
    {
        // Popularity (weight 1) and segment popularity (weight 3) for ann, who has tea and cups: only socks is left;
        // with one candidate each component normalises it to 1, so the blend is 1 + 3 = 4.
        var model = new HybridFitter(
            [new HybridComponent(new PopularityFitter(), 1f), new HybridComponent(new SegmentPopularityFitter(Segments()), 3f)]).Fit(Shop());

        var ann = model.Recommend("ann", 3);
        var all = model.Recommend("cat", 3, filterAlreadyInteracted: false);

        Assert.Equal([new ScoredItem("socks", 4f)], ann.Items);
        // cat (bargain), unfiltered: popularity tea 5, socks 3, cups 2 → 1, 1/3, 0; bargain counts socks 3, tea 3, cups 0
        // (+ overall/6 tie-break: socks 3.5, tea 3.8333, cups 0.3333) → socks 3.1667/3.5 = 0.904762, tea 1, cups 0.
        // Blend: tea 1 + 3 = 4, socks 0.333333 + 2.714286 = 3.047619, cups 0.
        Assert.Equal(["tea", "socks", "cups"], all.Items.Select(s => s.ItemId));
        Assert.Equal(4f, all.Items[0].Score, 1e-5f);
        Assert.Equal(3.047619f, all.Items[1].Score, 1e-5f);
        Assert.Equal(0f, all.Items[2].Score, 1e-6f);
    }

    [Fact]
    public void HybridFitter_BadComponents_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new HybridFitter([]));
        var weight = Assert.Throws<ArgumentException>(() => new HybridFitter([new HybridComponent(new PopularityFitter(), 0f)]));
        Assert.Contains("weights must be finite and > 0", weight.Message, StringComparison.Ordinal);
        var foreign = Assert.Throws<ArgumentException>(() => new HybridFitter([new HybridComponent(new ForeignFitter(), 1f)]).Fit(Shop()));
        Assert.Contains("not a Clientele recommender", foreign.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecommenderFitters_ByName_KnownNamesAndAClearError()
    {
        var methods = RecommenderFitters.Names.ToDictionary(n => n, n => RecommenderFitters.Create(n, userSegments: Segments()).Fit(Shop()).Method);

        Assert.Equal(["als", "bpr", "item-knn", "item-knn", "popularity", "segment-popularity", "hybrid"], methods.Values);
        var error = Assert.Throws<ArgumentException>(() => RecommenderFitters.Create("svd"));
        Assert.Contains("Unknown recommender \"svd\"; expected one of als, bpr", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RecommenderFitters.Create("segment-popular"));
    }

    private sealed class ForeignFitter : IRecommenderFitter
    {
        public IRecommender Fit(InteractionMatrix interactions) => new ForeignRecommender();
    }

    private sealed class ForeignRecommender : IRecommender
    {
        public string Method => "foreign";

        public IReadOnlyList<string> UserIds => [];

        public IReadOnlyList<string> ItemIds => [];

        public RecommendationResult Recommend(string userId, int k, bool filterAlreadyInteracted = true) => RecommendationResult.Empty("");

        public IReadOnlyList<RecommendationResult> Recommend(IReadOnlyList<string> userIds, int k, bool filterAlreadyInteracted = true) => [];

        public RecommendationResult SimilarItems(string itemId, int k) => RecommendationResult.Empty("");

        public RecommendationResult RecommendForNewInteractions(IReadOnlyList<(string ItemId, float Weight)> interactions, int k, bool filterAlreadyInteracted = true) =>
            RecommendationResult.Empty("");

        public byte[] Save() => [];

        public void Save(Stream destination)
        {
        }
    }
}
