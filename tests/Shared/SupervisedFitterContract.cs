using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Tests;

/// <summary>
/// One contract every supervised fitter keeps (segment classifier, churn, value class), run against each by a derived
/// class in its own test project: on two classes a hand-made margin apart it ranks every held-out positive above every
/// held-out negative, gives probabilities in [0, 1], is deterministic with a seed, saves and loads as a
/// <see cref="ModelFile"/> of its kind that predicts the same, and meets empty, one-class and unpaired input with a
/// clear error (an <see cref="ArgumentException"/> or a <see cref="ClienteleException"/>, never NaN or a crash).
/// </summary>
/// <typeparam name="TModel">The fitted model type.</typeparam>
public abstract class SupervisedFitterContract<TModel>
    where TModel : class, ISaveableModel<TModel>
{
    /// <summary>Rows of each training set; 30 % positives, enough for five-fold cross-validation of each class.</summary>
    protected const int TrainingRows = 200;

    /// <summary>Fits the fitter under test on rows of (x0, x1, x2) and their labels, with <paramref name="seed"/>.</summary>
    protected abstract TModel Fit(double[][] features, bool[] labels, int seed);

    /// <summary>The model's probability of the positive label for each row.</summary>
    protected abstract double[] PositiveProbabilities(TModel model, double[][] features);

    /// <summary>
    /// Two classes a clear margin apart on x0 (positives around +2, negatives around −2, each ± 0.5 uniform), x1 and x2
    /// noise in [0, 1): a hand-checkable case where any sound learner separates held-out rows perfectly.
    /// </summary>
    protected static (double[][] Features, bool[] Labels) Separable(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new double[rows][];
        var labels = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            labels[i] = i % 10 < 3;
            var centre = labels[i] ? 2.0 : -2.0;
            features[i] = [centre + random.NextDouble() - 0.5, random.NextDouble(), random.NextDouble()];
        }
        return (features, labels);
    }

    [Fact]
    public void Fit_SeparableClasses_EveryHeldOutPositiveRankedAboveEveryNegative()
    {
        var (features, labels) = Separable(TrainingRows, seed: 1);
        var (heldOut, heldOutLabels) = Separable(100, seed: 2);

        var scores = PositiveProbabilities(Fit(features, labels, seed: 42), heldOut);

        var lowestPositive = scores.Where((_, i) => heldOutLabels[i]).Min();
        var highestNegative = scores.Where((_, i) => !heldOutLabels[i]).Max();
        Assert.True(lowestPositive > highestNegative, $"lowest positive {lowestPositive} <= highest negative {highestNegative}");
    }

    [Fact]
    public void PositiveProbabilities_Any_InUnitInterval()
    {
        var (features, labels) = Separable(TrainingRows, seed: 3);
        var (probe, _) = Separable(50, seed: 4);

        var scores = PositiveProbabilities(Fit(features, labels, seed: 42), probe);

        Assert.Equal(50, scores.Length);
        Assert.All(scores, p => Assert.InRange(p, 0.0, 1.0));
    }

    [Fact]
    public void Fit_SameSeedTwice_SameProbabilities()
    {
        var (features, labels) = Separable(TrainingRows, seed: 5);
        var (probe, _) = Separable(50, seed: 6);

        var first = PositiveProbabilities(Fit(features, labels, seed: 7), probe);
        var second = PositiveProbabilities(Fit(features, labels, seed: 7), probe);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Save_LoadBack_SameProbabilitiesAndKind()
    {
        var (features, labels) = Separable(TrainingRows, seed: 8);
        var (probe, _) = Separable(50, seed: 9);
        var model = Fit(features, labels, seed: 42);

        var saved = model.Save();
        var read = TModel.Load(saved);

        Assert.Equal(TModel.ModelKind, ModelFile.Read(saved).Kind);
        Assert.Equal(PositiveProbabilities(model, probe), PositiveProbabilities(read, probe));
    }

    [Fact]
    public void Load_Garbage_ClienteleException()
    {
        Assert.Throws<ClienteleException>(() => TModel.Load("{\"format\": \"clientele-model\"}"u8));
    }

    [Fact]
    public void Fit_NoRows_ClearError()
    {
        AssertClearError(() => Fit([], [], seed: 42));
    }

    [Fact]
    public void Fit_OneClassOnly_ClearError()
    {
        var (features, _) = Separable(TrainingRows, seed: 10);

        AssertClearError(() => Fit(features, new bool[TrainingRows], seed: 42));
    }

    [Fact]
    public void Fit_LabelsAndRowsDiffer_ClearError()
    {
        var (features, labels) = Separable(TrainingRows, seed: 11);

        AssertClearError(() => Fit(features, labels[..^1], seed: 42));
    }

    private static void AssertClearError(Action fit)
    {
        var error = Record.Exception(fit);

        Assert.NotNull(error);
        Assert.True(error is ArgumentException or ClienteleException, $"{error.GetType().Name}: {error.Message}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
