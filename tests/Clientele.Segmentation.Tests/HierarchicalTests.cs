using Clientele.Core;
using Clientele.Tests;

namespace Clientele.Segmentation.Tests;

public sealed class HierarchicalTests
{
    public static TheoryData<string, Linkage> Linkages => new()
    {
        { "ward", Linkage.Ward },
        { "average", Linkage.Average },
        { "complete", Linkage.Complete },
        { "single", Linkage.Single },
    };

    private static FeatureMatrix ThirtyPoints => Reference.Matrix(Reference.Get("hierarchical", "x"));

    [Theory]
    [MemberData(nameof(Linkages))]
    public void BuildDendrogram_ThirtyPoints_LinkageMatrixEqualsScipy(string scipyMethod, Linkage linkage)
    {
        // Reference: scipy.cluster.hierarchy.linkage(X, method) (SciPy 1.10.1) on the 30 rows of
        // Data/reference.json "hierarchical" (see Data/make_reference.py): merged ids and sizes exactly, heights to 1e-9.
        var expected = Reference.Rows(Reference.Get("hierarchical", "linkages", scipyMethod, "linkageMatrix"));

        var dendrogram = HierarchicalFitter.BuildDendrogram(ThirtyPoints, linkage);

        Assert.Equal(30, dendrogram.LeafCount);
        Assert.Equal(29, dendrogram.Merges.Count);
        for (var s = 0; s < 29; s++)
        {
            var merge = dendrogram.Merges[s];
            Assert.Equal((int)expected[s][0], merge.Left);
            Assert.Equal((int)expected[s][1], merge.Right);
            Labelings.AssertClose(expected[s][2], merge.Height, 1e-9, $"{scipyMethod} merge {s} height");
            Assert.Equal((int)expected[s][3], merge.Size);
        }
        Assert.Equal(expected.SelectMany(row => row).Count(), dendrogram.ToLinkageMatrix().Length);
    }

    [Theory]
    [MemberData(nameof(Linkages))]
    public void Fit_CutIntoThree_SameClustersAsScipyFclusterMaxclust(string scipyMethod, Linkage linkage)
    {
        // Reference: fcluster(linkage(X, method), 3, 'maxclust'), SciPy 1.10.1; labels equal up to renumbering.
        var expected = Reference.Ints(Reference.Get("hierarchical", "linkages", scipyMethod, "maxclust3"));

        var model = new HierarchicalFitter(new HierarchicalOptions { Linkage = linkage, NumberOfClusters = 3 }).Fit(ThirtyPoints);

        Labelings.AssertSamePartition(expected, model.Labels);
        Assert.Equal(3, model.NumberOfClusters);
        Assert.Null(model.SampleIndices);
    }

    [Theory]
    [MemberData(nameof(Linkages))]
    public void Fit_CutAtHeight_SameClustersAsScipyFclusterDistance(string scipyMethod, Linkage linkage)
    {
        // Reference: fcluster(linkage(X, method), t, 'distance'), SciPy 1.10.1, with t halfway between the 4th- and
        // 5th-highest merges (so 5 clusters); labels equal up to renumbering.
        var reference = Reference.Get("hierarchical", "linkages", scipyMethod);
        var height = reference.GetProperty("cutHeight").GetDouble();

        var model = new HierarchicalFitter(new HierarchicalOptions { Linkage = linkage, CutHeight = height }).Fit(ThirtyPoints);

        Labelings.AssertSamePartition(Reference.Ints(reference.GetProperty("distanceCut")), model.Labels);
        Assert.Equal(5, model.NumberOfClusters);
        Assert.Equal(height, model.CutHeight);
    }

    [Theory]
    [InlineData("ward", Linkage.Ward)]
    [InlineData("average", Linkage.Average)]
    public void BuildDendrogram_FiveThousandRows_HeightsAndCutEqualScipy(string scipyMethod, Linkage linkage)
    {
        // Enough rows for the chain's scans and updates to be split over cores. Reference: Data/hierarchical-5000.json,
        // written by Data/make_reference.py: the merge heights of scipy.cluster.hierarchy.linkage(X, method) and
        // fcluster(Z, 3, 'maxclust') (SciPy 1.10.1), X generated there by the splitmix64 stream regenerated here.
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "hierarchical-5000.json")));
        var reference = document.RootElement.GetProperty(scipyMethod);
        var heights = Reference.Doubles(reference.GetProperty("heights"));

        var dendrogram = HierarchicalFitter.BuildDendrogram(SplitMixRows(2024, 5000), linkage);

        for (var s = 0; s < heights.Length; s++)
        {
            Labelings.AssertClose(heights[s], dendrogram.Merges[s].Height, 1e-9, $"{scipyMethod} merge {s}");
        }
        Labelings.AssertSamePartition(Reference.Ints(reference.GetProperty("maxclust3")), dendrogram.CutIntoClusters(3));
    }

    /// <summary>
    /// make_reference.py's rows: uniforms from splitmix64 (Steele, Lea &amp; Flood 2014) seeded with
    /// <paramref name="seed"/>, two per row, row i shifted by 1.5 × (i mod 3) on both axes.
    /// </summary>
    private static FeatureMatrix SplitMixRows(ulong seed, int rows)
    {
        var values = new double[rows * 2];
        var state = seed;
        for (var index = 0; index < values.Length; index++)
        {
            unchecked
            {
                state += 0x9E3779B97F4A7C15;
                var z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
                z ^= z >> 31;
                values[index] = (z >> 11) * Math.Pow(2, -53);
            }
        }
        for (var i = 0; i < rows; i++)
        {
            values[2 * i] += 1.5 * (i % 3);
            values[(2 * i) + 1] += 1.5 * (i % 3);
        }
        return new FeatureMatrix(values, rows, 2);
    }

    [Fact]
    public void BuildDendrogram_FourPointsOnALine_WardHeightsByHand()
    {
        // Points 0, 1, 3, 7. Ward's height for clusters A, B is sqrt(2|A||B| / (|A| + |B|)) × |mean A − mean B|:
        //   {0} + {1}: sqrt(2·1·1/2) × 1 = 1                 (ids 0, 1 → 4)
        //   {0,1} + {3}: sqrt(2·2·1/3) × 2.5 = sqrt(4/3) × 2.5  (ids 2, 4 → 5)
        //   {0,1,3} + {7}: sqrt(2·3·1/4) × (7 − 4/3) = sqrt(1.5) × 17/3   (ids 3, 5 → 6)
        var data = new FeatureMatrix([0.0, 1.0, 3.0, 7.0], 4, 1);

        var dendrogram = HierarchicalFitter.BuildDendrogram(data, Linkage.Ward);

        Assert.Equal(new DendrogramMerge(0, 1, 1.0, 2), dendrogram.Merges[0]);
        Assert.Equal((2, 4, 3), (dendrogram.Merges[1].Left, dendrogram.Merges[1].Right, dendrogram.Merges[1].Size));
        Assert.Equal(Math.Sqrt(4.0 / 3.0) * 2.5, dendrogram.Merges[1].Height, 1e-12);
        Assert.Equal((3, 5, 4), (dendrogram.Merges[2].Left, dendrogram.Merges[2].Right, dendrogram.Merges[2].Size));
        Assert.Equal(Math.Sqrt(1.5) * 17.0 / 3.0, dendrogram.Merges[2].Height, 1e-12);
    }

    [Fact]
    public void CutIntoClusters_EveryK_GivesExactlyKClustersNumberedByFirstRow()
    {
        var dendrogram = HierarchicalFitter.BuildDendrogram(ThirtyPoints, Linkage.Average);

        for (var k = 1; k <= 30; k++)
        {
            var labels = dendrogram.CutIntoClusters(k);
            Assert.Equal(k, labels.Distinct().Count());
            Assert.Equal(0, labels[0]);
            // Numbered in order of first appearance.
            Assert.Equal(Enumerable.Range(0, k), labels.Distinct());
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => dendrogram.CutIntoClusters(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => dendrogram.CutIntoClusters(31));
    }

    [Theory]
    [InlineData(Linkage.Ward)]
    [InlineData(Linkage.Average)]
    public void Fit_MoreRowsThanSampleLimit_ClustersSeededSampleAndAssignsTheRest(Linkage linkage)
    {
        var (data, truth) = Blobs.Generate([[0, 0], [12, 0], [6, 10]], perBlob: 700, spread: 1.5, seed: 31);
        var options = new HierarchicalOptions { Linkage = linkage, NumberOfClusters = 3, SampleLimit = 400, Seed = 5 };

        var model = new HierarchicalFitter(options).Fit(data);

        Assert.Equal(400, model.SampleIndices!.Count);
        Assert.Equal(400, model.Dendrogram.LeafCount);
        Assert.Equal(model.SampleIndices, new HierarchicalFitter(options).Fit(data).SampleIndices);
        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, model.Labels) >= 0.99);
        // The sampled rows keep the cut's labels; the others are assigned by Predict's rule.
        var cut = model.Dendrogram.CutIntoClusters(3);
        var sampled = model.SampleIndices.ToHashSet();
        for (var s = 0; s < model.SampleIndices.Count; s++)
        {
            Assert.Equal(cut[s], model.Labels[model.SampleIndices[s]]);
        }
        for (var i = 0; i < data.Rows; i++)
        {
            if (!sampled.Contains(i))
            {
                Assert.Equal(model.Predict(data.Row(i)), model.Labels[i]);
            }
        }
    }

    [Fact]
    public void Predict_WardAndSingle_NearestCentroidVersusNearestRow()
    {
        // Rows 0, 1, 2 | 10, 11; centroids 1 and 10.5. The point 5.9 is nearer row 2 (3.9) than row 10 (4.1), but nearer
        // centroid 10.5 (4.6) than centroid 1 (4.9): Ward (nearest centroid) puts it right, single (nearest row) left.
        var data = new FeatureMatrix([0.0, 1, 2, 10, 11], 5, 1);

        var ward = new HierarchicalFitter(new HierarchicalOptions { NumberOfClusters = 2 }).Fit(data);
        var single = new HierarchicalFitter(new HierarchicalOptions { NumberOfClusters = 2, Linkage = Linkage.Single }).Fit(data);

        Assert.Equal([0, 0, 0, 1, 1], ward.Labels);
        Assert.Equal([0, 0, 0, 1, 1], single.Labels);
        Assert.Equal(1, ward.Predict([5.9]));
        Assert.Equal(0, single.Predict([5.9]));
        Assert.Equal(0, ward.Predict([5.7]));
        Assert.Equal(1, single.Predict([6.1]));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(3, 1.0)]
    [InlineData(0, null)]
    [InlineData(null, -1.0)]
    [InlineData(null, double.NaN)]
    public void Validate_NotExactlyOneValidCut_Throws(int? k, double? height)
    {
        var options = new HierarchicalOptions { NumberOfClusters = k, CutHeight = height };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65_537)]
    public void Validate_SampleLimitOutOfRange_Throws(int limit)
    {
        var options = new HierarchicalOptions { NumberOfClusters = 2, SampleLimit = limit };

        var exception = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(nameof(HierarchicalOptions.SampleLimit), exception.ParamName);
    }
}
