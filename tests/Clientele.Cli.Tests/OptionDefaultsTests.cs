using Clientele.Pipeline;
using Clientele.Recommend;
using Clientele.Recommend.Evaluation;
using Clientele.Segmentation;
using Clientele.Value;

namespace Clientele.Cli.Tests;

/// <summary>
/// One default per setting (issue 14): a command's options without a value leave the request's defaults alone, and
/// the request's defaults are the algorithm options records' own. Each test parses a command line and compares the
/// request it would run with records built by <c>new</c>, so a default restated in the CLI or in a request fails here.
/// </summary>
public sealed class OptionDefaultsTests
{
    [Fact]
    public void Segment_NoOptions_RequestKeepsTheRecordsDefaults()
    {
        var request = Parse(SegmentCommand.Create(TextWriter.Null, out var requestOf), requestOf);

        Assert.Equal(new SegmentRequest { StorePath = request.StorePath, OutputDirectory = request.OutputDirectory }, request);
        var clustering = new ClusteringRequest();
        Assert.Equal(
            (clustering.MinimumK, clustering.MaximumK, clustering.Seed, clustering.NumberOfRestarts, clustering.Linkage, clustering.MinimumPoints, clustering.Covariance, clustering.NumberOfClusters, clustering.Epsilon),
            (request.MinimumK, request.MaximumK, request.Seed, request.Restarts, request.Linkage, request.MinimumPoints, request.Covariance, request.K, request.Epsilon));
        Assert.Equal(Core.RandomSeed.Default, request.Seed);
    }

    [Fact]
    public void Segment_EveryOptionGiven_RequestTakesTheValues()
    {
        var request = Parse(
            SegmentCommand.Create(TextWriter.Null, out var requestOf), requestOf,
            "--method", "gmm", "--k", "4", "--min-k", "2", "--max-k", "7", "--seed", "7", "--restarts", "3", "--linkage", "average",
            "--eps", "0.5", "--min-points", "9", "--covariance", "diagonal", "--text-dimensions", "3");

        Assert.Equal(
            (SegmentMethod.GaussianMixture, (int?)4, 2, 7, 7, 3, Linkage.Average, (double?)0.5, 9, CovarianceType.Diagonal, 3),
            (request.Method, request.K, request.MinimumK, request.MaximumK, request.Seed, request.Restarts, request.Linkage, request.Epsilon, request.MinimumPoints, request.Covariance, request.TextDimensions));
    }

    [Theory]
    [InlineData("rfm+behaviour", true, null)]
    [InlineData("rfm", false, null)]
    [InlineData("features.csv", false, "features.csv")]
    public void Segment_Features_FeatureSetOrFile(string value, bool behaviour, string? file)
    {
        var request = Parse(SegmentCommand.Create(TextWriter.Null, out var requestOf), requestOf, "--method", "kmeans", "--features", value);

        Assert.Equal((behaviour, file), (request.BehaviourFeatures, request.FeaturesFile));
    }

    [Fact]
    public void Recommend_NoOptions_RequestKeepsTheRecordsDefaults()
    {
        var request = Parse(RecommendCommand.Create(TextWriter.Null, out var requestOf), requestOf);

        Assert.Equal(new RecommendRequest { StorePath = request.StorePath, OutputDirectory = request.OutputDirectory }, request);
        Assert.Equal(new AlsOptions().Seed, request.Seed);
        Assert.Equal(new BprOptions().Seed, request.Seed);
    }

    [Fact]
    public void Recommend_EveryOptionGiven_RequestTakesTheValues()
    {
        var request = Parse(RecommendCommand.Create(TextWriter.Null, out var requestOf), requestOf, "--algorithm", "bpr", "--top", "5", "--seed", "7");

        Assert.Equal(("bpr", 5, 7), (request.Algorithm, request.Top, request.Seed));
    }

    [Fact]
    public void EvaluateRecommend_NoOptions_RequestKeepsTheRecordsDefaults()
    {
        var request = Parse(RecommendCommand.CreateEvaluate(TextWriter.Null, out var requestOf), requestOf);

        Assert.Equal(new RecommendEvaluationRequest { StorePath = request.StorePath }, request);
        Assert.Equal(new BaselineComparisonOptions().Seed, request.Seed);
    }

    [Fact]
    public void EvaluateRecommend_EveryOptionGiven_RequestTakesTheValues()
    {
        var request = Parse(
            RecommendCommand.CreateEvaluate(TextWriter.Null, out var requestOf), requestOf, "--split", "random", "--test-days", "14", "--k", "5", "--seed", "7", "--algorithms", "als,bpr");

        Assert.Equal(("random", 14, 5, 7), (request.Split, request.TestDays, request.K, request.Seed));
        Assert.Equal(["als", "bpr"], request.Algorithms);
    }

    [Fact]
    public void Value_NoOptions_RequestKeepsTheRecordsDefaults()
    {
        var request = Parse(ValueCommand.Create(TextWriter.Null, out var requestOf), requestOf);

        Assert.Equal(new ValueRequest { StorePath = request.StorePath, OutputDirectory = request.OutputDirectory }, request);
        Assert.Equal(new CustomerLifetimeValueOptions { PeriodLength = 1 }.DiscountRate, request.MonthlyDiscountRate);
        Assert.Equal(new BetaGeoOptions().PenalizerCoefficient, request.Penalizer);
    }

    [Fact]
    public void Value_EveryOptionGiven_RequestTakesTheValues()
    {
        var request = Parse(
            ValueCommand.Create(TextWriter.Null, out var requestOf), requestOf,
            "--horizon-days", "180", "--model", "pareto-nbd", "--discount-rate", "0.02", "--churn-days", "60", "--value-class-days", "200", "--penalizer", "0.1");

        Assert.Equal(
            (180, TransactionModelKind.ParetoNbd, 0.02, 60, 200, 0.1),
            (request.HorizonDays, request.Model, request.MonthlyDiscountRate, request.ChurnDays, request.ValueClassHorizonDays, request.Penalizer));
    }

    private static T Parse<T>(System.CommandLine.Command command, Func<System.CommandLine.ParseResult, T> requestOf, params string[] args)
    {
        var parsed = command.Parse(args);
        Assert.Empty(parsed.Errors);
        return requestOf(parsed);
    }
}
