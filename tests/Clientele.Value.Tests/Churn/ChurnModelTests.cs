using System.Text;
using Clientele.Core;
using Clientele.Value.Churn;
using Clientele.Value.Classification;

namespace Clientele.Value.Tests.Churn;

/// <summary>The churn trainer and model on synthetic customers whose true churn probability is known.</summary>
public sealed class ChurnModelTests
{
    private static readonly DateTime Epoch = new(2011, 1, 1);

    /// <summary>
    /// Customers whose churn probability is a logistic function of recency and frequency:
    /// P = σ(−1.5 + recency/50 − 0.3 × frequency). Returns the features, sampled labels and the true probabilities.
    /// </summary>
    internal static (CustomerFeatures[] Customers, bool[] Churned, double[] Truth) Synthetic(int n, int seed)
    {
        var random = new Random(seed);
        var customers = new CustomerFeatures[n];
        var churned = new bool[n];
        var truth = new double[n];
        for (var i = 0; i < n; i++)
        {
            var recency = random.Next(0, 300);
            var frequency = 1 + random.Next(0, 15);
            var tenure = recency + random.Next(0, 400);
            var aov = (decimal)Math.Round(10 + (200 * random.NextDouble()), 2);
            customers[i] = new CustomerFeatures(
                $"c{i}", Epoch, Epoch.AddDays(tenure - recency), recency, frequency, aov * frequency, tenure, aov, 1 + random.Next(0, 40), 0.1 * random.NextDouble());
            truth[i] = 1.0 / (1.0 + Math.Exp(-(-1.5 + (recency / 50.0) - (0.3 * frequency))));
            churned[i] = random.NextDouble() < truth[i];
        }
        return (customers, churned, truth);
    }

    [Fact]
    public void Fit_KnownLogisticChurn_RanksNearlyAsWellAsTheTruthAndIsCalibrated()
    {
        var (train, trainChurned, _) = Synthetic(4000, seed: 1);
        var (test, testChurned, truth) = Synthetic(4000, seed: 2);

        var model = new ChurnFitter().Fit(train, trainChurned);
        var predicted = model.Predict(test);

        var best = BinaryMetrics.Auc(truth, testChurned);          // the AUC of the true probabilities: no model can beat it on average
        var auc = BinaryMetrics.Auc(predicted, testChurned);
        Assert.True(auc > best - 0.02, $"AUC {auc:F4} should be within 0.02 of the true probabilities' {best:F4}.");
        // Same population: mean predicted churn ≈ observed churn rate, and the Brier score ≈ the truth's.
        Numeric.Within(testChurned.Count(c => c) / 4000.0, predicted.Average(), 0.02, "mean predicted churn");
        Numeric.Within(BinaryMetrics.BrierScore(truth, testChurned), BinaryMetrics.BrierScore(predicted, testChurned), 0.01, "Brier score");
        Assert.All(predicted, p => Assert.InRange(p, 0.0, 1.0));
    }

    /// <summary>The median customer of an odd number of customers: each feature's middle value (some customer's own).</summary>
    private static CustomerFeatures MedianCustomer(CustomerFeatures[] customers)
    {
        T Middle<T>(Func<CustomerFeatures, T> feature) => customers.Select(feature).Order().ElementAt(customers.Length / 2);
        return new CustomerFeatures(
            "typical", Epoch, Epoch, Middle(c => c.RecencyDays), Middle(c => c.Frequency), Middle(c => c.Monetary), Middle(c => c.TenureDays),
            Middle(c => c.AverageOrderValue), Middle(c => c.DistinctProducts), Middle(c => c.ReturnRate));
    }

    [Fact]
    public void Contributions_KnownLogisticChurn_MeasuredAgainstTheTrainingMediansRecencyRaisesALapsedCustomersRisk()
    {
        // The truth: P = σ(−1.5 + recency/50 − 0.3 × frequency). An odd number of training customers, so each input's
        // median is one customer's value; the inputs are monotone transforms, so the typical input vector is the
        // transform of the median customer, computed here from the raw features.
        var (train, trainChurned, _) = Synthetic(3999, seed: 1);
        var model = new ChurnFitter().Fit(train, trainChurned);
        var typical = MedianCustomer(train);
        Assert.NotNull(model.TypicalInputs);
        Assert.Equal(7, model.TypicalInputs.Count);
        Assert.Equal((float)Math.Log(1.0 + typical.RecencyDays), (float)model.TypicalInputs[0]);
        Assert.Equal((float)Math.Log(1.0 + typical.Frequency), (float)model.TypicalInputs[1]);
        Assert.Equal((float)typical.ReturnRate, (float)model.TypicalInputs[6]);

        var lapsed = typical with { CustomerId = "lapsed", RecencyDays = 280, Frequency = 2, Monetary = 200m };
        var contributions = model.Contributions(lapsed, null)!;
        var alone = model.Contributions(typical with { RecencyDays = 280 }, null)!;

        Assert.Equal("recency_days", contributions[0].Feature);
        Assert.True(contributions[0].Contribution > 0.1, contributions[0].ToString());
        Assert.Equal(["average_order_value", "distinct_products", "frequency", "monetary", "recency_days", "return_rate", "tenure_days"], contributions.Select(c => c.Feature).Order());
        Assert.All(alone.Where(c => c.Feature != "recency_days"), c => Assert.Equal(0.0, c.Contribution));
        Assert.Equal(model.Predict(typical with { RecencyDays = 280 }) - model.Predict(typical), alone.Single(c => c.Feature == "recency_days").Contribution, 12);
        Assert.All(model.Contributions(typical, null)!, c => Assert.Equal(0.0, c.Contribution));
    }

    [Fact]
    public void Contributions_WithABehaviourColumn_ItIsAnInputLikeTheOthersAndMeasuredAgainstItsMedian()
    {
        // Churn here follows the behaviour column too: P = σ(−1.5 + recency/50 − 0.3 × frequency − views/5).
        var (train, _, _) = Synthetic(3999, seed: 3);
        var random = new Random(4);
        var views = train.Select(_ => (double)random.Next(0, 20)).ToArray();
        var churned = train.Select((c, i) => random.NextDouble() < 1.0 / (1.0 + Math.Exp(-(-1.5 + (c.RecencyDays / 50.0) - (0.3 * c.Frequency) - (views[i] / 5))))).ToArray();
        var behaviour = new FeatureMatrix(views, views.Length, 1, ["views_30d"]);
        var model = new ChurnFitter().Fit(train, churned, behaviour);
        var typical = MedianCustomer(train);
        var medianViews = views.Order().ElementAt(views.Length / 2);
        Assert.Equal(medianViews, model.TypicalInputs![7]);

        var quiet = new FeatureMatrix([0.0], 1, 1, ["views_30d"]);
        var contributions = model.Contributions(typical, quiet)!;

        Assert.Equal(8, contributions.Count);
        Assert.Equal("views_30d", contributions[0].Feature);
        Assert.True(contributions[0].Contribution > 0, "no views raises the risk against the typical customer's " + medianViews);
        Assert.All(contributions.Skip(1), c => Assert.Equal(0.0, c.Contribution));
        Assert.Equal(
            model.Predict(typical, quiet) - model.Predict(typical, new FeatureMatrix([medianViews], 1, 1, ["views_30d"])), contributions[0].Contribution, 12);
        Assert.Throws<ValueModelException>(() => model.Contributions(typical, null));
    }

    /// <summary>
    /// 4,000 customers and a sample limit of 1,000: the model is the one trained on the seeded label-stratified sample
    /// StratifiedSplit.Sample picks (the same predictions to the bit), its churn rate is that of all 4,000, and it
    /// still ranks the held-out customers within 0.03 of the truth's AUC.
    /// </summary>
    [Fact]
    public void Fit_MoreCustomersThanTheSampleLimit_TrainsOnTheStratifiedSample()
    {
        var (train, churned, _) = Synthetic(4000, seed: 5);
        var (test, testChurned, truth) = Synthetic(4000, seed: 6);
        var options = new ChurnOptions { SampleLimit = 1000 };

        var model = new ChurnFitter(options).Fit(train, churned);

        var rows = Clientele.Core.Maths.StratifiedSplit.Sample(churned, 1000, 1, options.Seed);
        var onSample = new ChurnFitter().Fit(rows.Select(i => train[i]).ToArray(), rows.Select(i => churned[i]).ToArray());
        Assert.Equal(1000, model.TrainingRows);
        Assert.Equal(churned.Count(c => c) / 4000.0, model.TrainingChurnRate);
        Assert.Equal(onSample.Predict(test), model.Predict(test));
        var auc = BinaryMetrics.Auc(model.Predict(test), testChurned);
        Assert.True(auc > BinaryMetrics.Auc(truth, testChurned) - 0.03, $"AUC {auc:F4}");
    }

    /// <summary>
    /// A caller that reads only the rows SampleRows picks (value's churn step reads those customers' features alone) trains
    /// the model the fitter trains when it samples all the rows itself: the same predictions to the bit, and, given the
    /// churn rate of all of them, the same TrainingChurnRate. Up to the limit SampleRows keeps every row.
    /// </summary>
    [Fact]
    public void SampleRows_TheRowsTheFitSamples_TheSameModelFromThemAlone()
    {
        var (train, churned, _) = Synthetic(4000, seed: 5);
        var (test, _, _) = Synthetic(500, seed: 6);
        var options = new ChurnOptions { SampleLimit = 1000 };

        var rows = ChurnFitter.SampleRows(churned, options);
        var fromAll = new ChurnFitter(options).Fit(train, churned);
        var fromSample = new ChurnFitter(options).Fit([.. rows.Select(i => train[i])], [.. rows.Select(i => churned[i])], null, churned.Count(c => c) / 4000.0);

        Assert.Equal(1000, rows.Length);
        Assert.Equal(1000, fromSample.TrainingRows);
        Assert.Equal(fromAll.TrainingChurnRate, fromSample.TrainingChurnRate);
        Assert.Equal(fromAll.Predict(test), fromSample.Predict(test));
        Assert.NotEqual(rows.Count(i => churned[i]) / 1000.0, fromSample.TrainingChurnRate); // the sample's own rate differs
        Assert.Equal(Enumerable.Range(0, 4000), ChurnFitter.SampleRows(churned, new ChurnOptions()));
    }

    /// <summary>Above the sample limit the held-out evaluation and the comparison are measured on the same stratified sample of the test customers.</summary>
    [Fact]
    public void Evaluate_MoreTestCustomersThanTheSampleLimit_MeasuresTheSameStratifiedSample()
    {
        var (train, churned, _) = Synthetic(1500, seed: 7);
        var (test, testChurned, _) = Synthetic(3000, seed: 8);
        var options = new ChurnOptions { SampleLimit = 1200 };

        var result = ChurnEvaluation.Evaluate(train, churned, test, testChurned, options);
        var summaries = test.Select(c => new CustomerSummary(c.CustomerId, c.Frequency - 1, (c.TenureDays - c.RecencyDays) / 7.0, c.TenureDays / 7.0, 10.0)).ToArray();
        var betaGeo = new BetaGeoModel(0.5, 5.0, 0.5, 2.0);
        var comparison = ChurnEvaluation.Compare(result.Model, betaGeo, 90 / 7.0, summaries, test, testChurned);

        var rows = Clientele.Core.Maths.StratifiedSplit.Sample(testChurned, 1200, 1, options.Seed);
        Assert.Equal(1200, result.TrainingRows);
        Assert.Equal(1200, result.Test.Count);
        Assert.Equal(rows.Count(i => testChurned[i]), result.Test.Positives);
        Assert.Equal(1200, comparison.Customers);
        Assert.Equal(result.Test.Auc, comparison.Supervised.Auc);
        Assert.Equal(BinaryMetrics.Auc(result.Model.Predict(rows.Select(i => test[i]).ToArray()), rows.Select(i => testChurned[i]).ToArray()), result.Test.Auc);
    }

    [Fact]
    public void Fit_SameSeed_SamePredictions()
    {
        var (train, churned, _) = Synthetic(1500, seed: 3);

        var first = new ChurnFitter(new ChurnOptions { Seed = 7 }).Fit(train, churned).Predict(train);
        var second = new ChurnFitter(new ChurnOptions { Seed = 7 }).Fit(train, churned).Predict(train);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Predict_OneCustomer_EqualsTheBatch()
    {
        var (train, churned, _) = Synthetic(1000, seed: 4);
        var model = new ChurnFitter().Fit(train, churned);

        var batch = model.Predict(train.Take(20).ToArray());

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(batch[i], model.Predict(train[i]));
        }
    }

    [Fact]
    public void SaveLoad_RoundTrip_SamePredictionsAndSettings()
    {
        var (train, churned, _) = Synthetic(1000, seed: 5);
        var model = new ChurnFitter(new ChurnOptions { NumberOfLeaves = 8, Threshold = 0.4 }).Fit(train, churned);

        var loaded = ChurnModel.Load(model.Save());

        Assert.Equal(model.Predict(train), loaded.Predict(train));
        Assert.Equal(model.Options, loaded.Options);
        Assert.Equal(1000, loaded.TrainingRows);
        Assert.Equal(model.TrainingChurnRate, loaded.TrainingChurnRate);
        Assert.Equal(model.TypicalInputs, loaded.TypicalInputs);
        Assert.Equal(model.Contributions(train[0], null), loaded.Contributions(train[0], null));
    }

    [Fact]
    public void Load_NewerFormatVersion_SaysWhichVersionsAreRead()
    {
        var (train, churned, _) = Synthetic(500, seed: 6);
        var saved = new ChurnFitter().Fit(train, churned).Save();
        var edited = Edit(saved, json => json.Replace("\"formatVersion\":1", "\"formatVersion\":9", StringComparison.Ordinal));

        var error = Assert.Throws<ClienteleException>(() => ChurnModel.Load(edited));

        Assert.Contains("format version 9; this build of Clientele reads versions 1 to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAModel_ClearError()
    {
        var garbage = Encoding.UTF8.GetBytes("not a model");
        var (train, churned, _) = Synthetic(500, seed: 6);
        var saved = new ChurnFitter().Fit(train, churned).Save();
        var wrongKind = Edit(saved, json => json.Replace("\"kind\":\"churn\"", "\"kind\":\"value-class\"", StringComparison.Ordinal));
        var damaged = Edit(saved, json => json.Replace("\"mlnet-model.zip\":\"", "\"mlnet-model.zip\":\"AAAA", StringComparison.Ordinal));

        Assert.Throws<ClienteleException>(() => ChurnModel.Load(garbage));
        var error = Assert.Throws<ClienteleException>(() => ChurnModel.Load(wrongKind));
        Assert.Contains("holds a model of kind \"value-class\" where kind \"churn\" was expected", error.Message, StringComparison.Ordinal);
        Assert.Throws<ClienteleException>(() => ChurnModel.Load(damaged));
    }

    [Fact]
    public void Fit_NoCustomers_ClearError()
    {
        var error = Assert.Throws<ValueModelException>(() => new ChurnFitter().Fit([], []));

        Assert.Contains("no customers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_OneClass_ClearError()
    {
        var (train, _, _) = Synthetic(100, seed: 8);

        var error = Assert.Throws<ValueModelException>(() => new ChurnFitter().Fit(train, new bool[100]));

        Assert.Contains("All 100 customers bought again", error.Message, StringComparison.Ordinal);
        Assert.Contains("Choose another cutoff or horizon", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_LabelsDoNotPairUp_ClearError()
    {
        var (train, churned, _) = Synthetic(100, seed: 9);

        var error = Assert.Throws<ValueModelException>(() => new ChurnFitter().Fit(train, churned[..50]));

        Assert.Contains("100 customers but 50 churn labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OutOfRange_ThrowWhenTheTrainerIsBuilt()
    {
        Assert.Throws<ArgumentException>(() => new ChurnFitter(new ChurnOptions { NumberOfLeaves = 1 }));
        Assert.Throws<ArgumentException>(() => new ChurnFitter(new ChurnOptions { LearningRate = 0 }));
        Assert.Throws<ArgumentException>(() => new ChurnFitter(new ChurnOptions { Threshold = 1.5 }));
        Assert.Throws<ArgumentException>(() => new ChurnFitter(new ChurnOptions { NumberOfIterations = 0 }));
    }

    [Fact]
    public void ProbabilityOfNoPurchase_NewCustomer_IsTheModelsProbabilityOfNoPurchases()
    {
        // x = 0, T = 0: P(no purchase in t) is P(X(t) = 0) of eq. 8; for x = 0 at T it is P(X(T + t) = 0) / P(X(T) = 0).
        var model = new BetaGeoModel(0.243, 4.414, 0.793, 2.426);

        Assert.Equal(model.ProbabilityOfPurchases(0, 13), model.ProbabilityOfNoPurchase(13, new CustomerSummary("new", 0, 0, 0)), 12);
        Assert.Equal(
            model.ProbabilityOfPurchases(0, 39 + 13) / model.ProbabilityOfPurchases(0, 39),
            model.ProbabilityOfNoPurchase(13, new CustomerSummary("quiet", 0, 0, 39)),
            12);
    }

    [Fact]
    public void ProbabilityOfNoPurchase_RepeatBuyer_RunsFromOneToOneMinusPAlive()
    {
        var model = new BetaGeoModel(0.243, 4.414, 0.793, 2.426);
        var customer = new CustomerSummary("c", 2, 30.43, 38.86);
        var dead = 1 - model.ProbabilityAlive(customer);

        Assert.Equal(1.0, model.ProbabilityOfNoPurchase(0, customer), 15);
        Assert.Equal(dead, model.ProbabilityOfNoPurchase(1e9, customer), 6);
        var p = new[] { 1.0, 4, 13, 52, 520 }.Select(t => model.ProbabilityOfNoPurchase(t, customer)).ToArray();
        Assert.True(p.Zip(p.Skip(1)).All(pair => pair.First > pair.Second), "P(no purchase in t) falls as t grows");
    }

    private static byte[] Edit(byte[] saved, Func<string, string> edit) => Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(saved)));
}
