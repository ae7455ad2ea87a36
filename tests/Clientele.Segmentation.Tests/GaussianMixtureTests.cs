using Clientele.Core;
using Clientele.Tests;

namespace Clientele.Segmentation.Tests;

public sealed class GaussianMixtureTests
{
    public static TheoryData<string, CovarianceType> CovarianceTypes => new()
    {
        { "full", CovarianceType.Full },
        { "diag", CovarianceType.Diagonal },
    };

    private static FeatureMatrix ReferenceData => Reference.Matrix(Reference.Get("gaussianMixture", "x"));

    /// <summary>The starting parameters of Data/reference.json "gaussianMixture" (three components in 2-D).</summary>
    private static GaussianMixtureParameters StartingParameters(string kind, CovarianceType covariance) => new(
        covariance,
        Reference.Doubles(Reference.Get("gaussianMixture", "weights")),
        Reference.Rows(Reference.Get("gaussianMixture", "means")),
        Reference.Rows(Reference.Get("gaussianMixture", "cases", kind, "covariances")));

    [Theory]
    [MemberData(nameof(CovarianceTypes))]
    public void Evaluate_GivenParameters_AverageLogLikelihoodEqualsScikitLearnScore(string kind, CovarianceType covariance)
    {
        // Reference: GaussianMixture.score(X) (scikit-learn 1.2.1) with weights_, means_, covariances_ and
        // precisions_cholesky_ set to the given parameters (Data/make_reference.py, "scoreOfInitial").
        var expected = Reference.Get("gaussianMixture", "cases", kind, "scoreOfInitial").GetDouble();

        var model = GaussianMixtureModel.Evaluate(StartingParameters(kind, covariance), ReferenceData);

        Labelings.AssertClose(expected, model.AverageLogLikelihood, 1e-9, "mean log-likelihood");
        Labelings.AssertClose(expected, model.Score(ReferenceData), 1e-9, "Score");
        Assert.Equal(0, model.Iterations);
    }

    [Theory]
    [MemberData(nameof(CovarianceTypes))]
    public void Fit_OneEmStepFromGivenParameters_MatchesScikitLearn(string kind, CovarianceType covariance)
    {
        // Reference: GaussianMixture(3, covariance_type=kind, max_iter=1, weights_init, means_init,
        // precisions_init = inverse covariances).fit(X) (scikit-learn 1.2.1): one E step and one M step from the given
        // parameters, then score(X), bic(X), the parameters and predict(X) (Data/make_reference.py, "afterOneStep").
        var expected = Reference.Get("gaussianMixture", "cases", kind, "afterOneStep");
        var options = new GaussianMixtureOptions { NumberOfComponents = 3, Covariance = covariance, MaximumNumberOfIterations = 1 };

        var model = new GaussianMixtureFitter(options).Fit(ReferenceData, StartingParameters(kind, covariance));

        Labelings.AssertClose(expected.GetProperty("score").GetDouble(), model.AverageLogLikelihood, 1e-9, "score");
        Labelings.AssertClose(expected.GetProperty("bic").GetDouble(), model.BayesianInformationCriterion, 1e-9, "BIC");
        var weights = Reference.Doubles(expected.GetProperty("weights"));
        var means = Reference.Rows(expected.GetProperty("means"));
        var covariances = Reference.Rows(expected.GetProperty("covariances"));
        for (var c = 0; c < 3; c++)
        {
            Labelings.AssertClose(weights[c], model.Parameters.Weights[c], 1e-9, $"weight {c}");
            for (var j = 0; j < 2; j++)
            {
                Labelings.AssertClose(means[c][j], model.Parameters.Mean(c)[j], 1e-9, $"mean {c},{j}");
            }
            for (var j = 0; j < covariances[c].Length; j++)
            {
                Labelings.AssertClose(covariances[c][j], model.Parameters.CovarianceOf(c)[j], 1e-9, $"covariance {c},{j}");
            }
        }
        Assert.Equal(Reference.Ints(expected.GetProperty("labels")), model.Labels);
        Assert.Equal(1, model.Iterations);
        Assert.False(model.Converged);
    }

    [Fact]
    public void ChooseByBayesianInformationCriterion_ThreeBlobs_PicksThree()
    {
        var (data, truth) = Blobs.Generate([[0, 0], [8, 0], [4, 7]], perBlob: 150, spread: 1.0, seed: 51);

        var result = GaussianMixtureSelection.ChooseByBayesianInformationCriterion(data, new GaussianMixtureOptions { NumberOfComponents = 1 }, 1, 6);

        Assert.Equal(3, result.ChosenK);
        Assert.Equal([1, 2, 3, 4, 5, 6], result.Table.Select(row => row.K));
        Assert.Equal(result.Table.Min(row => row.BayesianInformationCriterion), result.Table.Single(row => row.K == 3).BayesianInformationCriterion);
        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, result.Model.Labels) >= 0.99);
        Assert.Contains("lowest Bayesian information criterion", result.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void BayesianInformationCriterion_Definition_MinusTwoLogLikelihoodPlusParametersTimesLogN()
    {
        // Full covariance, k = 2, d = 3: 2 × 6 covariance values + 2 × 3 means + 1 weight = 19 parameters.
        var (data, _) = Blobs.Generate([[0, 0, 0], [6, 6, 6]], perBlob: 80, spread: 1.0, seed: 52);

        var model = new GaussianMixtureFitter(new GaussianMixtureOptions { NumberOfComponents = 2 }).Fit(data);

        Assert.Equal(19, model.Parameters.NumberOfParameters);
        Assert.Equal((-2 * model.LogLikelihood) + (19 * Math.Log(160)), model.BayesianInformationCriterion, 1e-9);
        Assert.Equal(model.ScoreSamples(data).Sum(), model.LogLikelihood, 1e-9);
        Assert.True(model.Converged);
    }

    [Fact]
    public void PredictProbabilities_AnyPoint_SumToOneAndArgmaxIsPredict()
    {
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 80, spread: 3.0, seed: 53);
        var model = new GaussianMixtureFitter(new GaussianMixtureOptions { NumberOfComponents = 4 }).Fit(data);
        var (probes, _) = Blobs.Generate([[10, 10]], perBlob: 200, spread: 15.0, seed: 54);

        var all = model.PredictProbabilities(probes);
        for (var i = 0; i < probes.Rows; i++)
        {
            var probabilities = model.PredictProbabilities(probes.Row(i));
            Assert.Equal(1.0, probabilities.Sum(), 1e-12);
            Assert.All(probabilities, p => Assert.InRange(p, 0.0, 1.0));
            Assert.Equal(Array.IndexOf(probabilities, probabilities.Max()), model.Predict(probes.Row(i)));
            Assert.Equal(probabilities, all.AsSpan(i * 4, 4).ToArray());
        }
    }

    [Fact]
    public void PredictProbabilities_PointBetweenTwoEqualComponents_SplitsEvenly()
    {
        // Two mirror-image blobs: a point on the mirror plane is equally likely under both (up to the fit's symmetry).
        var values = new List<double>();
        var random = new Random(55);
        for (var i = 0; i < 200; i++)
        {
            var x = Blobs.Gaussian(random);
            var y = Blobs.Gaussian(random);
            values.AddRange([-5 + x, y, 5 - x, y]);
        }
        var data = new FeatureMatrix([.. values], 400, 2);
        var model = new GaussianMixtureFitter(new GaussianMixtureOptions { NumberOfComponents = 2, Tolerance = 1e-10, MaximumNumberOfIterations = 500 }).Fit(data);

        var probabilities = model.PredictProbabilities([0.0, 0.3]);

        Assert.Equal(0.5, probabilities[0], 1e-6);
        Assert.Equal(0.5, probabilities[1], 1e-6);
    }

    [Fact]
    public void Fit_DiagonalCovariance_FeaturesIndependentWithinComponents()
    {
        var (data, truth) = Blobs.Generate([[0, 0, 0], [6, 0, 3], [0, 6, -3]], perBlob: 120, spread: 1.0, seed: 56);

        var model = new GaussianMixtureFitter(new GaussianMixtureOptions { NumberOfComponents = 3, Covariance = CovarianceType.Diagonal }).Fit(data);

        Assert.True(ClusterAgreement.AdjustedRandIndex(truth, model.Labels) >= 0.99);
        Assert.Equal(3, model.Parameters.CovarianceOf(0).Length);
        // 3 × 3 variances + 3 × 3 means + 2 weights.
        Assert.Equal(20, model.Parameters.NumberOfParameters);
        for (var c = 0; c < 3; c++)
        {
            Assert.All(model.Parameters.CovarianceOf(c).ToArray(), variance => Assert.InRange(variance, 0.6, 1.6));
        }
    }

    [Fact]
    public void Fit_Restarts_KeepsTheBestLowerBoundAndIsDeterministic()
    {
        var (data, _) = Blobs.Generate(Blobs.FourCorners, perBlob: 60, spread: 6.0, seed: 57);
        var options = new GaussianMixtureOptions { NumberOfComponents = 5, Restarts = 4, Seed = 9 };

        var best = new GaussianMixtureFitter(options).Fit(data);
        var single = new GaussianMixtureFitter(options with { Restarts = 1 }).Fit(data);

        Assert.Equal(best.Save(), new GaussianMixtureFitter(options).Fit(data).Save());
        // The first restart is the one-restart fit; keeping the best of four is never worse than it.
        Assert.True(best.AverageLogLikelihood >= single.AverageLogLikelihood - 1e-3);
    }

    [Fact]
    public void Fit_ZeroRegularisationOnAConstantFeature_ThrowsSayingWhatToTry()
    {
        var values = new double[100 * 2];
        var random = new Random(58);
        for (var i = 0; i < 100; i++)
        {
            values[2 * i] = random.NextDouble();
            values[(2 * i) + 1] = 4.0;
        }
        var data = new FeatureMatrix(values, 100, 2);

        var exception = Assert.Throws<ArgumentException>(() =>
            new GaussianMixtureFitter(new GaussianMixtureOptions { NumberOfComponents = 2, RegularisationCovariance = 0 }).Fit(data));

        Assert.Contains("RegularisationCovariance", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 100, 1e-3, 1, 1e-6)]
    [InlineData(2, 0, 1e-3, 1, 1e-6)]
    [InlineData(2, 100, -1.0, 1, 1e-6)]
    [InlineData(2, 100, 1e-3, 0, 1e-6)]
    [InlineData(2, 100, 1e-3, 1, double.NaN)]
    public void Validate_OutOfRangeSetting_Throws(int k, int iterations, double tolerance, int restarts, double regularisation)
    {
        var options = new GaussianMixtureOptions
        {
            NumberOfComponents = k,
            MaximumNumberOfIterations = iterations,
            Tolerance = tolerance,
            Restarts = restarts,
            RegularisationCovariance = regularisation,
        };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Parameters_Inconsistent_Throw()
    {
        Assert.Throws<ArgumentException>(() => new GaussianMixtureParameters(CovarianceType.Full, [1.0], [[0.0, 0.0]], [[1.0, 0.5, 0.4, 1.0]]));
        Assert.Throws<ArgumentException>(() => new GaussianMixtureParameters(CovarianceType.Diagonal, [0.0], [[0.0]], [[1.0]]));
        Assert.Throws<ArgumentException>(() => new GaussianMixtureParameters(CovarianceType.Diagonal, [1.0, 1.0], [[0.0]], [[1.0]]));
        Assert.Throws<ArgumentException>(() => GaussianMixtureModel.Evaluate(
            new GaussianMixtureParameters(CovarianceType.Diagonal, [1.0], [[0.0]], [[-1.0]]), new FeatureMatrix([1.0, 2.0], 2, 1)));
    }
}
