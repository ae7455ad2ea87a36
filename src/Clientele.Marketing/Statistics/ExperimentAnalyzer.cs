using Clientele.Core;

namespace Clientele.Marketing.Statistics;

/// <summary>
/// Analyses an experiment's outcomes: per arm the customers, conversions and revenue; per treatment arm against the
/// control the conversion effect (z-test, absolute; delta method, relative), the revenue-per-customer effect (Welch,
/// absolute; delta method, relative), the chance to beat control for both, the CUPED-adjusted revenue effect when
/// every outcome has a pre-period revenue, a sample-ratio check against the planned split when one is given, and the same per segment with p-values corrected for
/// the number of segment tests.
/// </summary>
/// <remarks>
/// The per-segment family is every segment × treatment arm × metric test, the metric tests being the conversion
/// z-test and the revenue Welch test (the relative effects test the same hypotheses, so they are not counted twice);
/// the family's p-values are adjusted together by <see cref="AnalysisOptions.Correction"/>. A segment in which the
/// control or a treatment arm has fewer than 2 customers skips that comparison and says so in
/// <see cref="SegmentAnalysis.Skipped"/>; over all customers the same condition is an error.
/// </remarks>
public static class ExperimentAnalyzer
{
    /// <summary>The segment name given to outcomes without a segment when other outcomes have one.</summary>
    public const string NoSegment = "(none)";

    /// <summary>Analyses <paramref name="outcomes"/>.</summary>
    /// <exception cref="ClienteleException">
    /// No outcome is in the control arm; an arm has fewer than 2 customers; a customer id appears twice; an id or arm is
    /// empty; a revenue is not a finite number; an arm has no expected weight.
    /// </exception>
    public static ExperimentAnalysis Analyze(IReadOnlyList<Outcome> outcomes, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Check(outcomes);

        var overall = Accumulate(outcomes);
        if (!overall.TryGetValue(options.ControlArm, out var controlTotals))
        {
            throw new ClienteleException(
                $"No outcome is in the control arm '{options.ControlArm}'; the arms seen are {string.Join(", ", overall.Keys.Order(StringComparer.Ordinal).Select(a => $"'{a}'"))}. Name the control arm in the options.");
        }
        if (options.ExpectedWeights is not null)
        {
            foreach (var arm in options.ExpectedWeights.Keys)
            {
                overall.TryAdd(arm, new Accumulator());
            }
        }
        var arms = OrderArms(overall.Keys, options.ControlArm);
        foreach (var arm in arms)
        {
            if (overall[arm].Count < 2)
            {
                throw new ClienteleException(
                    $"Arm '{arm}' has {overall[arm].Count} customer(s); every arm needs at least 2 to estimate a variance.");
            }
        }
        var withCovariate = outcomes.All(o => o.PreRevenue is not null);

        var comparisons = arms.Skip(1)
            .Select(arm => Compare(controlTotals, overall[arm], options.ControlArm, arm, options.Confidence, withCovariate))
            .ToArray();
        var sampleRatio = CheckSampleRatio(arms, overall, options);
        var segments = AnalyzeSegments(outcomes, arms, options, withCovariate);

        return new ExperimentAnalysis(
            options.ControlArm,
            options.Confidence,
            options.Correction,
            outcomes.Count,
            arms.Select(arm => overall[arm].Summary(arm)).ToArray(),
            comparisons,
            sampleRatio,
            segments);
    }

    private static void Check(IReadOnlyList<Outcome> outcomes)
    {
        var firstSeen = new Dictionary<string, int>(outcomes.Count, StringComparer.Ordinal);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i] ?? throw new ClienteleException($"Outcome {i + 1} is missing (null).");
            if (string.IsNullOrWhiteSpace(outcome.CustomerId))
            {
                throw new ClienteleException($"Outcome {i + 1} has an empty customer id.");
            }
            if (string.IsNullOrWhiteSpace(outcome.Arm))
            {
                throw new ClienteleException($"Outcome {i + 1} (customer '{outcome.CustomerId}') has an empty arm.");
            }
            if (!double.IsFinite(outcome.Revenue))
            {
                throw new ClienteleException($"Outcome {i + 1} (customer '{outcome.CustomerId}') has revenue {outcome.Revenue}; it must be a finite number.");
            }
            if (outcome.PreRevenue is { } pre && !double.IsFinite(pre))
            {
                throw new ClienteleException($"Outcome {i + 1} (customer '{outcome.CustomerId}') has pre-period revenue {pre}; it must be a finite number or absent.");
            }
            if (!firstSeen.TryAdd(outcome.CustomerId, i))
            {
                throw new ClienteleException(
                    $"Customer '{outcome.CustomerId}' appears twice (outcomes {firstSeen[outcome.CustomerId] + 1} and {i + 1}); each customer must be counted in exactly one arm once.");
            }
        }
    }

    private static Dictionary<string, Accumulator> Accumulate(IReadOnlyList<Outcome> outcomes)
    {
        var arms = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            Add(arms, outcome);
        }
        return arms;
    }

    /// <summary>Segment → arm → totals, in one pass over the outcomes.</summary>
    private static Dictionary<string, Dictionary<string, Accumulator>> AccumulateBySegment(IReadOnlyList<Outcome> outcomes)
    {
        var segments = new Dictionary<string, Dictionary<string, Accumulator>>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            var segment = SegmentOf(outcome);
            if (!segments.TryGetValue(segment, out var arms))
            {
                arms = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
                segments.Add(segment, arms);
            }
            Add(arms, outcome);
        }
        return segments;
    }

    private static void Add(Dictionary<string, Accumulator> arms, Outcome outcome)
    {
        if (!arms.TryGetValue(outcome.Arm, out var accumulator))
        {
            accumulator = new Accumulator();
            arms.Add(outcome.Arm, accumulator);
        }
        accumulator.Add(outcome);
    }

    private static string SegmentOf(Outcome outcome) => outcome.Segment ?? NoSegment;

    private static string[] OrderArms(IEnumerable<string> arms, string control) =>
        [control, .. arms.Where(a => !string.Equals(a, control, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>The sample-ratio check against the planned split; null when the options give none.</summary>
    private static SampleRatioMismatchResult? CheckSampleRatio(string[] arms, Dictionary<string, Accumulator> overall, AnalysisOptions options)
    {
        if (options.ExpectedWeights is null)
        {
            return null;
        }
        var observed = new long[arms.Length];
        var weights = new double[arms.Length];
        for (var i = 0; i < arms.Length; i++)
        {
            observed[i] = overall[arms[i]].Count;
            if (!options.ExpectedWeights.TryGetValue(arms[i], out weights[i]))
            {
                throw new ClienteleException(
                    $"Arm '{arms[i]}' has outcomes but no expected weight; the weights name {string.Join(", ", options.ExpectedWeights.Keys.Select(a => $"'{a}'"))}.");
            }
        }
        return SampleRatioMismatch.Test(observed, weights, options.SampleRatioThreshold);
    }

    private static SegmentAnalysis[] AnalyzeSegments(IReadOnlyList<Outcome> outcomes, string[] allArms, AnalysisOptions options, bool withCovariate)
    {
        if (outcomes.All(o => o.Segment is null))
        {
            return [];
        }
        var bySegment = AccumulateBySegment(outcomes);
        var perSegment = new List<(string Segment, ArmSummary[] Arms, List<ArmComparison> Comparisons, List<string> Skipped)>();
        foreach (var segment in bySegment.Keys.Order(StringComparer.Ordinal))
        {
            var arms = bySegment[segment];
            var order = arms.ContainsKey(options.ControlArm)
                ? OrderArms(arms.Keys, options.ControlArm)
                : [.. arms.Keys.Order(StringComparer.Ordinal)];
            var comparisons = new List<ArmComparison>();
            var skipped = new List<string>();
            var control = arms.GetValueOrDefault(options.ControlArm);
            // Every treatment arm of the experiment, also one with no customers in this segment, is compared or listed as skipped.
            foreach (var arm in allArms.Skip(1))
            {
                var treatment = arms.GetValueOrDefault(arm);
                if (control is null || control.Count < 2 || treatment is null || treatment.Count < 2)
                {
                    skipped.Add($"'{arm}' vs '{options.ControlArm}': the control has {control?.Count ?? 0} and the treatment {treatment?.Count ?? 0} customer(s) in this segment; each needs at least 2.");
                    continue;
                }
                comparisons.Add(Compare(control, treatment, options.ControlArm, arm, options.Confidence, withCovariate));
            }
            perSegment.Add((segment, order.Select(a => arms[a].Summary(a)).ToArray(), comparisons, skipped));
        }

        var raw = perSegment.SelectMany(s => s.Comparisons).SelectMany(c => new[] { c.Conversion.PValue, c.RevenuePerCustomer.PValue }).ToArray();
        var adjusted = MultipleTesting.Adjust(raw, options.Correction);
        var next = 0;
        var result = new SegmentAnalysis[perSegment.Count];
        for (var s = 0; s < perSegment.Count; s++)
        {
            var segment = perSegment[s];
            var adjustedComparisons = new SegmentComparison[segment.Comparisons.Count];
            for (var c = 0; c < adjustedComparisons.Length; c++)
            {
                adjustedComparisons[c] = new SegmentComparison(segment.Comparisons[c], adjusted[next], adjusted[next + 1]);
                next += 2;
            }
            result[s] = new SegmentAnalysis(segment.Segment, segment.Arms, adjustedComparisons, segment.Skipped);
        }
        return result;
    }

    private static ArmComparison Compare(Accumulator control, Accumulator treatment, string controlArm, string arm, double confidence, bool withCovariate)
    {
        var notes = new List<string>();
        var conversion = FrequentistTests.TwoProportionZTest(control.Conversions, control.Count, treatment.Conversions, treatment.Count, confidence);
        EffectEstimate? conversionRelative = null;
        if (control.Conversions > 0)
        {
            conversionRelative = FrequentistTests.RelativeEffect(control.Conversions, control.Count, treatment.Conversions, treatment.Count, confidence);
        }
        else
        {
            notes.Add($"No relative conversion effect: '{controlArm}' has no conversions.");
        }

        var revenue = FrequentistTests.WelchTTest(control.RevenueSample, treatment.RevenueSample, confidence);
        EffectEstimate? revenueRelative = null;
        BayesianResult revenueBayesian;
        if (control.RevenueSample.Mean != 0.0)
        {
            revenueRelative = FrequentistTests.RelativeEffect(control.RevenueSample, treatment.RevenueSample, confidence);
            revenueBayesian = BayesianTests.ChanceToBeatControl(control.RevenueSample, treatment.RevenueSample, EffectScale.Relative, confidence);
        }
        else
        {
            notes.Add($"No relative revenue effect: '{controlArm}' has no revenue; the Bayesian revenue result is on the absolute scale.");
            revenueBayesian = BayesianTests.ChanceToBeatControl(control.RevenueSample, treatment.RevenueSample, EffectScale.Absolute, confidence);
        }
        var conversionBayesian = BayesianTests.ChanceToBeatControl(control.Conversions, control.Count, treatment.Conversions, treatment.Count, confidence);

        CupedEffect? cuped = null;
        if (withCovariate)
        {
            var adjustment = Cuped.Adjust(control.CovariateSample, treatment.CovariateSample);
            var absolute = FrequentistTests.WelchTTest(adjustment.Control, adjustment.Treatment, confidence);
            EffectEstimate? relative = null;
            if (adjustment.Control.Mean != 0.0)
            {
                relative = FrequentistTests.RelativeEffect(adjustment.Control, adjustment.Treatment, confidence);
            }
            else
            {
                notes.Add("No relative CUPED effect: the adjusted control mean is 0.");
            }
            cuped = new CupedEffect(adjustment.Theta, adjustment.VarianceReduction, absolute, relative);
        }
        else
        {
            notes.Add("No CUPED adjustment: not every outcome has a pre-period revenue.");
        }

        return new ArmComparison(arm, controlArm, conversion, conversionRelative, revenue, revenueRelative, conversionBayesian, revenueBayesian, cuped, notes);
    }

    /// <summary>The running sums of one arm (or one arm within a segment).</summary>
    private sealed class Accumulator
    {
        private double _revenue, _revenueSquares, _pre, _preSquares, _preRevenue;

        public long Count { get; private set; }

        public long Conversions { get; private set; }

        public ArmSample RevenueSample => new(Count, _revenue, _revenueSquares);

        public CovariateSample CovariateSample => new(Count, _revenue, _revenueSquares, _pre, _preSquares, _preRevenue);

        public void Add(Outcome outcome)
        {
            Count++;
            if (outcome.Converted)
            {
                Conversions++;
            }
            _revenue += outcome.Revenue;
            _revenueSquares += outcome.Revenue * outcome.Revenue;
            var pre = outcome.PreRevenue ?? 0.0;
            _pre += pre;
            _preSquares += pre * pre;
            _preRevenue += pre * outcome.Revenue;
        }

        public ArmSummary Summary(string arm) => new(
            arm,
            Count,
            Conversions,
            Count > 0 ? (double)Conversions / Count : double.NaN,
            _revenue,
            Count > 0 ? _revenue / Count : double.NaN);
    }
}
