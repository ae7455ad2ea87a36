using Clientele.Core;

namespace Clientele.Segmentation.Tests;

public sealed class ClusterQualityTests
{
    [Fact]
    public void Silhouette_HandComputedOneDimensionalExample_MatchesByHand()
    {
        // Points 0, 1 | 4, 6 (1-D, labels 0 0 1 1). By hand, s = (b - a) / max(a, b):
        //   x=0: a = 1, b = (4 + 6) / 2 = 5   → 4/5
        //   x=1: a = 1, b = (3 + 5) / 2 = 4   → 3/4
        //   x=4: a = 2, b = (4 + 3) / 2 = 3.5 → 1.5/3.5 = 3/7
        //   x=6: a = 2, b = (6 + 5) / 2 = 5.5 → 3.5/5.5 = 7/11
        // mean = (4/5 + 3/4 + 3/7 + 7/11) / 4 = (1232 + 1155 + 660 + 980) / 1540 / 4 = 4027/6160 ≈ 0.65373
        // (scikit-learn 1.2.1 silhouette_score gives 0.6537337662337662, the same).
        var data = new FeatureMatrix([0, 1, 4, 6], 4, 1);

        var silhouette = ClusterQuality.Silhouette(data, [0, 0, 1, 1]);

        Assert.Equal(4027.0 / 6160.0, silhouette, 1e-12);
    }

    [Fact]
    public void Silhouette_SmallTwoDimensionalDataSet_MatchesScikitLearn()
    {
        // Reference: scikit-learn 1.2.1 sklearn.metrics.silhouette_score(X, labels) on exactly this X and labels
        // printed 0.6193482495573411.
        double[] x =
        [
            0.0, 0.0,
            1.0, 0.5,
            0.5, 1.5,
            4.0, 4.0,
            5.0, 4.5,
            4.5, 6.0,
            9.0, 0.5,
            8.0, 1.0,
            2.5, 3.0,
            7.0, 2.0,
        ];
        int[] labels = [0, 0, 0, 1, 1, 1, 2, 2, 1, 2];

        var silhouette = ClusterQuality.Silhouette(new FeatureMatrix(x, 10, 2), labels);

        Assert.Equal(0.6193482495573411, silhouette, 1e-12);
    }

    [Fact]
    public void Silhouette_SingletonCluster_CountsAsZero()
    {
        // Points 0, 1 | 10. By hand: x=0: a = 1, b = 10 → 9/10; x=1: a = 1, b = 9 → 8/9; x=10 is alone → 0
        // (scikit-learn's convention). Mean = (9/10 + 8/9) / 3 = 161/270; scikit-learn 1.2.1 gives 0.5962962962962962.
        var data = new FeatureMatrix([0, 1, 10], 3, 1);

        Assert.Equal(161.0 / 270.0, ClusterQuality.Silhouette(data, [0, 0, 1]), 1e-12);
    }

    [Fact]
    public void Silhouette_ArbitraryLabelValues_SameAsDenseLabels()
    {
        var data = new FeatureMatrix([0, 1, 4, 6], 4, 1);

        Assert.Equal(ClusterQuality.Silhouette(data, [0, 0, 1, 1]), ClusterQuality.Silhouette(data, [7, 7, -3, -3]));
    }

    [Fact]
    public void Silhouette_OneLabelOrAllDistinct_Throws()
    {
        var data = new FeatureMatrix([0, 1, 4, 6], 4, 1);

        // scikit-learn: "Number of labels is … Valid values are 2 to n_samples - 1 (inclusive)".
        Assert.Throws<ArgumentException>(() => ClusterQuality.Silhouette(data, [0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => ClusterQuality.Silhouette(data, [0, 1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ClusterQuality.Silhouette(data, [0, 1, 1]));
    }

    [Fact]
    public void Silhouette_SampleAtLeastAllRows_EqualsExact()
    {
        var (data, truth) = Blobs.Generate(Blobs.FourCorners, perBlob: 50, spread: 2.0, seed: 7);

        Assert.Equal(ClusterQuality.Silhouette(data, truth), ClusterQuality.Silhouette(data, truth, sampleSize: 200, seed: 1));
    }

    [Fact]
    public void Silhouette_Sampled_DeterministicAndCloseToExact()
    {
        var (data, truth) = Blobs.Generate(Blobs.FourCorners, perBlob: 750, spread: 5.0, seed: 8);

        var exact = ClusterQuality.Silhouette(data, truth);
        var sampled = ClusterQuality.Silhouette(data, truth, sampleSize: 1000, seed: 11);

        Assert.Equal(sampled, ClusterQuality.Silhouette(data, truth, sampleSize: 1000, seed: 11));
        Assert.NotEqual(sampled, ClusterQuality.Silhouette(data, truth, sampleSize: 1000, seed: 12));
        // A 1,000-row sample of 3,000 rows estimates the mean of values in [-1, 1] to well within 0.05.
        Assert.Equal(exact, sampled, 0.05);
    }

    [Fact]
    public void Silhouette_ManyRowsAcrossBlocks_MatchesNaiveDefinition()
    {
        // Reference: the definition computed naively, row by row, in this test.
        var (data, truth) = Blobs.Generate([[0, 0], [6, 0], [3, 5]], perBlob: 100, spread: 2.0, seed: 9);

        var expected = 0.0;
        for (var i = 0; i < data.Rows; i++)
        {
            var sums = new double[3];
            var counts = new int[3];
            for (var j = 0; j < data.Rows; j++)
            {
                if (j != i)
                {
                    sums[truth[j]] += Math.Sqrt(Math.Pow(data[i, 0] - data[j, 0], 2) + Math.Pow(data[i, 1] - data[j, 1], 2));
                    counts[truth[j]]++;
                }
            }
            var a = sums[truth[i]] / counts[truth[i]];
            var b = Enumerable.Range(0, 3).Where(l => l != truth[i]).Min(l => sums[l] / counts[l]);
            expected += (b - a) / Math.Max(a, b);
        }
        expected /= data.Rows;

        Assert.Equal(expected, ClusterQuality.Silhouette(data, truth), 1e-12);
    }

    [Fact]
    public void DaviesBouldinCalinskiHarabaszSilhouette_FixedDataSet_EqualScikitLearn()
    {
        // Reference: sklearn.metrics davies_bouldin_score, calinski_harabasz_score and silhouette_score
        // (scikit-learn 1.2.1) on the 40 × 3 rows and labels of Data/reference.json "quality" (Data/make_reference.py;
        // labels 0, 1, 2, 7 with three rows moved to a wrong cluster).
        var reference = Reference.Get("quality");
        var data = Reference.Matrix(reference.GetProperty("x"));
        var labels = Reference.Ints(reference.GetProperty("labels"));

        Labelings.AssertClose(reference.GetProperty("daviesBouldin").GetDouble(), ClusterQuality.DaviesBouldin(data, labels), 1e-9, "Davies–Bouldin");
        Labelings.AssertClose(reference.GetProperty("calinskiHarabasz").GetDouble(), ClusterQuality.CalinskiHarabasz(data, labels), 1e-9, "Calinski–Harabasz");
        Labelings.AssertClose(reference.GetProperty("silhouette").GetDouble(), ClusterQuality.Silhouette(data, labels), 1e-9, "silhouette");
    }

    [Fact]
    public void DaviesBouldin_TwoClustersOnALine_ByHand()
    {
        // Points 0, 2 | 10, 14: centroids 1 and 12, mean distances to them s = 1 and 2, centroid distance 11;
        // each cluster's worst ratio is (1 + 2) / 11, so the index is 3/11.
        var data = new FeatureMatrix([0, 2, 10, 14], 4, 1);

        Assert.Equal(3.0 / 11.0, ClusterQuality.DaviesBouldin(data, [0, 0, 1, 1]), 1e-15);
    }

    [Fact]
    public void CalinskiHarabasz_TwoClustersOnALine_ByHand()
    {
        // Points 0, 2 | 10, 14: overall mean 6.5; between = 2 × 5.5² + 2 × 5.5² = 121; within = 1 + 1 + 4 + 4 = 10;
        // index = (121 / (2 − 1)) / (10 / (4 − 2)) = 24.2.
        var data = new FeatureMatrix([0, 2, 10, 14], 4, 1);

        Assert.Equal(24.2, ClusterQuality.CalinskiHarabasz(data, [0, 0, 1, 1]), 1e-12);
        Assert.Equal(10.0, ClusterQuality.Inertia(data, [0, 0, 1, 1]));
    }

    [Fact]
    public void DaviesBouldinCalinskiHarabasz_DegenerateClusters_ScikitLearnConventions()
    {
        // Every row on its cluster's centroid: Davies–Bouldin 0 (all spreads are 0) and Calinski–Harabasz 1 (W = 0),
        // as scikit-learn returns.
        var data = new FeatureMatrix([1, 1, 1, 5, 5], 5, 1);
        int[] labels = [0, 0, 0, 1, 1];

        Assert.Equal(0.0, ClusterQuality.DaviesBouldin(data, labels));
        Assert.Equal(1.0, ClusterQuality.CalinskiHarabasz(data, labels));
    }

    [Fact]
    public void DaviesBouldinCalinskiHarabasz_OneLabelOrAllDistinct_Throw()
    {
        var data = new FeatureMatrix([0, 1, 4, 6], 4, 1);

        Assert.Throws<ArgumentException>(() => ClusterQuality.DaviesBouldin(data, [0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => ClusterQuality.CalinskiHarabasz(data, [0, 1, 2, 3]));
        Assert.Throws<ArgumentException>(() => ClusterQuality.CalinskiHarabasz(data, [0, 1, 1]));
    }
}
