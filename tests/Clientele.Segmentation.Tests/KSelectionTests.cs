using Clientele.Core;

namespace Clientele.Segmentation.Tests;

public sealed class KSelectionTests
{
    private static readonly KMeansOptions Options = new() { NumberOfClusters = 2, NumberOfRestarts = 3 };

    [Fact]
    public void ChooseBySilhouette_FourWellSeparatedBlobs_PicksFour()
    {
        // Four blobs 20 apart with standard deviation 1: four clusters is the known answer.
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 150, spread: 1.0, seed: 10);

        var result = KSelection.ChooseBySilhouette(data, Options, minK: 2, maxK: 8);

        Assert.Equal(4, result.ChosenK);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], result.Table.Select(row => row.K));
        Assert.Equal(result.Table.Max(row => row.Silhouette), result.Table.Single(row => row.K == 4).Silhouette);
        Assert.Contains("highest mean silhouette", result.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_MoreRowsThanTheSilhouetteSample_ChosenRowAndFinalLineAgreeOnDaviesBouldin()
    {
        // Issue 13: the chosen k's Davies–Bouldin was 0.878 in the k table (all rows) and 0.870 in the final line (a sample).
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 150, spread: 6.0, seed: 12);

        var outcome = CustomerClustering.Cluster(data, new ClusteringRequest { MinimumK = 2, MaximumK = 6, SilhouetteSampleSize = 200, NumberOfRestarts = 3 });

        var chosen = outcome.Selection!.Table.Single(r => r.K == outcome.K);
        Assert.Equal(chosen.DaviesBouldin, outcome.DaviesBouldin, 12);
        Assert.Equal(chosen.CalinskiHarabasz, outcome.CalinskiHarabasz, 9);
        Assert.Equal(ClusterQuality.DaviesBouldin(data, outcome.ClusterOf), outcome.DaviesBouldin, 12); // over all 600 rows
    }

    [Fact]
    public void ChooseBySilhouette_MoreRowsThanTheFitSample_FitsEveryKOnTheSampleAndSaysSo()
    {
        // 600 rows, fit sample 300: each row of the table is the fit of that k on the same seeded 300 rows.
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 150, spread: 1.0, seed: 10);

        var result = KSelection.ChooseBySilhouette(data, Options, minK: 2, maxK: 6, silhouetteSampleSize: 200, fitSampleSize: 300);

        Assert.Equal(4, result.ChosenK);
        var sample = data.SelectRows(ClusterQuality.SampleRows(600, 300, Options.Seed));
        Assert.All(result.Table, row => Assert.Equal(new KMeansFitter(Options with { NumberOfClusters = row.K }).Fit(sample).Inertia, row.Inertia));
        Assert.Contains("each k fitted on a seeded random sample of 300 of the 600 rows", result.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_KAutoOnEveryRow_TheChoicesFitIsTheClusteringOfTheChosenK()
    {
        // At or below the fit sample the choice fits the chosen k on every row with the clustering's own options; that
        // fit is the clustering: the same inertia and labels as fitting the chosen k again (the clustering's options:
        // tolerance 0, its seed and restarts).
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 150, spread: 3.0, seed: 14);
        var request = new ClusteringRequest { MinimumK = 2, MaximumK = 6, NumberOfRestarts = 3 };

        var outcome = CustomerClustering.Cluster(data, request);

        var again = new KMeansFitter(new KMeansOptions { NumberOfClusters = outcome.K, NumberOfRestarts = 3, Seed = request.Seed, OptimizationTolerance = 0 }).Fit(data);
        Assert.Equal(again.Inertia, outcome.Inertia, 9); // the outcome sums it again over its renumbered clusters
        Assert.Equal(ClusterQuality.Inertia(data, again.Labels), ClusterQuality.Inertia(data, outcome.ClusterOf), 9);
        Assert.DoesNotContain("start one k-means run", outcome.Selection!.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_KAutoAboveTheFitSample_OneRunFromTheSampleCentroidsEndsWhereTenRestartsDo()
    {
        // 2,400 rows, fit sample 600: the chosen k's centroids on the sample start one run on every row. On four blobs
        // 20 apart that run ends at the clustering ten k-means++ restarts on every row find (the same inertia), and the
        // rule says how the clustering was made.
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 600, spread: 2.0, seed: 15);
        var request = new ClusteringRequest { MinimumK = 2, MaximumK = 6, SilhouetteSampleSize = 300, SelectionSampleSize = 600 };

        var outcome = CustomerClustering.Cluster(data, request);

        Assert.Equal(4, outcome.K);
        var restarts = new KMeansFitter(new KMeansOptions { NumberOfClusters = 4, Seed = request.Seed, OptimizationTolerance = 0 }).Fit(data);
        Assert.Equal(restarts.Inertia, outcome.Inertia, 6);
        Assert.Contains("each k fitted on a seeded random sample of 600 of the 2,400 rows", outcome.Selection!.Rule, StringComparison.Ordinal);
        Assert.EndsWith("The chosen k's centroids on the sample then start one k-means run on every row.", outcome.Selection.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClusteringMethod.KMeans)]
    [InlineData(ClusteringMethod.Hierarchical)]
    public void Cluster_KAutoOnAsManyCustomersAsTheSmallestK_SaysSoInTheUsersTerms(ClusteringMethod method)
    {
        // Three customers (as a six-line file of three buyers gives) and k from 3: no silhouette is defined. The error
        // names the customers and what to ask instead, not the selection's parameter.
        var space = new FeatureMatrix([0, 0, 0, 1, 1, 1, 5, 5, 5], rows: 3, columns: 3);

        var error = Assert.Throws<ClienteleException>(() => CustomerClustering.Cluster(space, new ClusteringRequest { Method = method }));

        Assert.Equal("Too few customers (3) to choose k from 3 to 10 by the silhouette, which needs more customers than clusters; ask for a number of clusters from 2 to 3 instead.", error.Message);
        Assert.Equal(3, CustomerClustering.Cluster(space, new ClusteringRequest { Method = method, NumberOfClusters = 2 }).ClusterOf.Count); // what it says to ask for works
    }

    [Fact]
    public void Cluster_DbscanOnFewerCustomersThanMinPointsWithoutEps_SaysSoInTheUsersTerms()
    {
        var space = new FeatureMatrix([0, 0, 0, 1, 1, 1, 5, 5, 5], rows: 3, columns: 3);

        var error = Assert.Throws<ClienteleException>(() => CustomerClustering.Cluster(space, new ClusteringRequest { Method = ClusteringMethod.Dbscan, MinimumPoints = 5 }));

        Assert.Equal("Too few customers (3) to suggest DBSCAN's eps from each one's distance to its 5th nearest neighbour (--min-points 5); give --eps, or a --min-points below 3.", error.Message);
    }

    [Fact]
    public void ChooseBySilhouette_Table_MatchesSeparateFitsAndSilhouettes()
    {
        // Reference: each row recomputed with the public KMeansFitter and ClusterQuality.Silhouette.
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 60, spread: 3.0, seed: 11);

        var result = KSelection.ChooseBySilhouette(data, Options, minK: 2, maxK: 5);

        foreach (var row in result.Table)
        {
            var model = new KMeansFitter(Options with { NumberOfClusters = row.K }).Fit(data);
            Assert.Equal(model.Inertia, row.Inertia);
            Assert.Equal(ClusterQuality.Silhouette(data, model.Labels), row.Silhouette, 1e-12);
            Assert.Equal(ClusterQuality.DaviesBouldin(data, model.Labels), row.DaviesBouldin, 1e-12);
            Assert.Equal(ClusterQuality.CalinskiHarabasz(data, model.Labels), row.CalinskiHarabasz, 1e-12);
        }
    }

    [Fact]
    public void ChooseBySilhouette_MoreRowsThanSample_PicksFourOnSample()
    {
        // 2,400 rows, silhouette on 600 of them: the same sample for every k, drawn with the options' seed.
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 600, spread: 1.5, seed: 12);

        var result = KSelection.ChooseBySilhouette(data, Options, minK: 2, maxK: 6, silhouetteSampleSize: 600);

        Assert.Equal(4, result.ChosenK);
        Assert.Contains("sample of 600 rows", result.Rule, StringComparison.Ordinal);
        var model = new KMeansFitter(Options with { NumberOfClusters = 4 }).Fit(data);
        var expected = ClusterQuality.Silhouette(data, model.Labels, sampleSize: 600, seed: Options.Seed);
        Assert.Equal(expected, result.Table.Single(row => row.K == 4).Silhouette, 1e-12);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(5, 4)]
    [InlineData(2, 10)]
    public void ChooseBySilhouette_InvalidRange_Throws(int minK, int maxK)
    {
        // 10 rows: the silhouette is defined for at most 9 clusters.
        var (data, _) = Blobs.Generate([[0.0], [10.0]], perBlob: 5, spread: 1.0, seed: 13);

        Assert.Throws<ArgumentException>(() => KSelection.ChooseBySilhouette(data, Options, minK, maxK));
    }

    [Fact]
    public void ChooseBySilhouette_FourWellSeparatedBlobs_EveryIndexAgreesOnFour()
    {
        // On clean blobs the indices agree: lowest Davies–Bouldin, highest Calinski–Harabasz and the inertia elbow
        // are all at the true k.
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 150, spread: 1.0, seed: 10);

        var result = KSelection.ChooseBySilhouette(data, Options, minK: 2, maxK: 8);

        Assert.Equal(4, result.Table.MinBy(row => row.DaviesBouldin)!.K);
        Assert.Equal(4, result.Table.MaxBy(row => row.CalinskiHarabasz)!.K);
        Assert.Equal(4, KSelection.ElbowK(result.Table));
    }

    [Fact]
    public void ElbowK_HandMadeCurve_FarthestBelowTheChord()
    {
        // k = 1…5 with inertia 100, 40, 20, 15, 12. Scaled: x = 0, .25, .5, .75, 1; y = 1, .318, .091, .034, 0. The chord
        // is y = 1 − x; the gaps below it are .432, .409, .216: the elbow is k = 2.
        KSelectionRow[] table = [new(1, 100, double.NaN), new(2, 40, 0), new(3, 20, 0), new(4, 15, 0), new(5, 12, 0)];

        Assert.Equal(2, KSelection.ElbowK(table));
        Assert.Equal(1, KSelection.ElbowK(table[..2]));
        Assert.Throws<ArgumentException>(() => KSelection.ElbowK([]));
    }

    [Fact]
    public void KSelectionRow_ThreePositionalMembers_StillConstructible()
    {
        var row = new KSelectionRow(3, 12.5, 0.4);

        Assert.Equal((3, 12.5, 0.4), (row.K, row.Inertia, row.Silhouette));
        Assert.True(double.IsNaN(row.DaviesBouldin));
    }
}
