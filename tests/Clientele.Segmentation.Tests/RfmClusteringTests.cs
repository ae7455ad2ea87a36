namespace Clientele.Segmentation.Tests;

public sealed class RfmClusteringTests
{
    [Fact]
    public void Fit_ThreeKindsOfCustomer_ClustersNumberedByValueAndLabelled()
    {
        // Three hand-made groups: big recent spenders, middling, and one-off lapsed buyers.
        var random = new Random(11);
        var recency = new List<double>();
        var frequency = new List<double>();
        var monetary = new List<double>();
        void Add(int count, double r, double f, double m)
        {
            for (var i = 0; i < count; i++)
            {
                recency.Add(r * (0.9 + (0.2 * random.NextDouble())));
                frequency.Add(Math.Max(1, Math.Round(f * (0.9 + (0.2 * random.NextDouble())))));
                monetary.Add(m * (0.9 + (0.2 * random.NextDouble())));
            }
        }
        Add(100, 300, 1, 50);
        Add(80, 5, 30, 20_000);
        Add(120, 40, 5, 800);

        var result = RfmClustering.Fit(recency.ToArray(), frequency.ToArray(), monetary.ToArray(), new ClusteringRequest { Seed = 3 });

        Assert.Equal(3, result.K); // the silhouette rule must find the three groups
        Assert.Equal([80, 120, 100], result.Sizes);
        Assert.Equal("high value, recent, frequent", result.Labels[0]);
        Assert.Equal("low value, lapsed, one-off", result.Labels[2]);
        Assert.All(result.ClusterOf.Take(100), c => Assert.Equal(3, c));
    }

    [Fact]
    public void Fit_NearlyEveryoneBoughtOnce_ClustersOfOneOrderCustomersAreOneOffNotOccasional()
    {
        // Olist-like (issue 13): 97 % bought once. A cluster of one-order customers sits only 0.17 standard deviations
        // below the mean of log1p(frequency) (mean 0.744, sd 0.291 by hand), so the half-sd rule alone called it "occasional".
        var random = new Random(4);
        var recency = new List<double>();
        var frequency = new List<double>();
        var monetary = new List<double>();
        void Add(int count, double r, double f, double m)
        {
            for (var i = 0; i < count; i++)
            {
                recency.Add(r * (0.9 + (0.2 * random.NextDouble())));
                frequency.Add(f);
                monetary.Add(m * (0.9 + (0.2 * random.NextDouble())));
            }
        }
        Add(30, 10, 10, 5_000);
        Add(500, 400, 1, 20);
        Add(470, 30, 1, 300);

        var result = RfmClustering.Fit(recency.ToArray(), frequency.ToArray(), monetary.ToArray(), new ClusteringRequest { NumberOfClusters = 3, Seed = 3 });

        Assert.Equal([30, 470, 500], result.Sizes);
        Assert.EndsWith("frequent", result.Labels[0], StringComparison.Ordinal);
        Assert.Equal("high value, recent, one-off", result.Labels[1]);
        Assert.Equal("low value, lapsed, one-off", result.Labels[2]);
        Assert.Equal("high value, recent, occasional", RfmClustering.DescribeCentroid(result.Outcome.Centroids[1])); // without the scaling: the old label
    }

    [Fact]
    public void Fit_SameSeedTwice_SameClusters()
    {
        var random = new Random(5);
        var r = Enumerable.Range(0, 400).Select(_ => random.NextDouble() * 365).ToArray();
        var f = Enumerable.Range(0, 400).Select(_ => (double)random.Next(1, 30)).ToArray();
        var m = Enumerable.Range(0, 400).Select(_ => random.NextDouble() * 5000).ToArray();
        var options = new ClusteringRequest { NumberOfClusters = 4, Seed = 9 };
        Assert.Equal(RfmClustering.Fit(r, f, m, options).ClusterOf, RfmClustering.Fit(r, f, m, options).ClusterOf);
    }

    [Fact]
    public void Options_InvalidRange_Throws() =>
        Assert.Throws<ArgumentException>(() => new ClusteringRequest { MinimumK = 5, MaximumK = 3 }.Validate());
}
