namespace Clientele.Recommend.Tests;

/// <summary>
/// One contract every recommender keeps, run against each of them on implicit's checkerboard: the withheld item comes
/// back first, fresh interactions give the same answer as the fitted user, batches equal single calls, JSON round
/// trips, determinism, and the documented answers to bad input (never an exception for an unknown id, never NaN).
/// </summary>
public sealed class RecommenderContractTests
{
    private static readonly string[] AllMethods =
        ["als", "bpr", "item-knn-cosine", "item-knn-bm25", "popularity", "segment-popularity", "content", "hybrid"];

    /// <summary>Global popularity is the same list for everyone, so it cannot find a user's withheld item; every other method must.</summary>
    private static readonly string[] Personalised = [.. AllMethods.Where(m => m != "popularity")];

    /// <summary>The methods with a real item similarity (the popularity models answer similar items with bestsellers).</summary>
    private static readonly string[] WithItemSimilarity = [.. AllMethods.Where(m => !m.Contains("popularity", StringComparison.Ordinal))];

    public static TheoryData<string> Methods => [.. AllMethods];

    public static TheoryData<string> PersonalisedMethods => [.. Personalised];

    public static TheoryData<string> SimilarityMethods => [.. WithItemSimilarity];

    private static IRecommenderFitter CreateSut(string method) => method switch
    {
        "als" => new AlsFitter(),
        "bpr" => new BprFitter(),
        // K = 50 as implicit's contract tests: on the checkerboard all 23 same-group neighbours tie, so a smaller K
        // would keep only the lowest-numbered ones and lose the withheld item of a high-numbered user.
        "item-knn-cosine" => new ItemKnnFitter(new ItemKnnOptions { Neighbours = 50 }),
        "item-knn-bm25" => new ItemKnnFitter(new ItemKnnOptions { Similarity = ItemSimilarity.Bm25, Neighbours = 50 }),
        "popularity" => new PopularityFitter(),
        "segment-popularity" => new SegmentPopularityFitter(Checkerboard.Segments()),
        "content" => new ContentFitter(TfIdfItemEmbeddings.Fit(Checkerboard.ItemTexts())),
        "hybrid" => HybridFitter.Default(userSegments: Checkerboard.Segments()),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    private static readonly Dictionary<string, IRecommender> Fitted = [];

    /// <summary>The model of <paramref name="method"/> on the checkerboard, fitted once per test run.</summary>
    private static IRecommender Model(string method)
    {
        lock (Fitted)
        {
            if (!Fitted.TryGetValue(method, out var model))
            {
                Fitted[method] = model = CreateSut(method).Fit(Checkerboard.Matrix());
            }
            return model;
        }
    }

    [Theory]
    [MemberData(nameof(PersonalisedMethods))]
    public void Recommend_Checkerboard_WithheldItemFirst(string method)
    {
        var model = Model(method);

        for (var u = 0; u < Checkerboard.Size; u++)
        {
            var result = model.Recommend(Checkerboard.User(u), 1);

            Assert.Single(result.Items);
            Assert.Equal(Checkerboard.Item(u), result.Items[0].ItemId);
            Assert.Null(result.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(PersonalisedMethods))]
    public void RecommendForNewInteractions_UsersHistory_SameTopItemAsFittedUser(string method)
    {
        var model = Model(method);
        var matrix = Checkerboard.Matrix();

        for (var u = 0; u < Checkerboard.Size; u += 7)
        {
            var history = matrix.UserItems.RowIndices(u).ToArray().Select(i => (matrix.ItemIds[i], 1f)).ToArray();

            var fresh = model.RecommendForNewInteractions(history, 1);

            if (method == "segment-popularity")
            {
                // Without a user id there is no segment: overall popularity, which cannot know the withheld item.
                Assert.Single(fresh.Items);
                continue;
            }
            Assert.Equal(Checkerboard.Item(u), fresh.Items[0].ItemId);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void WithoutUser_AnErasedUser_UnknownAfterwardsTheOthersAnsweredAsBeforeAndItSavesAndLoads(string method)
    {
        var model = Assert.IsType<RecommenderModel>(Model(method), exactMatch: false);
        var erased = Checkerboard.User(3);

        var without = model.WithoutUser(erased)!;
        var reloaded = RecommenderModel.Load(without.Save());

        Assert.Null(model.WithoutUser("nobody"));
        Assert.Equal(model.UserIds.Count - 1, without.UserIds.Count);
        Assert.DoesNotContain(erased, without.UserIds);
        Assert.DoesNotContain(erased, reloaded.UserIds);
        Assert.Equal(without.Save(), reloaded.Save());
        // Another user of the other group is answered as before where the model keeps per-user parameters (factors, segments).
        var other = Checkerboard.User(4);
        if (method is "als" or "bpr")
        {
            Assert.Equal(model.Recommend(other, 3).Items, without.Recommend(other, 3).Items);
        }
        Assert.NotEqual(model.Recommend(erased, 3), without.Recommend(erased, 3));
    }

    [Theory]
    [MemberData(nameof(SimilarityMethods))]
    public void SimilarityTo_AFewItems_TheScoresSimilarItemsGivesThemBestFirst(string method)
    {
        var model = Assert.IsType<RecommenderModel>(Model(method), exactMatch: false);
        var target = Checkerboard.Item(0);
        var all = model.SimilarItems(target, Checkerboard.Size - 1).Items.ToDictionary(i => i.ItemId, i => i.Score, StringComparer.Ordinal);
        string[] others = [Checkerboard.Item(5), Checkerboard.Item(1), target, "ghost", Checkerboard.Item(5), Checkerboard.Item(9)];

        var some = model.SimilarityTo(target, others);

        // The item itself, an unknown one and a repeat are left out; the rest carry SimilarItems' own scores.
        Assert.Equal(some.Select(s => s.ItemId).Order(StringComparer.Ordinal), new[] { Checkerboard.Item(1), Checkerboard.Item(5), Checkerboard.Item(9) }.Where(all.ContainsKey).Order(StringComparer.Ordinal));
        Assert.All(some, s => Assert.Equal(all[s.ItemId], s.Score));
        Assert.Equal(some.Select(s => s.Score).OrderDescending(), some.Select(s => s.Score));
    }

    [Theory]
    [MemberData(nameof(SimilarityMethods))]
    public void SimilarItems_Checkerboard_SameGroupOnly(string method)
    {
        var model = Model(method);

        for (var i = 0; i < Checkerboard.Size; i++)
        {
            var result = model.SimilarItems(Checkerboard.Item(i), 10);

            Assert.NotEmpty(result.Items);
            Assert.DoesNotContain(result.Items, s => s.ItemId == Checkerboard.Item(i));
            Assert.All(result.Items, s => Assert.Equal(i % 2, int.Parse(s.ItemId[1..]) % 2));
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Recommend_Filtered_NoItemTheUserHas(string method)
    {
        var model = Model(method);
        var matrix = Checkerboard.Matrix();

        for (var u = 0; u < Checkerboard.Size; u += 5)
        {
            var result = model.Recommend(Checkerboard.User(u), 10);

            var has = matrix.UserItems.RowIndices(u).ToArray().Select(i => matrix.ItemIds[i]).ToHashSet();
            Assert.DoesNotContain(result.Items, s => has.Contains(s.ItemId));
            Assert.Equal(result.Items.Count, result.Items.Select(s => s.ItemId).Distinct().Count());
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Recommend_Any_RankedBestFirstWithFiniteScores(string method)
    {
        var model = Model(method);

        foreach (var filter in new[] { true, false })
        {
            var result = model.Recommend(Checkerboard.User(3), 20, filter);

            Assert.All(result.Items, s => Assert.True(float.IsFinite(s.Score), $"{s.ItemId}: {s.Score}"));
            for (var n = 1; n < result.Items.Count; n++)
            {
                Assert.True(result.Items[n - 1].Score >= result.Items[n].Score);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Recommend_KLargerThanCatalogue_AllCandidatesAndAReason(string method)
    {
        var model = Model(method);

        var result = model.Recommend(Checkerboard.User(0), 10_000);

        Assert.NotEmpty(result.Items);
        Assert.True(result.Items.Count <= Checkerboard.Size - 24);
        Assert.NotNull(result.Reason);
        Assert.StartsWith("Only ", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Recommend_KZeroOrNegative_ThrowsArgumentOutOfRange(string method)
    {
        var model = Model(method);

        foreach (var k in new[] { 0, -1 })
        {
            var single = Assert.Throws<ArgumentOutOfRangeException>(() => model.Recommend(Checkerboard.User(0), k));
            Assert.Contains("at least 1", single.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentOutOfRangeException>(() => model.Recommend([Checkerboard.User(0)], k));
            Assert.Throws<ArgumentOutOfRangeException>(() => model.SimilarItems(Checkerboard.Item(0), k));
            Assert.Throws<ArgumentOutOfRangeException>(() => model.RecommendForNewInteractions([(Checkerboard.Item(0), 1f)], k));
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Recommend_UnknownUser_EmptyWithReasonUnlessSegmentKnown(string method)
    {
        var model = Model(method);

        var result = model.Recommend("nobody", 5);

        Assert.True(result.IsEmpty);
        Assert.Contains("\"nobody\" is not among the 50 users", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void SimilarItems_ItemNotInCatalogue_EmptyWithReason(string method)
    {
        var model = Model(method);

        var result = model.SimilarItems("no-such-item", 5);

        Assert.True(result.IsEmpty);
        Assert.Equal("Item \"no-such-item\" is not in the catalogue of 50 items the model was fitted on.", result.Reason);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void RecommendForNewInteractions_SomeItemsUnknown_SkippedAndNamed(string method)
    {
        var model = Model(method);

        var result = model.RecommendForNewInteractions([("i00", 1f), ("i02", 2f), ("ghost", 1f)], 3);

        Assert.NotEmpty(result.Items);
        Assert.DoesNotContain(result.Items, s => s.ItemId is "i00" or "i02");
        Assert.Equal("1 of the 3 interactions is with an item not in the catalogue and was skipped: \"ghost\".", result.Reason);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void RecommendForNewInteractions_NoUsableItems_ClearAnswer(string method)
    {
        var model = Model(method);

        var none = model.RecommendForNewInteractions([], 3);
        var unknown = model.RecommendForNewInteractions([("ghost", 1f)], 3);

        Assert.StartsWith("No interactions were given.", none.Reason, StringComparison.Ordinal);
        Assert.StartsWith("None of the interactions is with an item in the catalogue.", unknown.Reason, StringComparison.Ordinal);
        if (method is "popularity" or "segment-popularity" or "hybrid")
        {
            Assert.Equal(3, none.Items.Count); // these fall back on the most popular items, and say so
            Assert.Contains("most popular", none.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(none.IsEmpty);
            Assert.True(unknown.IsEmpty);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void RecommendForNewInteractions_BadWeight_ThrowsArgumentException(string method)
    {
        var model = Model(method);

        foreach (var weight in new[] { float.NaN, float.PositiveInfinity, -1f })
        {
            var error = Assert.Throws<ArgumentException>(() => model.RecommendForNewInteractions([("i00", weight)], 3));
            Assert.Contains("weights must be finite and >= 0", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Recommend_Batch_EqualsOneByOne(string method)
    {
        var model = Model(method);
        string[] users = [.. Enumerable.Range(0, Checkerboard.Size).Select(Checkerboard.User), "nobody"];

        var batch = model.Recommend(users, 5);

        Assert.Equal(users.Length, batch.Count);
        for (var n = 0; n < users.Length; n++)
        {
            var single = model.Recommend(users[n], 5);
            Assert.Equal(single.Items, batch[n].Items);
            Assert.Equal(single.Reason, batch[n].Reason);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Save_LoadBack_SameRecommendationsAndBytes(string method)
    {
        var model = Model(method);

        var saved = model.Save();
        var read = RecommenderModel.Load(saved);

        Assert.Equal(model.Method, read.Method);
        Assert.Equal(saved, read.Save());
        for (var u = 0; u < Checkerboard.Size; u += 3)
        {
            Assert.Equal(model.Recommend(Checkerboard.User(u), 5).Items, read.Recommend(Checkerboard.User(u), 5).Items);
        }
        Assert.Equal(model.SimilarItems("i01", 5).Items, read.SimilarItems("i01", 5).Items);
        Assert.Equal(
            model.RecommendForNewInteractions([("i01", 1f), ("i03", 3f)], 5).Items,
            read.RecommendForNewInteractions([("i01", 1f), ("i03", 3f)], 5).Items);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fit_SameInputTwice_SameModel(string method)
    {
        var first = CreateSut(method).Fit(Checkerboard.Matrix());
        var second = CreateSut(method).Fit(Checkerboard.Matrix());

        Assert.Equal(first.Save(), second.Save());
    }

    [Fact]
    public void Bpr_HogwildOnTwoThreads_StillFindsTheWithheldItems()
    {
        // More than one thread updates the factors without locks (not reproducible to the bit, hence not the default).
        var model = new BprFitter(new BprOptions { DegreeOfParallelism = 2 }).Fit(Checkerboard.Matrix());

        var hits = Enumerable.Range(0, Checkerboard.Size).Count(u => model.Recommend(Checkerboard.User(u), 1).Items[0].ItemId == Checkerboard.Item(u));

        Assert.True(hits >= Checkerboard.Size - 2, $"{hits} of {Checkerboard.Size}");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fit_NoInteractions_ThrowsArgumentExceptionSayingSo(string method)
    {
        var empty = InteractionMatrix.FromInteractions([], catalogue: ["i00", "i01"]);

        var error = Assert.Throws<ArgumentException>(() => CreateSut(method).Fit(empty));

        Assert.Contains("has no interactions", error.Message, StringComparison.Ordinal);
    }
}
