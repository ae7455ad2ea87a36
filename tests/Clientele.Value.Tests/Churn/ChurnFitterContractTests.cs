using Clientele.Core;
using Clientele.Tests;
using Clientele.Value.Churn;

namespace Clientele.Value.Tests.Churn;

/// <summary>
/// The supervised fitter contract (<see cref="SupervisedFitterContract{TModel}"/>) for the churn model: x0 becomes the
/// recency (200 + 80 x0 days, so the classes stay 240 days apart), x1 the number of orders, x2 the spend.
/// </summary>
public sealed class ChurnFitterContractTests : SupervisedFitterContract<ChurnModel>
{
    private static readonly DateTime AsOf = new(2011, 12, 1, 0, 0, 0, DateTimeKind.Unspecified);

    protected override ChurnModel Fit(double[][] features, bool[] labels, int seed) =>
        new ChurnFitter(new ChurnOptions { Seed = seed }).Fit(Customers(features), labels);

    protected override double[] PositiveProbabilities(ChurnModel model, double[][] features) => model.Predict(Customers(features));

    private static CustomerFeatures[] Customers(double[][] rows) => [.. rows.Select((x, i) =>
    {
        var recency = (int)Math.Round(200 + (80 * x[0]));
        var orders = 1 + (int)(x[1] * 5);
        var spend = (decimal)Math.Round(50 + (100 * x[2]), 2);
        return new CustomerFeatures(
            $"c{i}", AsOf.AddDays(-400), AsOf.AddDays(-recency), recency, orders, spend, 400, spend / orders, orders, 0.0);
    })];
}
