using Clientele.Language.Sentiment;

namespace Clientele.Language.Tests.Sentiment;

public sealed class CharNgramHasherTests
{
    private static readonly CharNgramHasher Hasher = new(maximumLength: 2, bucketBits: 16);

    [Fact]
    public void Featurize_Text_IsUnitLengthWithSortedDistinctBuckets()
    {
        var (indices, values) = Hasher.Featurize("质量很好，质量很好");

        Assert.Equal(1.0, Math.Sqrt(values.Sum(v => (double)v * v)), 6);
        Assert.Equal(indices.Order().Distinct(), indices);
        Assert.All(indices, i => Assert.InRange(i, 0, Hasher.Buckets - 1));
    }

    [Fact]
    public void Featurize_FullWidthCaseAndSpaces_SameAsPlain()
    {
        // NFKC maps full-width letters and punctuation to ASCII; case and white space do not count.
        Assert.Equal(Hasher.Featurize("good！很好"), Hasher.Featurize("ＧＯＯＤ ! 很 好"), FeatureComparer.Instance);
    }

    [Fact]
    public void Featurize_Empty_HasNoFeatures()
    {
        var (indices, values) = Hasher.Featurize(" \t\uFEFF");

        Assert.Empty(indices);
        Assert.Empty(values);
    }

    [Fact]
    public void Featurize_RepeatedCharacter_CountsLogOfOnePlusCount()
    {
        // "好好好": unigram 好 ×3 and bigram 好好 ×2 → values ln 4 and ln 3 before scaling to unit length.
        var (_, values) = Hasher.Featurize("好好好");
        var norm = Math.Sqrt((Math.Log(4) * Math.Log(4)) + (Math.Log(3) * Math.Log(3)));

        Assert.Equal([Math.Log(3) / norm, Math.Log(4) / norm], values.Select(v => (double)v).Order(), new ToleranceComparer(1e-6));
    }

    private sealed class FeatureComparer : IEqualityComparer<(int[] Indices, float[] Values)>
    {
        public static readonly FeatureComparer Instance = new();

        public bool Equals((int[] Indices, float[] Values) x, (int[] Indices, float[] Values) y) =>
            x.Indices.SequenceEqual(y.Indices) && x.Values.SequenceEqual(y.Values);

        public int GetHashCode((int[] Indices, float[] Values) obj) => obj.Indices.Length;
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
