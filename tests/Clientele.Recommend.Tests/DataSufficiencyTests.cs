namespace Clientele.Recommend.Tests;

public sealed class DataSufficiencyTests
{
    /// <summary>
    /// Ten customers: ann bought tea and cups (the one repeat customer), the other nine one product each, tea or one of
    /// eight products nobody else bought. Products: tea, cups and eight singles = 10; linked (bought with another): tea, cups.
    /// </summary>
    private static InteractionMatrix OneBasketShop() => InteractionMatrix.FromInteractions(
    [
        new("ann", "tea"), new("ann", "cups"), new("bob", "tea"),
        .. Enumerable.Range(1, 8).Select(n => new Interaction($"c{n}", $"p{n}")),
    ]);

    [Fact]
    public void Check_OneRepeatCustomerInTen_CountsByHand()
    {
        var check = DataSufficiency.Check(OneBasketShop(), new DataSufficiencyOptions { MinimumRepeatCustomerShare = 0.1, MinimumLinkedProductShare = 0.2 });

        // By hand: 10 customers, 11 pairs, 1 repeat customer (10 %), 2 of 10 products linked (20 %): both exactly at the thresholds.
        Assert.Equal((10, 10, 11, 1, 2), (check.Customers, check.Products, check.Pairs, check.RepeatCustomers, check.LinkedProducts));
        Assert.Equal(1.1, check.ProductsPerCustomer, 12);
        Assert.True(check.IsSufficient, check.Problem);
    }

    [Fact]
    public void Check_BelowBothThresholds_ProblemNamesNumbersAndThresholds()
    {
        var check = DataSufficiency.Check(OneBasketShop(), new DataSufficiencyOptions { MinimumRepeatCustomerShare = 0.15, MinimumLinkedProductShare = 0.25 });

        Assert.False(check.IsSufficient);
        Assert.Equal(
            "1 of 10 customers (10.0%) bought two or more different products, below the 15% a personalised recommender needs; "
            + "2 of 10 products (20.0%) were ever bought together with another product, below 25%",
            check.Problem);
    }

    [Fact]
    public void Check_Defaults_DenseShopSufficient()
    {
        // Every customer has two products: 100 % repeat, 100 % linked.
        var matrix = InteractionMatrix.FromInteractions([new("a", "x"), new("a", "y"), new("b", "y"), new("b", "z")]);

        Assert.True(DataSufficiency.Check(matrix).IsSufficient);
    }

    [Fact]
    public void Check_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => DataSufficiency.Check(OneBasketShop(), new DataSufficiencyOptions { MinimumRepeatCustomerShare = 1.5 }));
    }

    [Fact]
    public void IsUninformative_ZeroNaNEmptyAndUsefulLists_Classified()
    {
        Assert.True(DataSufficiency.IsUninformative(new RecommendationResult([new("a", 0f), new("b", 0f)])));
        Assert.True(DataSufficiency.IsUninformative(new RecommendationResult([new("a", 4e-7f), new("b", -3e-7f)])));
        Assert.True(DataSufficiency.IsUninformative(new RecommendationResult([new("a", float.NaN), new("b", 0.5f)])));
        Assert.True(DataSufficiency.IsUninformative(RecommendationResult.Empty("nothing")));
        Assert.False(DataSufficiency.IsUninformative(new RecommendationResult([new("a", 0.2f), new("b", 0f)])));
        Assert.False(DataSufficiency.IsUninformative(new RecommendationResult([new("a", -1.5f), new("b", -2f)]))); // BPR scores may be negative
    }

    [Fact]
    public void IsUninformative_AlsOnOneBasketShop_EveryListIsZero()
    {
        // The Olist symptom in miniature: with the default λ = 20 and one basket of two, ALS learns no factor worth a score.
        var matrix = OneBasketShop();
        var model = new AlsFitter(new AlsOptions()).Fit(matrix);

        var lists = model.Recommend(matrix.UserIds, 3);

        Assert.All(lists, l => Assert.True(DataSufficiency.IsUninformative(l), string.Join(", ", l.Items)));
    }
}
