namespace Clientele.Recommend.Tests;

public sealed class DenseItemEmbeddingsTests
{
    /// <summary>
    /// Three items in the plane: a = (1, 0), b = (0.6, 0.8), c = (0, 2). Cosines by hand: cos(a, b) = 0.6, cos(a, c) = 0,
    /// cos(b, c) = 0.8. Ann bought a and b: her profile (1.6, 0.8)/|·| scores c at 0.8/√3.2 = 0.4472136.
    /// </summary>
    [Fact]
    public void ContentFitter_DenseVectors_CosinesByHand()
    {
        var vectors = new Dictionary<string, float[]> { ["a"] = [1, 0], ["b"] = [0.6f, 0.8f], ["c"] = [0, 2] };
        var matrix = InteractionMatrix.FromInteractions([new("ann", "a"), new("ann", "b"), new("bob", "c")]);

        var model = new ContentFitter(new DenseItemEmbeddings(vectors)).Fit(matrix);

        var similar = model.SimilarItems("b", 2).Items;
        Assert.Equal(["c", "a"], similar.Select(i => i.ItemId));
        Assert.Equal(0.8f, similar[0].Score, 5);
        Assert.Equal(0.6f, similar[1].Score, 5);
        var recommended = Assert.Single(model.Recommend("ann", 5).Items);
        Assert.Equal("c", recommended.ItemId);
        Assert.Equal(0.4472136f, recommended.Score, 5);
    }

    [Fact]
    public void Constructor_UnequalLengthsOrNaN_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DenseItemEmbeddings(new Dictionary<string, float[]> { ["a"] = [1, 0], ["b"] = [1] }));
        Assert.Throws<ArgumentException>(() => new DenseItemEmbeddings(new Dictionary<string, float[]> { ["a"] = [float.NaN, 0] }));
        Assert.Throws<ArgumentException>(() => new DenseItemEmbeddings(new Dictionary<string, float[]>()));
    }
}
