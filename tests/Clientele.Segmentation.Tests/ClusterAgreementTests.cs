using Clientele.Tests;

namespace Clientele.Segmentation.Tests;

public sealed class ClusterAgreementTests
{
    [Fact]
    public void AdjustedRandIndex_IdenticalLabelings_IsOne()
    {
        // By definition: identical partitions have ARI 1.
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2]));
    }

    [Fact]
    public void AdjustedRandIndex_PermutedLabelValues_IsOne()
    {
        // Same partition under renamed labels: ARI only sees the partition.
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 0, 0, -1, -1]));
    }

    [Fact]
    public void AdjustedRandIndex_ScikitLearnDocumentationExample_IsFourSevenths()
    {
        // scikit-learn's adjusted_rand_score docs: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) ≈ 0.57.
        // By hand (pair confusion, ordered pairs): tp = 2, fp = 0, fn = 2, tn = 8;
        // ARI = 2(tp·tn − fn·fp) / ((tp+fn)(fn+tn) + (tp+fp)(fp+tn)) = 32 / 56 = 4/7. scikit-learn 1.2.1 prints
        // 0.5714285714285714; older releases' docs print 0.5714285714285715 (one ulp apart, a summation-order artefact).
        Assert.Equal(4.0 / 7.0, ClusterAgreement.AdjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 1e-15);
        Assert.Equal(0.5714285714285715, ClusterAgreement.AdjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 1e-15);
    }

    [Fact]
    public void AdjustedRandIndex_KnownValues_MatchScikitLearn()
    {
        // scikit-learn 1.2.1 adjusted_rand_score: ([0,0,0,1,1,1], [0,0,1,1,2,2]) → 0.24242424242424243 (= 8/33 by
        // hand: index 2, expected 6·3/15 = 1.2, maximum 4.5); ([0,0,1,1], [0,1,0,1]) → -0.5.
        Assert.Equal(8.0 / 33.0, ClusterAgreement.AdjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]), 1e-15);
        Assert.Equal(-0.5, ClusterAgreement.AdjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), 1e-15);
    }

    [Fact]
    public void AdjustedRandIndex_Arguments_Symmetric()
    {
        int[] a = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
        int[] b = [1, 1, 0, 0, 0, 2, 2, 2, 1, 0];

        Assert.Equal(ClusterAgreement.AdjustedRandIndex(a, b), ClusterAgreement.AdjustedRandIndex(b, a));
    }

    [Fact]
    public void AdjustedRandIndex_TrivialLabelings_IsOne()
    {
        // scikit-learn's special case: no pair split differently (one cluster each, or every point alone) → 1.0.
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex([0, 0, 0], [1, 1, 1]));
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex([0, 1, 2], [2, 0, 1]));
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex([], []));
    }

    [Fact]
    public void AdjustedRandIndex_DifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClusterAgreement.AdjustedRandIndex([0, 1], [0, 1, 1]));
    }
}
