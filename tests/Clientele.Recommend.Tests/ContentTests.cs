namespace Clientele.Recommend.Tests;

public sealed class ContentTests
{
    private static Dictionary<string, string> Texts() => new()
    {
        ["mug"] = "White ceramic coffee mug",
        ["cup"] = "Ceramic tea cup, white",
        ["lamp"] = "Brass desk lamp",
        ["shade"] = "Linen lamp shade",
        ["card"] = "Birthday card",
    };

    [Fact]
    public void TfIdf_Words_SmoothedIdfAndUnitVectors()
    {
        var embeddings = TfIdfItemEmbeddings.Fit(Texts());

        // Words in at least 2 of the 5 texts: ceramic (2), white (2), lamp (2). idf = ln(6/3) + 1 = 1.693147 for all
        // three, so mug = (ceramic 1, white 1)/√2 and shade = (lamp 1).
        Assert.Equal(["ceramic", "lamp", "white"], embeddings.Vocabulary);
        var mug = new float[3];
        Assert.True(embeddings.TryGetEmbedding("mug", mug));
        Assert.Equal([0.707107f, 0f, 0.707107f], mug.Select(v => MathF.Round(v, 6)));
        Assert.False(embeddings.TryGetEmbedding("card", mug)); // no kept word
        Assert.False(embeddings.TryGetEmbedding("unknown", mug));
    }

    [Fact]
    public void ContentModel_NewProductWithoutSales_RecommendedByItsText()
    {
        // Nobody has bought the cup yet; a mug buyer is offered it because the texts share words.
        var matrix = InteractionMatrix.FromInteractions([new("ann", "mug"), new("bob", "lamp")], catalogue: Texts().Keys);
        var model = new ContentFitter(TfIdfItemEmbeddings.Fit(Texts())).Fit(matrix);

        var ann = model.Recommend("ann", 3);
        var similar = model.SimilarItems("lamp", 3);

        Assert.Equal("cup", ann.Items[0].ItemId);
        Assert.Equal(1f, ann.Items[0].Score, 1e-6f);
        Assert.DoesNotContain(ann.Items, s => s.ItemId == "card"); // no content, never recommended
        Assert.Equal("shade", similar.Items[0].ItemId);
    }

    [Fact]
    public void ContentFitter_NoItemHasContent_ArgumentException()
    {
        var matrix = InteractionMatrix.FromInteractions([new("ann", "x")]);

        var error = Assert.Throws<ArgumentException>(() => new ContentFitter(TfIdfItemEmbeddings.Fit(Texts())).Fit(matrix));

        Assert.Contains("None of the 1 catalogue items has content", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentFitter_AnyEmbeddings_UsedThroughTheInterface()
    {
        var matrix = InteractionMatrix.FromInteractions([new("ann", "a"), new("bob", "c")], catalogue: ["b"]);
        var model = new ContentFitter(new FixedEmbeddings()).Fit(matrix);

        // a = (1, 0), b = (0.8, 0.6), c = (0, 1): ann (a) is offered b (cosine 0.8) before c (0).
        var result = model.Recommend("ann", 2);

        Assert.Equal(["b", "c"], result.Items.Select(s => s.ItemId));
        Assert.Equal(0.8f, result.Items[0].Score, 1e-6f);
    }

    private sealed class FixedEmbeddings : IItemEmbeddings
    {
        public int Dimensions => 2;

        public bool TryGetEmbedding(string itemId, Span<float> destination)
        {
            (destination[0], destination[1]) = itemId switch
            {
                "a" => (1f, 0f),
                "b" => (0.8f, 0.6f),
                "c" => (0f, 1f),
                _ => (0f, 0f),
            };
            return itemId is "a" or "b" or "c";
        }
    }
}
