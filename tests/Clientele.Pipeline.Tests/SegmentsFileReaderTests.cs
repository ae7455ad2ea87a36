using Clientele.Tests;

namespace Clientele.Pipeline.Tests;

/// <summary>Themes as segments.json writes them, named floating-point values included.</summary>
public sealed class SegmentsFileReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// A term that only one segment has gets the z-score "Infinity" (seen on a generated shop whose every product is
    /// called ITEM): it is a theme, as any z-score of at least 1.96; "NaN" and 1.0 are not. It used to end `report` with exit 70.
    /// </summary>
    [Fact]
    public void Read_NamedZScores_InfinityIsAThemeNaNIsNot()
    {
        var file = _folder.Write("segments.json", """
            { "format_version": 1, "as_of": "2024-07-01",
              "rfm": { "segments": [ { "id": 1, "name": "Champions", "label": "R 4–5",
                "themes": [ { "term": "item", "z_score": "Infinity" }, { "term": "bag", "z_score": 2.5 }, { "term": "low", "z_score": 1.0 }, { "term": "odd", "z_score": "NaN" } ] } ] } }
            """);

        var segment = Assert.Single(SegmentsFileReader.Read(file).Rfm);

        Assert.Equal(["item", "bag"], segment.Themes);
    }
}
