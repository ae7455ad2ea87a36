using System.Globalization;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Marketing.Campaigns;
using Clientele.Marketing.Statistics;

namespace Clientele.Pipeline.Campaigns;

/// <summary>What <c>clientele campaign analyze</c> should do: a spec with an outcomes file or the store, or an outcomes file alone.</summary>
public sealed record CampaignAnalyzeRequest
{
    /// <value>The default value is null (outcomes alone: the arm named control is the baseline; the split from <see cref="Split"/>, else not checked).</value>
    public string? SpecFile { get; init; }

    /// <value>The default value is null (outcomes from the store's orders; needs a spec planned with this store).</value>
    public string? OutcomesFile { get; init; }

    /// <summary>The store: outcomes from its orders when no outcomes file is given; where the results are recorded when a spec is given.</summary>
    /// <value>The default value is null.</value>
    public string? StorePath { get; init; }

    /// <summary>
    /// The planned split of outcomes without a spec, arm → share (<see cref="CampaignAnalyzeJob.ParseSplit"/>): it must sum to 1 and name
    /// exactly the arms in the outcomes (the holdout aside). With a spec the split is the spec's, and this must be null.
    /// </summary>
    /// <value>The default value is null: without a spec the ratio is not checked, and the result says so.</value>
    public IReadOnlyDictionary<string, double>? Split { get; init; }

    /// <value>The default value is <see cref="MultipleTestingCorrection.Holm"/>.</value>
    public MultipleTestingCorrection Correction { get; init; } = MultipleTestingCorrection.Holm;

    /// <value>The default value is <see cref="TimeProvider.System"/> (only the stored analyzed_at uses it).</value>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>A guardrail's verdict for one treatment arm: it fails when the metric got significantly worse (p &lt; alpha, estimate &lt; 0).</summary>
public sealed record GuardrailCheck(string Metric, string Arm, double Estimate, double PValue, bool Failed);

/// <summary>
/// A coupon arm's revenue per customer after the coupons' cost, against the control: each of the arm's converted
/// customers is taken to have redeemed the coupon once (the outcomes do not say who did; if some did not, the true cost
/// is lower and the net effect higher).
/// </summary>
/// <param name="CouponValue">The coupon's money value (from the spec).</param>
/// <param name="Redemptions">The arm's converted customers, each counted as one redemption.</param>
/// <param name="CouponCost">Redemptions × coupon value.</param>
/// <param name="NetRevenuePerCustomer">The arm's (revenue − coupon cost) / customers.</param>
/// <param name="Effect">The difference of net revenue per customer from the control's revenue per customer (Welch's t-test).</param>
/// <param name="Relative">The relative lift (delta method); null when the control's revenue is 0.</param>
public sealed record NetRevenueComparison(
    string Arm, decimal CouponValue, long Redemptions, double CouponCost, double NetRevenuePerCustomer, EffectEstimate Effect, EffectEstimate? Relative);

public sealed record CampaignAnalysisResult(
    string? Campaign,
    string? CampaignId,
    string OutcomesSource,
    string PrimaryMetric,
    double Alpha,
    ExperimentAnalysis Analysis,
    IReadOnlyList<GuardrailCheck> Guardrails,
    int HoldoutExcluded,
    IReadOnlyList<string> Notes,
    bool Recorded)
{
    /// <summary>Why the arm sizes were not checked against a planned split (no spec and no --split); null when they were.</summary>
    public string? SampleRatioNote { get; init; }

    /// <summary>Every coupon arm with a money value, after the coupons' cost; empty without a spec or such arms.</summary>
    public IReadOnlyList<NetRevenueComparison> NetRevenue { get; init; } = [];
}

/// <summary>
/// Outcomes (a file, or the store's orders in the campaign window with pre-period revenue from the same length of time
/// before the start) → <see cref="ExperimentAnalyzer"/> → guardrail verdicts → results recorded with the campaign.
/// </summary>
public static class CampaignAnalyzeJob
{
    public static CampaignAnalysisResult Run(CampaignAnalyzeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.SpecFile is null ? null : CampaignSpecReader.Read(request.SpecFile);
        if (request.OutcomesFile is null && (spec is null || request.StorePath is null))
        {
            throw new ClienteleException("campaign analyze needs outcomes: an outcomes file (--outcomes FILE, or SPEC FILE), or a spec and --store S to take them from the store's orders");
        }
        if (spec is not null && request.Split is not null)
        {
            throw new ClienteleException($"--split is for outcomes without a spec; the planned split of {spec.Name} is its arms' weights in {spec.SourceFile}");
        }
        var notes = new List<string>();
        ClienteleStore? store = request.StorePath is null ? null : ClienteleStore.OpenExisting(request.StorePath);
        try
        {
            var campaignId = spec is null ? null : CampaignTables.CampaignId(spec.Name, spec.Start);
            IReadOnlyList<Outcome> outcomes;
            string source;
            if (request.OutcomesFile is { } file)
            {
                outcomes = OutcomesCsv.Read(file);
                source = Path.GetFullPath(file);
                if (spec is not null)
                {
                    CheckArms(spec, outcomes, file);
                }
            }
            else
            {
                outcomes = FromStore(spec!, store!, campaignId!, notes);
                source = $"orders in {store!.Path} from {Day(spec!.Start)} to {Day(spec.End)}";
            }
            var holdout = outcomes.Count(o => o.Arm == CampaignPlanJob.HoldoutArm);
            if (holdout > 0)
            {
                notes.Add($"{holdout:N0} holdout customer(s) are not part of the experiment and were left out of the analysis");
                outcomes = outcomes.Where(o => o.Arm != CampaignPlanJob.HoldoutArm).ToArray();
            }
            string? sampleRatioNote = null;
            IReadOnlyDictionary<string, double>? split;
            if (spec is not null)
            {
                split = spec.Arms.ToDictionary(a => a.Name, a => a.Weight, StringComparer.Ordinal);
                // prefer_winners changes the split in a segment only when an earlier run of the campaign was analysed.
                if (spec.PreferWinners != ArmPreferenceRule.None
                    && (store is null || CampaignTables.LatestResults(store, spec.Name, spec.Start, CampaignPlanJob.Metric(spec.PrimaryMetric)) is not null))
                {
                    split = null;
                    sampleRatioNote = store is null
                        ? "the sample ratio is not checked: with prefer_winners the plan may have split some segments otherwise than the spec's weights (after an analysed earlier run); give --store to know"
                        : "the sample ratio is not checked: prefer_winners split some segments otherwise than the spec's weights (an earlier run was analysed); plan.json has those splits";
                }
            }
            else if (request.Split is { } planned)
            {
                CheckSplit(planned, outcomes);
                split = planned;
            }
            else
            {
                split = null;
                sampleRatioNote = "the sample ratio is not checked: outcomes alone do not say how the customers were meant to be split; give the plan's split with --split control=0.4,coupon=0.3,… or analyse with the spec";
            }
            var options = new AnalysisOptions
            {
                ControlArm = spec?.Control.Name ?? "control",
                ExpectedWeights = split,
                Correction = request.Correction,
                Confidence = 1 - (spec?.Alpha ?? 0.05),
            };
            var analysis = ExperimentAnalyzer.Analyze(outcomes, options);
            var netRevenue = spec is null ? [] : NetOfCoupons(spec, outcomes, options, notes);
            var alpha = spec?.Alpha ?? 0.05;
            var guardrails = Guardrails(spec, analysis, alpha);
            var recorded = false;
            if (store is not null && spec is not null)
            {
                if (CampaignTables.Find(store, campaignId!) is null)
                {
                    notes.Add($"the store has no plan of {campaignId}; the results were not recorded (plan with --store to record them)");
                }
                else
                {
                    CampaignTables.SaveResults(store, campaignId!, [.. Records(analysis), .. NetRecords(analysis, netRevenue)], request.Time);
                    recorded = true;
                }
            }
            return new CampaignAnalysisResult(spec?.Name, campaignId, source, CampaignPlanJob.Metric(spec?.PrimaryMetric ?? PrimaryMetric.Conversion), alpha, analysis, guardrails, holdout, notes, recorded)
            {
                NetRevenue = netRevenue,
                SampleRatioNote = sampleRatioNote,
            };
        }
        finally
        {
            store?.Dispose();
        }
    }

    /// <summary>
    /// Parses <c>control=0.4,coupon=0.3,message=0.3</c> into arm → share: every share a number in (0, 1], every arm
    /// named once, the shares summing to 1 (within <see cref="CampaignSpecValidator.WeightSumTolerance"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, double> ParseSplit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var split = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.LastIndexOf('=');
            var arm = equals < 0 ? "" : part[..equals].Trim();
            if (arm.Length == 0)
            {
                throw new ClienteleException($"--split {text}: \"{part}\" is not arm=share; write e.g. control=0.4,coupon=0.3,message=0.3");
            }
            if (!double.TryParse(part[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || !(share > 0 && share <= 1))
            {
                throw new ClienteleException($"--split {text}: the share of {arm}, \"{part[(equals + 1)..].Trim()}\", is not a number in (0, 1]");
            }
            if (!split.TryAdd(arm, share))
            {
                throw new ClienteleException($"--split {text}: arm {arm} is named twice");
            }
        }
        var sum = split.Values.Sum();
        if (Math.Abs(sum - 1) > CampaignSpecValidator.WeightSumTolerance)
        {
            throw new ClienteleException($"--split {text}: the shares sum to {sum.ToString("0.######", CultureInfo.InvariantCulture)}, not 1");
        }
        return split;
    }

    /// <summary>The split names exactly the arms in the outcomes (the holdout aside, which is not in the experiment).</summary>
    private static void CheckSplit(IReadOnlyDictionary<string, double> split, IReadOnlyList<Outcome> outcomes)
    {
        var arms = outcomes.Select(o => o.Arm).Where(a => a != CampaignPlanJob.HoldoutArm).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var missing = arms.Where(a => !split.ContainsKey(a)).ToArray();
        var extra = split.Keys.Where(a => !arms.Contains(a, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        if (missing.Length > 0 || extra.Length > 0)
        {
            var problem = missing.Length > 0 ? $"it has no share for {string.Join(", ", missing)}" : $"{string.Join(", ", extra)} has no outcome";
            throw new ClienteleException($"--split names {string.Join(", ", split.Keys)} but the outcomes' arms are {string.Join(", ", arms)}: {problem}");
        }
    }

    /// <summary>Every arm in the outcomes must be one of the spec's (or the holdout).</summary>
    private static void CheckArms(CampaignSpec spec, IReadOnlyList<Outcome> outcomes, string file)
    {
        var arms = spec.Arms.Select(a => a.Name).Append(CampaignPlanJob.HoldoutArm).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (!arms.Contains(outcomes[i].Arm))
            {
                throw new ClienteleException(
                    $"arm \"{outcomes[i].Arm}\" is not an arm of campaign {spec.Name} ({string.Join(", ", spec.Arms.Select(a => a.Name))})",
                    file, OutcomesCsv.LineOf(file, outcomes[i].CustomerId), "arm");
            }
        }
    }

    /// <summary>
    /// The outcome of every customer the plan assigned: converted when they bought (an order that is not a return) from
    /// the start to the end day inclusive; revenue their net spend then; pre_revenue their net spend in the same number
    /// of days before the start.
    /// </summary>
    public static IReadOnlyList<Outcome> FromStore(CampaignSpec spec, ClienteleStore store, string campaignId, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notes);
        var assignments = CampaignTables.Assignments(store, campaignId);
        if (assignments.Count == 0)
        {
            throw new ClienteleException($"The store {store.Path} has no plan of {campaignId}: run clientele campaign plan {spec.SourceFile} --store {store.Path} first.");
        }
        var lastOrder = store.Scalar<DateTime?>("SELECT max(ordered_at) FROM order_lines");
        if (lastOrder is null || DateOnly.FromDateTime(lastOrder.Value) < spec.End)
        {
            notes.Add($"the store's orders end on {(lastOrder is null ? "(none)" : Day(DateOnly.FromDateTime(lastOrder.Value)))}, before the campaign's end {Day(spec.End)}: the outcomes are incomplete");
        }
        var during = CampaignTables.Purchases(store, spec.Start, spec.End.AddDays(1));
        var before = CampaignTables.Purchases(store, spec.Start.AddDays(-spec.LengthDays), spec.Start);
        return assignments.Select(a =>
        {
            var bought = during.TryGetValue(a.CustomerId, out var d) ? d : null;
            var pre = before.TryGetValue(a.CustomerId, out var b) ? (double)b.Revenue : 0;
            return new Outcome(a.CustomerId, a.Arm, bought is { Orders: > 0 }, bought is null ? 0 : (double)bought.Revenue, pre, a.Segment);
        }).ToArray();
    }

    /// <summary>
    /// Revenue per customer after the coupons' cost, for every coupon arm with a money value: the outcomes again, each
    /// converted customer of such an arm with the coupon's value taken off their revenue, analysed as before; the
    /// control and other arms are unchanged. A percentage coupon's cost depends on which orders used it, which outcomes
    /// do not say, so those arms get a note instead.
    /// </summary>
    private static List<NetRevenueComparison> NetOfCoupons(CampaignSpec spec, IReadOnlyList<Outcome> outcomes, AnalysisOptions options, List<string> notes)
    {
        var coupons = spec.Arms.Where(a => a.Kind == ArmKind.Coupon && a.CouponValue is not null).ToDictionary(a => a.Name, a => a.CouponValue!.Value, StringComparer.Ordinal);
        foreach (var arm in spec.Arms.Where(a => a.Kind == ArmKind.Coupon && a.CouponValue is null))
        {
            notes.Add($"{arm.Name}: a percentage coupon's cost depends on which orders used it, which the outcomes do not say; its revenue is before the coupons' cost");
        }
        if (coupons.Count == 0)
        {
            return [];
        }
        var net = outcomes.Select(o => o.Converted && coupons.TryGetValue(o.Arm, out var value) ? o with { Revenue = o.Revenue - (double)value } : o).ToArray();
        var analysis = ExperimentAnalyzer.Analyze(net, options);
        var result = new List<NetRevenueComparison>();
        foreach (var c in analysis.Comparisons.Where(c => coupons.ContainsKey(c.Arm)))
        {
            var arm = analysis.Arms.Single(a => a.Arm == c.Arm);
            var value = coupons[c.Arm];
            result.Add(new NetRevenueComparison(c.Arm, value, arm.Conversions, arm.Conversions * (double)value, arm.RevenuePerCustomer, c.RevenuePerCustomer, c.RevenuePerCustomerRelative));
        }
        return result;
    }

    /// <summary>The rows stored in campaign_results for the net revenue of the coupon arms (all customers, segment "").</summary>
    private static IEnumerable<CampaignResultRecord> NetRecords(ExperimentAnalysis analysis, IReadOnlyList<NetRevenueComparison> netRevenue) =>
        netRevenue.Select(n =>
        {
            var arm = analysis.Arms.Single(a => a.Arm == n.Arm);
            return new CampaignResultRecord(
                "", n.Arm, "net_revenue_per_customer", arm.Customers, arm.Conversions, arm.Revenue - n.CouponCost,
                n.Effect.Estimate, n.Effect.Lower, n.Effect.Upper, n.Effect.PValue, null);
        });

    private static List<GuardrailCheck> Guardrails(CampaignSpec? spec, ExperimentAnalysis analysis, double alpha)
    {
        var checks = new List<GuardrailCheck>();
        foreach (var guardrail in spec?.Guardrails ?? [])
        {
            foreach (var c in analysis.Comparisons)
            {
                var effect = guardrail.Metric == PrimaryMetric.Conversion ? c.Conversion : c.RevenuePerCustomer;
                checks.Add(new GuardrailCheck(CampaignPlanJob.Metric(guardrail.Metric), c.Arm, effect.Estimate, effect.PValue, effect.Estimate < 0 && effect.PValue < alpha));
            }
        }
        return checks;
    }

    /// <summary>The rows stored in campaign_results: every arm overall (segment ""), then per segment, on both metrics.</summary>
    public static IReadOnlyList<CampaignResultRecord> Records(ExperimentAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var rows = new List<CampaignResultRecord>();
        void Add(string segment, IReadOnlyList<ArmSummary> arms, Func<string, (ArmComparison Comparison, double ConversionP, double RevenueP)?> comparison)
        {
            foreach (var arm in arms)
            {
                var c = comparison(arm.Arm);
                rows.Add(Row(segment, arm, "conversion", c?.Comparison.Conversion, c?.ConversionP));
                rows.Add(Row(segment, arm, "revenue_per_customer", c?.Comparison.RevenuePerCustomer, c?.RevenueP));
            }
        }
        Add("", analysis.Arms, arm => analysis.Comparisons.FirstOrDefault(c => c.Arm == arm) is { } c ? (c, c.Conversion.PValue, c.RevenuePerCustomer.PValue) : null);
        foreach (var segment in analysis.Segments)
        {
            Add(segment.Segment, segment.Arms, arm => segment.Comparisons.FirstOrDefault(c => c.Comparison.Arm == arm) is { } c ? (c.Comparison, c.ConversionAdjustedPValue, c.RevenueAdjustedPValue) : null);
        }
        return rows;
    }

    private static CampaignResultRecord Row(string segment, ArmSummary arm, string metric, EffectEstimate? effect, double? adjusted) => new(
        segment, arm.Arm, metric, arm.Customers, arm.Conversions, arm.Revenue,
        effect?.Estimate, effect?.Lower, effect?.Upper, effect?.PValue, adjusted);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
