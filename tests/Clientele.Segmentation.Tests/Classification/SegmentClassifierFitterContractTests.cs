using Clientele.Core;
using Clientele.Segmentation.Classification;
using Clientele.Tests;

namespace Clientele.Segmentation.Tests.Classification;

/// <summary>The supervised fitter contract (<see cref="SupervisedFitterContract{TModel}"/>) for the segment classifier: segments 0 and 1.</summary>
public sealed class SegmentClassifierFitterContractTests : SupervisedFitterContract<SegmentClassifier>
{
    private static readonly string[] Names = ["x0", "x1", "x2"];

    protected override SegmentClassifier Fit(double[][] features, bool[] labels, int seed) =>
        new SegmentClassifierFitter(new SegmentClassifierOptions { Seed = seed }).Fit(Matrix(features), [.. labels.Select(l => l ? 1 : 0)]);

    protected override double[] PositiveProbabilities(SegmentClassifier model, double[][] features) =>
        [.. model.Predict(Matrix(features)).Select(p => p.Probability(1))];

    private static FeatureMatrix Matrix(double[][] rows) => new([.. rows.SelectMany(row => row)], rows.Length, Names.Length, Names);
}
