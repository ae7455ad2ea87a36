using Clientele.Core;
using Clientele.Value.Churn;

namespace Clientele.Value.Tests.Churn;

/// <summary>A churn model with behaviour columns: what it remembers, how it is scored, and a model saved before they existed.</summary>
public sealed class ChurnBehaviourModelTests
{
    private static readonly string[] Columns = ["log1p(days since last visit)", "has events"];

    /// <summary>
    /// The customers of <see cref="ChurnModelTests.Synthetic"/>, whose churn now also rises with the days since their last
    /// visit (a second cause that the order-line features do not see): P = σ(−1.5 + recency/50 − 0.3 frequency + 2.5 (days/60 − 1)).
    /// </summary>
    private static (CustomerFeatures[] Customers, bool[] Churned, FeatureMatrix Behaviour) WithVisits(int n, int seed)
    {
        var (customers, _, _) = ChurnModelTests.Synthetic(n, seed);
        var random = new Random(seed + 1000);
        var churned = new bool[n];
        var values = new double[n * 2];
        for (var i = 0; i < n; i++)
        {
            var days = random.Next(1, 120);
            values[2 * i] = Math.Log(1 + days);
            values[(2 * i) + 1] = 1;
            var c = customers[i];
            var p = 1.0 / (1.0 + Math.Exp(-(-1.5 + (c.RecencyDays / 50.0) - (0.3 * c.Frequency) + (2.5 * ((days / 60.0) - 1)))));
            churned[i] = random.NextDouble() < p;
        }
        return (customers, churned, new FeatureMatrix(values, n, 2, Columns));
    }

    [Fact]
    public void Evaluate_ChurnThatFollowsTheLastVisit_HigherAucWithTheBehaviourColumns()
    {
        var (train, trainChurned, trainBehaviour) = WithVisits(3000, seed: 31);
        var (test, testChurned, testBehaviour) = WithVisits(3000, seed: 32);

        var with = ChurnEvaluation.Evaluate(train, trainChurned, trainBehaviour, test, testChurned, testBehaviour);
        var without = ChurnEvaluation.Evaluate(train, trainChurned, test, testChurned);

        Assert.Equal(Columns, with.Model.BehaviourColumns);
        Assert.Empty(without.Model.BehaviourColumns);
        Assert.True(with.Test.Auc > without.Test.Auc + 0.05, $"AUC with the visits {with.Test.Auc:F4}, without {without.Test.Auc:F4}.");
    }

    [Fact]
    public void SaveLoad_WithBehaviourColumns_RemembersThemAndScoresTheSame()
    {
        var (train, churned, behaviour) = WithVisits(800, seed: 33);
        var model = new ChurnFitter().Fit(train, churned, behaviour);

        var loaded = ChurnModel.Load(model.Save());

        Assert.Equal(Columns, loaded.BehaviourColumns);
        Assert.Equal([.. ChurnModel.FeatureNames, .. Columns], loaded.Features);
        Assert.Equal(model.Predict(train, behaviour), loaded.Predict(train, behaviour));
    }

    [Fact]
    public void Predict_OtherColumnsThanTrainedOn_ClearError()
    {
        var (train, churned, behaviour) = WithVisits(500, seed: 34);
        var withBehaviour = new ChurnFitter().Fit(train, churned, behaviour);
        var without = new ChurnFitter().Fit(train, churned);
        var renamed = new FeatureMatrix(behaviour.Values.ToArray(), behaviour.Rows, 2, ["log1p(days since last visit)", "has visits"]);

        var missing = Assert.Throws<ValueModelException>(() => withBehaviour.Predict(train));
        var one = Assert.Throws<ValueModelException>(() => withBehaviour.Predict(train[0]));
        var other = Assert.Throws<ValueModelException>(() => withBehaviour.Predict(train, renamed));
        var extra = Assert.Throws<ValueModelException>(() => without.Predict(train, behaviour));

        Assert.Contains("trained with behaviour columns (log1p(days since last visit), has events) but was given (none)", missing.Message, StringComparison.Ordinal);
        Assert.Equal(missing.Message, one.Message);
        Assert.Contains("but was given (log1p(days since last visit), has visits)", other.Message, StringComparison.Ordinal);
        Assert.Contains("trained with behaviour columns (none) but was given (log1p(days since last visit), has events)", extra.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_BehaviourRowsDoNotPairUpOrNotFinite_ClearError()
    {
        var (train, churned, behaviour) = WithVisits(100, seed: 35);
        var values = behaviour.Values.ToArray();
        values[7] = double.NaN;

        var rows = Assert.Throws<ValueModelException>(() => new ChurnFitter().Fit(train, churned, behaviour.SelectRows([.. Enumerable.Range(0, 50)])));
        var nan = Assert.Throws<ValueModelException>(() => new ChurnFitter().Fit(train, churned, new FeatureMatrix(values, 100, 2, Columns)));

        Assert.Contains("100 customers but 50 rows of behaviour columns", rows.Message, StringComparison.Ordinal);
        Assert.Contains("Customer 'c3' has has events = NaN", nan.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A model saved by the build before behaviour columns (commit d9095e3: 300 customers of
    /// <see cref="ChurnModelTests.Synthetic"/>(300, 21), 10 trees of 4 leaves) loads, takes no behaviour columns, and gives
    /// the probabilities that build gave for the first five customers of Synthetic(5, 22) (printed by it with "R").
    /// </summary>
    [Fact]
    public void Load_ModelSavedBeforeBehaviourColumns_ScoresAsItDid()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Churn", "Data", "churn-model-before-behaviour.json"));
        var (customers, _, _) = ChurnModelTests.Synthetic(5, seed: 22);

        var model = ChurnModel.Load(bytes);

        Assert.Empty(model.BehaviourColumns);
        Assert.Equal(ChurnModel.FeatureNames, model.Features);
        Assert.Equal(300, model.TrainingRows);
        Assert.Equal([0.2840596139431, 0.347220778465271, 0.3159940242767334, 0.2736651301383972, 0.3191812336444855], model.Predict(customers));
        Assert.Equal(model.Predict(customers), model.Predict(customers, null));
    }
}
