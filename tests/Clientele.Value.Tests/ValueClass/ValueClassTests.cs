using Clientele.Core;
using Clientele.Value.Tests.Churn;
using Clientele.Value.ValueClass;
using Xunit.Abstractions;

namespace Clientele.Value.Tests.ValueClass;

public sealed class ValueClassTests(ITestOutputHelper output)
{
    private static readonly string[] Names = ["orders", "spend"];

    /// <summary>Customers whose future value grows with their early spend and orders, plus noise.</summary>
    private static (FeatureMatrix Features, double[] FutureValues) Synthetic(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n * 2];
        var future = new double[n];
        for (var i = 0; i < n; i++)
        {
            var orders = 1 + random.Next(0, 5);
            var spend = orders * (20 + (100 * random.NextDouble()));
            values[2 * i] = orders;
            values[(2 * i) + 1] = spend;
            future[i] = random.NextDouble() < 0.4 ? 0.0 : spend * Math.Exp(random.NextDouble() * 2);
        }
        return (new FeatureMatrix(values, n, 2, Names), future);
    }

    [Fact]
    public void Label_TopFifth_TiesAtTheBoundaryAllIncluded()
    {
        // n = 10, ⌈0.2 × 10⌉ = 2: the second largest is 50; both 50s are high value, so 3 of 10.
        var (labels, threshold) = ValueClassFitter.Label([10, 50, 0, 80, 50, 0, 5, 1, 2, 3], 0.2);

        Assert.Equal(50, threshold);
        Assert.Equal([false, true, false, true, true, false, false, false, false, false], labels);
    }

    [Fact]
    public void Label_FewerBuyersThanTheShare_ZeroIsNeverHighValue()
    {
        // Only 1 of 10 bought: the 2nd largest is 0, but buying nothing is not high value.
        var (labels, threshold) = ValueClassFitter.Label([0, 0, 0, 7, 0, 0, 0, 0, 0, 0], 0.2);

        Assert.Equal(7, threshold);
        Assert.Equal(1, labels.Count(l => l));
    }

    [Fact]
    public void Fit_OnlineRetailFirstThirtyDays_CrossValidatedAucAboveSevenTenths()
    {
        // Customers first seen by 2011-05-14 (30 + 180 days before 2011-12-10); high value = top 20% of their purchase
        // value in the 180 days after their first 30.
        var (features, future, _) = OnlineRetailSample.EarlyBehaviour(30, 180, new DateOnly(2011, 12, 10));
        Assert.Equal(2_580, features.Rows);

        var model = new ValueClassFitter().Fit(features, future);

        output.WriteLine($"{model.TrainingRows} customers; high value = future value >= {model.HighValueThreshold:F2} ({model.HighValueShare:P1}); final model {model.Algorithm}");
        foreach (var cv in model.CrossValidation)
        {
            output.WriteLine($"{cv.Algorithm}: AUC {cv.Mean:F4} ± {cv.StandardDeviation:F4} over 5 folds [{string.Join(", ", cv.FoldAuc.Select(a => a.ToString("F3")))}]");
            Assert.Equal(5, cv.FoldAuc.Count);
            Assert.True(cv.Mean > 0.7, $"{cv.Algorithm} cross-validated AUC {cv.Mean:F4}");
        }
        Assert.Equal(model.CrossValidation.MaxBy(c => c.Mean)!.Algorithm, model.Algorithm);
        Assert.InRange(model.HighValueShare, 0.2, 0.21);
        var p = model.Predict(features);
        Assert.All(p, v => Assert.InRange(v, 0.0, 1.0));
    }

    /// <summary>
    /// Above the sample limit the learners see a label-stratified sample (StratifiedSplitTests check its shares): 600
    /// customers to 200 rows; the high-value threshold and share are still those of all 600.
    /// </summary>
    [Fact]
    public void Fit_MoreCustomersThanTheSampleLimit_TrainsOnAStratifiedSample()
    {
        var (features, future) = Synthetic(600, seed: 1);
        var all = new ValueClassFitter(new ValueClassOptions { Algorithm = ValueClassAlgorithm.LightGbm }).Fit(features, future);

        var sampled = new ValueClassFitter(new ValueClassOptions { Algorithm = ValueClassAlgorithm.LightGbm, SampleLimit = 200 }).Fit(features, future);

        Assert.Equal(600, all.TrainingRows);
        Assert.Equal(200, sampled.TrainingRows);
        Assert.Equal(all.HighValueThreshold, sampled.HighValueThreshold);
        Assert.Equal(all.HighValueShare, sampled.HighValueShare);
        Assert.NotEqual(all.CrossValidation[0].FoldAuc, sampled.CrossValidation[0].FoldAuc);
    }

    /// <summary>
    /// A caller with the features of the training rows alone (the value class reads no others' from the store) gets the
    /// model of the whole matrix: the same folds, figures and predictions.
    /// </summary>
    [Fact]
    public void Fit_FeaturesOfTheTrainingRowsAlone_TheModelOfTheWholeMatrix()
    {
        var (features, future) = Synthetic(600, seed: 1);
        var fitter = new ValueClassFitter(new ValueClassOptions { SampleLimit = 200 });
        var whole = fitter.Fit(features, future);

        var rows = fitter.TrainingRows(future);
        var fromRows = fitter.Fit(features.SelectRows(rows), future, rows);

        Assert.Equal(200, rows.Length);
        Assert.Equal(rows.Order(), rows);
        Assert.Equal(whole.Algorithm, fromRows.Algorithm);
        Assert.Equal(whole.TrainingRows, fromRows.TrainingRows);
        Assert.Equal(whole.HighValueThreshold, fromRows.HighValueThreshold);
        Assert.Equal(whole.HighValueShare, fromRows.HighValueShare);
        Assert.Equal(whole.CrossValidation.SelectMany(c => c.FoldAuc), fromRows.CrossValidation.SelectMany(c => c.FoldAuc));
        Assert.Equal(whole.Predict(features), fromRows.Predict(features));
        Assert.Equal(Enumerable.Range(0, 150), new ValueClassFitter().TrainingRows(future[..150]));
        Assert.Throws<ArgumentException>(() => fitter.Fit(features.SelectRows(rows[1..]), future, rows[1..]));
    }

    [Fact]
    public void Fit_SameSeed_SameModelAndCrossValidation()
    {
        var (features, future) = Synthetic(600, seed: 1);

        var first = new ValueClassFitter(new ValueClassOptions { Algorithm = ValueClassAlgorithm.LightGbm }).Fit(features, future);
        var second = new ValueClassFitter(new ValueClassOptions { Algorithm = ValueClassAlgorithm.LightGbm }).Fit(features, future);

        Assert.Equal(first.Predict(features), second.Predict(features));
        Assert.Equal(first.CrossValidation.SelectMany(c => c.FoldAuc), second.CrossValidation.SelectMany(c => c.FoldAuc));
    }

    [Theory]
    [InlineData(ValueClassAlgorithm.LightGbm)]
    [InlineData(ValueClassAlgorithm.LogisticRegression)]
    public void SaveLoad_RoundTrip_SamePredictions(ValueClassAlgorithm algorithm)
    {
        var (features, future) = Synthetic(400, seed: 2);
        var model = new ValueClassFitter(new ValueClassOptions { Algorithm = algorithm, Folds = 3 }).Fit(features, future);

        var loaded = ValueClassModel.Load(model.Save());

        Assert.Equal(model.Predict(features), loaded.Predict(features));
        Assert.Equal(algorithm, loaded.Algorithm);
        Assert.Equal(model.HighValueThreshold, loaded.HighValueThreshold);
        Assert.Equal(model.CrossValidation.Select(c => c.Mean), loaded.CrossValidation.Select(c => c.Mean));
        Assert.Equal(model.Predict(features.Row(0)), loaded.Predict(features.Row(0)), 6);
    }

    [Fact]
    public void Predict_OtherColumns_ClearError()
    {
        var (features, future) = Synthetic(300, seed: 3);
        var model = new ValueClassFitter(new ValueClassOptions { Folds = 3 }).Fit(features, future);
        var renamed = new FeatureMatrix(features.Values.ToArray(), features.Rows, 2, ["spend", "orders"]);

        var error = Assert.Throws<ValueModelException>(() => model.Predict(renamed));

        Assert.Contains("trained on the columns (orders, spend), not (spend, orders)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NobodyBoughtAgain_ClearError()
    {
        var (features, _) = Synthetic(100, seed: 4);

        var error = Assert.Throws<ValueModelException>(() => new ValueClassFitter().Fit(features, new double[100]));

        Assert.Contains("0 are high value", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs at least 5 of each", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NoRowsOrUnpairedValues_ClearError()
    {
        var (features, future) = Synthetic(100, seed: 5);

        Assert.Throws<ValueModelException>(() => new ValueClassFitter().Fit(new FeatureMatrix([], 0, 2, Names), []));
        Assert.Throws<ValueModelException>(() => new ValueClassFitter().Fit(features, future[..10]));
        var negative = (double[])future.Clone();
        negative[3] = -1;
        Assert.Contains("Row 3 has future value -1", Assert.Throws<ValueModelException>(() => new ValueClassFitter().Fit(features, negative)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OutOfRange_ThrowWhenTheTrainerIsBuilt()
    {
        Assert.Throws<ArgumentException>(() => new ValueClassFitter(new ValueClassOptions { TopShare = 1 }));
        Assert.Throws<ArgumentException>(() => new ValueClassFitter(new ValueClassOptions { Folds = 1 }));
        Assert.Throws<ArgumentException>(() => new ValueClassFitter(new ValueClassOptions { L2Regularization = -1 }));
    }
}
