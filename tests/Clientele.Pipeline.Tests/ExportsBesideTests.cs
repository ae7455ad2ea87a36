using Clientele.Data.Store;
using Clientele.Pipeline.State;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>
/// Export files written beside a save. The path where the save commits is RecommendJobTests' and the segment runs'
/// (the files equal the store's export byte for byte); this is the path where it does not.
/// </summary>
public sealed class ExportsBesideTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Dispose_WithoutFinish_LeavesTheFilesOfTheVersionBefore()
    {
        var directory = _folder.File("out");
        Directory.CreateDirectory(directory);
        var recommendations = Path.Combine(directory, RecommendJob.RecommendationsFileName);
        var similar = Path.Combine(directory, RecommendJob.SimilarProductsFileName);
        File.WriteAllText(recommendations, "the version before\n");
        File.WriteAllText(similar, "its similar products\n");
        RecommendationRow[] rows = [new("c1", 1, "p1", 0.9, "als"), new("c1", 2, "p2", 0.5, "als"), new("c2", 1, "p2", 0.7, "als")];
        SimilarProductRow[] similarRows = [new("p1", 1, "p2", 0.3)];
        var names = new Dictionary<string, string> { ["p1"] = "Mug" };

        // The save failed: the writing is abandoned, whatever it had reached.
        using (ExportsBeside.Start(
            (recommendations, file => StoreExports.WriteRecommendations(file, rows, names)),
            (similar, file => StoreExports.WriteSimilarProducts(file, similarRows, names, "als"))))
        {
        }

        Assert.Equal("the version before\n", File.ReadAllText(recommendations));
        Assert.Equal("its similar products\n", File.ReadAllText(similar));
        Assert.Equal([RecommendJob.RecommendationsFileName, RecommendJob.SimilarProductsFileName], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
