using Clientele.Value.Churn;
using Clientele.Value.Classification;
using Xunit.Abstractions;

namespace Clientele.Value.Tests.Churn;

/// <summary>
/// Churn on the Online Retail sample with a time-based split: train on the customers at 2011-06-12 (label: no purchase
/// in the 90 days to 2011-09-09), test on those at 2011-09-10 (no purchase in the 90 days to 2011-12-08, the last full
/// day being 2011-12-09). The numbers are printed for the report.
/// </summary>
public sealed class OnlineRetailChurnTests(ITestOutputHelper output)
{
    private static readonly DateOnly TrainCutoff = new(2011, 6, 12);
    private static readonly DateOnly TestCutoff = new(2011, 9, 10);
    private const int Horizon = 90;

    [Fact]
    public void Evaluate_NinetyDayHorizon_SupervisedAucAboveSevenTenthsAndBetaGeoScoredOnTheSameCustomers()
    {
        var (train, trainChurned) = OnlineRetailSample.ChurnDataset(TrainCutoff, Horizon);
        var (test, testChurned) = OnlineRetailSample.ChurnDataset(TestCutoff, Horizon);
        // Customers with a purchase before each cutoff (the churn dataset query gives the same on the store).
        Assert.Equal(2_811, train.Length);
        Assert.Equal(3_370, test.Length);

        var result = ChurnEvaluation.Evaluate(train, trainChurned, test, testChurned);

        Print("LightGbm (trained at 2011-06-12)", result.Test);
        output.WriteLine($"training churn rate {result.TrainingChurnRate:F4} ({result.TrainingRows} customers)");
        Assert.True(result.Test.Auc > 0.7, $"supervised churn AUC {result.Test.Auc:F4}");
        Assert.Equal(test.Length, result.Test.Calibration.Sum(b => b.Count));

        // BG/NBD fitted at the test cutoff on weekly summaries. Without a penaliser the fit fails on this data (the
        // dropout parameter a runs to 0: in one year of Online Retail no customer visibly drops out); the error says to
        // try PenalizerCoefficient = 0.001, as here.
        var summaries = OnlineRetailSample.Summaries(TestCutoff);
        Assert.Throws<ValueModelException>(() => new BetaGeoFitter().Fit(summaries.Values.ToArray()));
        var betaGeo = new BetaGeoFitter(new BetaGeoOptions { PenalizerCoefficient = 0.001 }).Fit(summaries.Values.ToArray());
        output.WriteLine($"BG/NBD r {betaGeo.R:G4}, alpha {betaGeo.Alpha:G4}, a {betaGeo.A:G4}, b {betaGeo.B:G4}");

        var comparison = ChurnEvaluation.Compare(result.Model, betaGeo, Horizon / 7.0, summaries.Values.ToArray(), test, testChurned);

        output.WriteLine($"compared on {comparison.Customers} customers ({comparison.WithoutSummary} without a purchase-history summary)");
        Print("LightGbm P(churn)", comparison.Supervised);
        Print("BG/NBD 1 - P(alive)", comparison.NotAlive);
        Print("BG/NBD P(no purchase in 90 days)", comparison.NoPurchase!);
        Assert.Equal(test.Length, comparison.Customers + comparison.WithoutSummary);
        Assert.True(comparison.Customers > 3_300);
        Assert.True(comparison.Supervised.Auc > 0.7);
        // 1 − P(alive) is 0 for every one-time buyer (BG/NBD's customers drop out only after a repeat purchase), and
        // one-time buyers churn most: as a churn score it ranks worse than chance here. The model's own probability of
        // the label event does as well as the supervised model.
        Assert.InRange(comparison.NotAlive.Auc, 0.0, 0.6);
        Assert.True(comparison.NoPurchase!.Auc > 0.7);
    }

    [Fact]
    public void Fit_SameSeed_SamePredictionsOnTheRealData()
    {
        var (train, churned) = OnlineRetailSample.ChurnDataset(TrainCutoff, Horizon);

        var first = new ChurnFitter().Fit(train, churned).Predict(train);
        var second = new ChurnFitter().Fit(train, churned).Predict(train);

        Assert.Equal(first, second);
    }

    private void Print(string name, BinaryEvaluation e)
    {
        output.WriteLine(
            $"{name}: n {e.Count}, base rate {e.BaseRate:F4}, AUC {e.Auc:F4}, precision {e.Precision:F4} and recall {e.Recall:F4} at {e.Threshold}, "
            + $"Brier {e.BrierScore:F4}, log loss {e.LogLoss:F4}");
        foreach (var b in e.Calibration)
        {
            output.WriteLine($"    [{b.Lower:F1}, {b.Upper:F1}): {b.Count,5} customers, mean predicted {b.MeanPredicted:F3}, observed {b.ObservedRate:F3}");
        }
    }
}
