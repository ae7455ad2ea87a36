using Clientele.Core;
using Clientele.Tests;
using Clientele.Value.ValueClass;

namespace Clientele.Value.Tests.ValueClass;

/// <summary>
/// The supervised fitter contract (<see cref="SupervisedFitterContract{TModel}"/>) for the value-class model: a
/// positive's future value is 100, a negative's 0, so the top 20 % (the default share; 30 % are positives) by future
/// value are exactly the positives (ties at 100 included).
/// </summary>
public sealed class ValueClassFitterContractTests : SupervisedFitterContract<ValueClassModel>
{
    private static readonly string[] Names = ["x0", "x1", "x2"];

    protected override ValueClassModel Fit(double[][] features, bool[] labels, int seed) =>
        new ValueClassFitter(new ValueClassOptions { Seed = seed }).Fit(Matrix(features), [.. labels.Select(l => l ? 100.0 : 0.0)]);

    protected override double[] PositiveProbabilities(ValueClassModel model, double[][] features) => model.Predict(Matrix(features));

    private static FeatureMatrix Matrix(double[][] rows) => new([.. rows.SelectMany(row => row)], rows.Length, Names.Length, Names);
}
