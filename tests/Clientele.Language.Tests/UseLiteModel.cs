using System.Text.Json;
using Clientele.Tests;

namespace Clientele.Language.Tests;

/// <summary>
/// The embedder over the fetched model (loaded once for all tests) and the reference file. When the model cache is
/// missing, every test that needs it fails with the loader's message, which says to run scripts/fetch-models.sh.
/// </summary>
internal static class UseLiteModel
{
    private static readonly Lazy<UseLiteEmbedder> Loaded = new(() => UseLiteEmbedder.Load());
    private static readonly Lazy<IReadOnlyList<ReferenceItem>> ReferenceItems = new(ReadReference);

    public static UseLiteEmbedder Embedder => Loaded.Value;

    /// <summary>
    /// The 57 texts of ../shared/data/use-lite-reference/reference.json with the token ids and the embeddings that the
    /// package's own JavaScript runtime (@energetic-ai/embeddings 0.2.0, Node 20) produced.
    /// </summary>
    public static IReadOnlyList<ReferenceItem> Reference => ReferenceItems.Value;

    private static List<ReferenceItem> ReadReference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestData.Shared("use-lite-reference/reference.json")));
        return document.RootElement.GetProperty("items").EnumerateArray()
            .Select(item => new ReferenceItem(
                item.GetProperty("text").GetString()!,
                item.GetProperty("token_ids").EnumerateArray().Select(id => id.GetInt32()).ToArray(),
                item.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray()))
            .ToList();
    }

    public static double MaxAbsoluteDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }
        return max;
    }

    public static double Cosine(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);
}

internal sealed record ReferenceItem(string Text, int[] TokenIds, float[] Embedding);
