namespace Clientele.Recommend.Tests;

public sealed class FeedbackWeightsTests
{
    [Fact]
    public void Interactions_DaysOfOnePair_SummedCappedAndStampedWithTheLastDay()
    {
        var weights = new FeedbackWeights();
        FeedbackCounts[] counts =
        [
            new("u1", "a", 10, Views: 3, CartAdds: 1, WishlistAdds: 0, Purchases: 0),
            new("u1", "a", 12, Views: 0, CartAdds: 0, WishlistAdds: 0, Purchases: 1),
            new("u1", "b", 11, Views: 10, CartAdds: 0, WishlistAdds: 1, Purchases: 2),
            new("u2", "a", 9, Views: 1, CartAdds: 0, WishlistAdds: 0, Purchases: 0),
        ];

        var interactions = weights.Interactions(counts);

        // By hand with the defaults (view 4, cart add 20, wishlist add 16, purchase 40, cap 80):
        // u1·a = 3·4 + 20 + 40 = 72; u1·b = 10·4 + 16 + 2·40 = 136, capped at 80; u2·a = 4.
        Assert.Equal([new("u1", "a", 72f, 12), new("u1", "b", 80f, 11), new("u2", "a", 4f, 9)], interactions);
    }

    [Fact]
    public void Interactions_PurchasesOnly_LeavesOutPairsWithoutAPurchase()
    {
        FeedbackCounts[] counts = [new("u1", "a", 1, 5, 1, 1, 0), new("u1", "b", 1, 0, 0, 0, 1)];

        var interactions = new FeedbackWeights().PurchasesOnly().Interactions(counts);

        Assert.Equal([new Interaction("u1", "b", 40f, 1)], interactions);
    }

    [Theory]
    [InlineData("views", 1f, "\"views\" is not a feedback weight")]
    [InlineData("view", -1f, "the weight of view must be a finite number >= 0, got -1.")]
    [InlineData("cap", 0f, "the cap must be a finite number > 0, got 0.")]
    public void With_UnknownNameOrValueOutOfRange_ThrowsSayingWhich(string name, float value, string message)
    {
        var exception = Assert.Throws<ArgumentException>(() => new FeedbackWeights().With(name, value));

        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_EveryWeightZero_Throws()
    {
        var weights = new FeedbackWeights().With("view", 0).With("cart_add", 0).With("wishlist_add", 0);

        Assert.Throws<ArgumentException>(() => weights.With("purchase", 0));
    }

    [Fact]
    public void BoughtFilter_Recommend_KeepsViewedProductsAndLeavesOutBoughtOnes()
    {
        // u1 viewed a and bought b; popularity: a and b have 3 users each, c 2, d 1.
        var matrix = InteractionMatrix.FromInteractions(
        [
            new("u1", "a", 4f), new("u1", "b", 40f),
            new("u2", "a", 4f), new("u2", "b", 40f), new("u2", "c", 4f),
            new("u3", "a", 4f), new("u3", "b", 4f), new("u3", "c", 4f), new("u3", "d", 4f),
        ]);
        var model = new PopularityFitter().Fit(matrix);
        var bought = new Dictionary<string, IReadOnlySet<string>> { ["u1"] = new HashSet<string> { "b" } };

        var lists = BoughtFilter.Recommend(model, ["u1", "u2"], 2, bought);

        Assert.Equal(["a", "c"], lists[0].Items.Select(i => i.ItemId));
        Assert.Equal(["c", "d"], model.Recommend("u1", 2).Items.Select(i => i.ItemId)); // the training filter drops the viewed a too
        Assert.Equal(["a", "b"], lists[1].Items.Select(i => i.ItemId)); // u2 bought nothing: nothing left out
    }
}
