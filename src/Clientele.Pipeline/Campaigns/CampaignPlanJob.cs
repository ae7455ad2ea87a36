using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Pipeline.State;
using Clientele.Features;
using Clientele.Marketing.Assignment;
using Clientele.Marketing.Audience;
using Clientele.Marketing.Campaigns;
using Clientele.Marketing.Feedback;
using Clientele.Marketing.Statistics;

namespace Clientele.Pipeline.Campaigns;

/// <summary>What <c>clientele campaign plan</c> should do.</summary>
public sealed record CampaignPlanRequest
{
    public required string SpecFile { get; init; }

    /// <summary>The store: profiles (unless <see cref="ProfileFile"/>), contact history, recommendations, and where the plan is recorded.</summary>
    /// <value>The default value is null (no store: then <see cref="ProfileFile"/> is required).</value>
    public string? StorePath { get; init; }

    /// <summary>A customers.csv of a previous segment/value run to take the profiles from instead of computing them.</summary>
    /// <value>The default value is null.</value>
    public string? ProfileFile { get; init; }

    /// <summary>The first day not observed for the profiles.</summary>
    /// <value>The default value is null: the campaign's start, or the day after the last order when that is earlier.</value>
    public DateOnly? AsOf { get; init; }

    public required string OutputDirectory { get; init; }

    /// <value>The default value is <see cref="TimeProvider.System"/> (only the stored planned_at uses it).</value>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>An arm of the plan and its audience file.</summary>
public sealed record PlannedArm(string Name, string Kind, double Weight, int Customers, string File);

/// <summary>Whether the audience can detect the minimum effect the spec asks for.</summary>
/// <param name="Metric">conversion or revenue_per_customer.</param>
/// <param name="Baseline">The control's expected conversion rate or revenue per customer: back-tested from the store's history (<see cref="Backtest"/>), else from the customers' purchase rates (<see cref="CustomerBaseline"/>).</param>
/// <param name="NeededPerArm">Customers per arm needed to detect <see cref="MinimumDetectableEffect"/> (relative) at the spec's alpha and power.</param>
/// <param name="SmallestArm">Customers in the smallest arm of this plan.</param>
/// <param name="DetectableEffect">The smallest relative effect this plan can detect with its smallest arm.</param>
public sealed record PowerCheck(string Metric, double Baseline, double MinimumDetectableEffect, double Alpha, double Power, long NeededPerArm, int SmallestArm, double DetectableEffect, bool Enough, string Message)
{
    /// <summary>Where <see cref="Baseline"/> came from, in a sentence: "backtest" or "customer histories" first.</summary>
    public string BaselineSource { get; init; } = "";

    /// <summary>The back-test the baseline rests on: the audience one window earlier and who of it bought; null when it fell back.</summary>
    public BacktestedBaseline? Backtest { get; init; }

    /// <summary>Why there is no back-test (history too short, no store, no audience then); null when there is one.</summary>
    public string? BacktestFallback { get; init; }
}

public sealed record CampaignPlanResult(
    string CampaignId,
    CampaignSpec Spec,
    DateOnly AsOf,
    string ProfileSource,
    AudienceCounts Counts,
    IReadOnlyList<PlannedArm> Arms,
    string HoldoutFile,
    PowerCheck Power,
    IReadOnlyList<string> Notes,
    string PlanFile,
    bool Recorded);

/// <summary>
/// spec → profiles (store or customers.csv) → audience, exclusions and deterministic arms → one audience file per arm
/// with each customer's payload (coupon, top-3 recommended products with names, the rendered message), plan.json,
/// the power check, and the plan recorded in the store. Every check that can fail runs before anything is written.
/// </summary>
public static class CampaignPlanJob
{
    public const string PlanFileName = "plan.json";
    public const string HoldoutArm = "holdout";

    /// <summary>The columns of every audience file.</summary>
    public static readonly IReadOnlyList<string> AudienceColumns =
    [
        "customer_id", "arm", "segment", "kind", "message", "coupon_value", "coupon_percent",
        "product_1", "product_1_name", "product_2", "product_2_name", "product_3", "product_3_name",
    ];

    public static CampaignPlanResult Run(CampaignPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = CampaignSpecReader.Read(request.SpecFile);
        var storePath = request.StorePath;
        if (storePath is null && request.ProfileFile is null)
        {
            throw new ClienteleException("campaign plan needs --store S (profiles from the store) or --profile customers.csv");
        }
        if (storePath is not null && !ClienteleStore.Exists(storePath))
        {
            var name = StoreLocation.Parse(storePath).DisplayName;
            throw new ClienteleException($"No store at {name}. Create one with: clientele ingest orders FILE --store {(name.StartsWith("postgres://", StringComparison.Ordinal) ? name : storePath)}");
        }
        var notes = new List<string>();
        var fileNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { [FileSafe(HoldoutArm)] = -1 };
        for (var i = 0; i < spec.Arms.Count; i++)
        {
            if (!fileNames.TryAdd(FileSafe(spec.Arms[i].Name), i))
            {
                throw CampaignSpecValidator.Error(spec, $"arms[{i}].name", $"arm \"{spec.Arms[i].Name}\" would write the same audience file as another arm (audience-{FileSafe(spec.Arms[i].Name)}.csv); rename it");
            }
        }
        var suppressed = ReadSuppression(spec);
        var campaignId = CampaignTables.CampaignId(spec.Name, spec.Start);

        ClienteleStore? store = storePath is null ? null : ClienteleStore.OpenExisting(storePath);
        try
        {
            var asOf = request.AsOf ?? (store is null ? spec.Start : Min(spec.Start, CustomerFeatureQuery.DefaultAsOf(store)));
            ProfileTable profile;
            string source;
            if (request.ProfileFile is { } profileFile)
            {
                profile = CampaignProfiles.FromCustomersCsv(profileFile);
                source = Path.GetFullPath(profileFile);
            }
            else
            {
                profile = CampaignProfiles.FromStore(spec, store!, asOf);
                source = $"{store!.Path} as of {Day(asOf)}";
            }

            var history = ContactHistory.None;
            IReadOnlyDictionary<string, double[]>? segmentWeights = null;
            if (store is not null)
            {
                history = new ContactHistory(CampaignTables.Treatments(store, campaignId));
                segmentWeights = Preferences(spec, store, notes);
            }
            else if (spec.FrequencyCap is not null || spec.ExcludeTreatedWithinDays is not null || spec.PreferWinners != ArmPreferenceRule.None)
            {
                notes.Add("no --store: the frequency cap, the recent-treatment exclusion and the preference for winners need the store's campaign history and were not applied");
            }

            var plan = CampaignPlanner.Plan(spec, profile, suppressed, history, segmentWeights);
            var recommendations = spec.Arms.Any(a => a.Kind == ArmKind.Recommendation)
                ? Recommendations(spec, store ?? throw CampaignSpecValidator.Error(spec, "arms", "recommendation arms need --store (the recommender reads the store's purchases)"), asOf, plan)
                : null;
            var power = PowerOf(spec, profile, plan, store is null ? null : CampaignBacktest.Run(spec, store, asOf));

            // Nothing was written before this line.
            Directory.CreateDirectory(request.OutputDirectory);
            var arms = new List<PlannedArm>();
            for (var a = 0; a < spec.Arms.Count; a++)
            {
                var arm = spec.Arms[a];
                var file = Path.GetFullPath(Path.Combine(request.OutputDirectory, $"audience-{FileSafe(arm.Name)}.csv"));
                var unsent = WriteAudience(file, plan.Customers.Where(c => c.Arm == a), arm, recommendations);
                notes.AddRange(unsent.Select(u => UnsentNote(arm, u.Key, u.Value, plan.Counts.PerArm[a])));
                arms.Add(new PlannedArm(arm.Name, Kind(arm.Kind), arm.Weight, plan.Counts.PerArm[a], file));
            }
            var holdoutFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, "audience-holdout.csv"));
            WriteAudience(holdoutFile, plan.Customers.Where(c => c.Arm == ArmAssigner.Holdout), null, null);
            var planFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, PlanFileName));
            var result = new CampaignPlanResult(campaignId, spec, asOf, source, plan.Counts, arms, holdoutFile, power, notes, planFile, store is not null);
            File.WriteAllText(planFile, JsonSerializer.Serialize(Document(result, plan), SegmentsJson.Options));
            if (store is not null)
            {
                CampaignTables.SavePlan(store, Record(spec, campaignId, asOf), plan.Customers.Select(c => Assignment(spec, c)).ToArray(), request.Time);
            }
            return result;
        }
        finally
        {
            store?.Dispose();
        }
    }

    /// <summary>The stored assignment of a planned customer.</summary>
    public static AssignmentRecord Assignment(CampaignSpec spec, PlannedCustomer c)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(c);
        return c.Arm == ArmAssigner.Holdout
            ? new AssignmentRecord(c.CustomerId, HoldoutArm, HoldoutArm, c.Segment, c.Bucket)
            : new AssignmentRecord(c.CustomerId, spec.Arms[c.Arm].Name, Kind(spec.Arms[c.Arm].Kind), c.Segment, c.Bucket);
    }

    public static CampaignRecord Record(CampaignSpec spec, string campaignId, DateOnly? asOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new CampaignRecord(campaignId, spec.Name, spec.Seed, spec.Start, spec.End, Path.GetFullPath(spec.SourceFile), File.ReadAllText(spec.SourceFile), asOf);
    }

    public static string Kind(ArmKind kind) => kind.ToString().ToLowerInvariant();

    private static IReadOnlyDictionary<string, double[]>? Preferences(CampaignSpec spec, ClienteleStore store, List<string> notes)
    {
        if (spec.PreferWinners == ArmPreferenceRule.None)
        {
            return null;
        }
        var metric = Metric(spec.PrimaryMetric);
        if (CampaignTables.LatestResults(store, spec.Name, spec.Start, metric) is not { } latest)
        {
            notes.Add($"prefer_winners: no analysed earlier run of {spec.Name} in the store; the spec's split is used");
            return null;
        }
        var results = latest.Results.Select(r => new SegmentArmResult(r.Segment, r.Arm, r.Customers, r.Conversions, r.Effect, r.AdjustedPValue)).ToArray();
        var names = spec.Arms.Select(a => a.Name).ToArray();
        var weights = spec.Arms.Select(a => a.Weight).ToArray();
        var control = spec.Arms.ToList().FindIndex(a => a.Kind == ArmKind.Control);
        IReadOnlyDictionary<string, double[]> segmentWeights;
        if (spec.PreferWinners == ArmPreferenceRule.Winner)
        {
            var winners = WinnerRule.Winners(results, spec.Alpha);
            segmentWeights = WinnerRule.SegmentWeights(winners, names, weights, control);
            notes.Add(winners.Count == 0
                ? $"prefer_winners: no arm won a segment in {latest.CampaignId}; the spec's split is used"
                : $"prefer_winners: from {latest.CampaignId}, {string.Join("; ", winners.Select(w => $"{w.Key} → {w.Value}"))} (the control keeps its share)");
        }
        else
        {
            segmentWeights = new ThompsonSampling(unchecked((int)GrowthBookHash.Fnv1a32(spec.Seed))).SegmentWeights(results, names, weights, control);
            notes.Add($"prefer_winners: Thompson sampling on {latest.CampaignId}'s conversions set the treatment split in {segmentWeights.Count} segment(s)");
        }
        return segmentWeights;
    }

    public static string Metric(PrimaryMetric metric) => metric == PrimaryMetric.Conversion ? "conversion" : "revenue_per_customer";

    /// <summary>
    /// The power check. The control's baseline is what the data supports: the audience's own conversion (or revenue per
    /// customer, with its variance) in the window before the as-of, back-tested by <see cref="CampaignBacktest"/>. Without
    /// a back-test (no store, history shorter than two windows, no audience one window earlier) it falls back, and says
    /// so, to the assigned customers' purchase rates (<see cref="CustomerBaseline"/>), which overstate shops of one-time
    /// buyers; for revenue a customer's revenue is then Bernoulli(p) × order value × Gamma(2, 1/2) (the simulator's
    /// model). Then: the customers per arm needed to detect the spec's relative minimum effect at its alpha and power,
    /// and the effect the smallest arm can detect. When no one in the back-test bought, a relative lift of 0 cannot be
    /// powered; the check then gives the customers needed even at the interval's upper end (a lower bound).
    /// </summary>
    public static PowerCheck PowerOf(CampaignSpec spec, ProfileTable profile, CampaignPlan plan, BacktestOutcome? backtest)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(plan);
        var metric = Metric(spec.PrimaryMetric);
        var assigned = plan.Customers.Where(c => c.Arm >= 0).ToArray();
        var smallest = plan.Counts.PerArm.Min();
        var measured = backtest?.Baseline;
        var fallback = measured is null ? backtest?.Reason ?? "no --store: the back-test needs the store's order history" : null;
        var conversion = spec.PrimaryMetric == PrimaryMetric.Conversion;
        PowerCheck Check(double baseline, long needed, double detectable, bool enough, string message, string source) =>
            new(metric, baseline, spec.MinimumDetectableEffect, spec.Alpha, spec.Power, needed, smallest, detectable, enough, message)
            {
                BaselineSource = source,
                Backtest = measured,
                BacktestFallback = fallback,
            };
        if (assigned.Length == 0)
        {
            return Check(double.NaN, 0, double.NaN, false, "warning: no customer is left in any arm after the exclusions; nothing can be detected", "none: no customer is in an arm");
        }
        double baseline;
        double variance = double.NaN;
        string source;
        if (measured is not null)
        {
            baseline = conversion ? measured.Rate : measured.RevenuePerCustomer;
            variance = measured.RevenueVariance;
            source = BacktestSentence(measured, conversion);
        }
        else
        {
            var p = assigned.Select(c => CustomerBaseline.Conversion(profile, c.Row, spec.LengthDays)).ToArray();
            if (conversion)
            {
                baseline = p.Average();
            }
            else
            {
                var value = assigned.Select(c => CustomerBaseline.OrderValue(profile, c.Row)).ToArray();
                baseline = p.Select((pi, i) => pi * value[i]).Average();
                var secondMoment = p.Select((pi, i) => pi * value[i] * value[i] * (1 + 1 / Marketing.Simulation.OutcomeSimulator.SpendShape)).Average();
                variance = secondMoment - baseline * baseline;
            }
            source = $"customer histories: each assigned customer's purchase rate so far over the {spec.LengthDays}-day window, not back-tested ({fallback}); where most customers bought once this overstates the conversion";
        }
        var lift = spec.MinimumDetectableEffect.ToString("P0", CultureInfo.InvariantCulture);
        var at = $"at alpha {Invariant(spec.Alpha)} and power {Invariant(spec.Power)}";
        if (conversion && measured is { Converted: 0 })
        {
            // No one bought: a relative lift of 0 is 0. Even at the interval's upper end the audience needs this many.
            var atLeast = Needed(() => PowerCalculator.SampleSizeForProportion(measured.Upper, spec.MinimumDetectableEffect, EffectScale.Relative, spec.Alpha, spec.Power));
            var upper = measured.Upper.ToString("P2", CultureInfo.InvariantCulture);
            return Check(0, atLeast, double.PositiveInfinity, false,
                atLeast > 0
                    ? $"warning: no customer of the back-test bought in its window, so a {lift} lift of a 0 % conversion cannot be detected; even at the interval's upper end ({upper}) it would need at least {atLeast:N0} customers per arm {at}; the smallest arm has {smallest:N0}"
                    : $"warning: no customer of the back-test bought in its window (interval up to {upper}), so a {lift} lift of a 0 % conversion cannot be detected",
                source);
        }
        long needed;
        double detectable;
        try
        {
            if (conversion)
            {
                needed = PowerCalculator.SampleSizeForProportion(baseline, spec.MinimumDetectableEffect, EffectScale.Relative, spec.Alpha, spec.Power);
                detectable = smallest < 2 ? double.PositiveInfinity : Detectable(() => PowerCalculator.MinimumDetectableEffectForProportion(baseline, smallest, spec.Alpha, spec.Power) / baseline);
            }
            else
            {
                needed = PowerCalculator.SampleSizeForMean(variance, spec.MinimumDetectableEffect, EffectScale.Relative, baseline, spec.Alpha, spec.Power);
                detectable = smallest < 2 ? double.PositiveInfinity : PowerCalculator.MinimumDetectableEffectForMean(variance, smallest, spec.Alpha, spec.Power) / baseline;
            }
        }
        catch (ClienteleException e)
        {
            return Check(baseline, 0, double.NaN, false, $"warning: the power cannot be computed for this audience ({e.Message})", source);
        }
        var enough = smallest >= needed;
        var baselineText = conversion ? Percent(baseline) : baseline.ToString("0.00", CultureInfo.InvariantCulture);
        var canDetect = double.IsFinite(detectable) ? detectable.ToString("P0", CultureInfo.InvariantCulture) : "no";
        var message = enough
            ? $"power: detecting a {lift} lift of {metric} (baseline {baselineText}) {at} needs {needed:N0} customers per arm; the smallest arm has {smallest:N0}: enough (it can detect {canDetect})"
            : $"warning: the audience is too small to detect a {lift} lift of {metric} (baseline {baselineText}) {at}: it needs {needed:N0} customers per arm, the smallest arm has {smallest:N0}; it can detect about a {canDetect} lift";
        return Check(baseline, needed, detectable, enough, message, source);
    }

    /// <summary>"backtest: 0.21 % (95 % interval 0.05–0.80 %) of the 1,402 customers … bought in the following 30 days".</summary>
    private static string BacktestSentence(BacktestedBaseline b, bool conversion)
    {
        var level = b.Confidence.ToString("P0", CultureInfo.InvariantCulture);
        var what = conversion
            ? $"{Percent(b.Rate)} ({level} interval {Percent(b.Lower)}–{Percent(b.Upper)}): {b.Converted:N0} of the {b.Customers:N0} customers"
            : $"{b.RevenuePerCustomer.ToString("0.00", CultureInfo.InvariantCulture)} revenue per customer ({b.Converted:N0} of {b.Customers:N0} bought): the {b.Customers:N0} customers";
        return $"backtest: {what} the same audience rule selected as of {Day(b.AsOf)} {(conversion ? "bought" : "spent that")} in the following {b.Days} days (to {Day(b.Until.AddDays(-1))})";
    }

    /// <summary>A rate as a percentage with enough digits for a rare conversion (0.04 %, not 0.0 %).</summary>
    private static string Percent(double rate) => rate.ToString(rate < 0.01 ? "P2" : "P1", CultureInfo.InvariantCulture);

    private static long Needed(Func<long> compute)
    {
        try
        {
            return compute();
        }
        catch (ClienteleException)
        {
            return 0;
        }
    }

    private static double Detectable(Func<double> compute)
    {
        try
        {
            return compute();
        }
        catch (ClienteleException)
        {
            return double.PositiveInfinity; // not even a rise to 100 % is detectable
        }
    }

    private static string Invariant(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// The top three products of the current recommender's list for each customer of a recommendation arm, with their
    /// names. The lists are those <c>clientele recommend</c> made and the registry keeps: nothing is fitted here.
    /// </summary>
    private static Dictionary<string, string[]> Recommendations(CampaignSpec spec, ClienteleStore store, DateOnly asOf, CampaignPlan plan)
    {
        var armIndex = spec.Arms.ToList().FindIndex(a => a.Kind == ArmKind.Recommendation);
        var armName = spec.Arms[armIndex].Name;
        var make = $"clientele recommend --algorithm {spec.Recommender} --store {store.Path}";
        if (ModelRegistry.Current(store, ModelKinds.Recommender) is not { } current)
        {
            // Whether recommend could make any at all (a store without product ids cannot): read, not fitted.
            var cannot = RecommendJob.WhyNoInteractions(store, asOf);
            throw CampaignSpecValidator.Error(spec, $"arms[{armIndex}].kind", cannot is null
                ? $"recommendation arm \"{armName}\" needs the store's recommendations, and it has none yet; make them with {make}"
                : $"recommendation arm \"{armName}\" needs products recommended from the store's purchases, and the recommender could not make any ({cannot.TrimEnd('.')}); ingest order lines with product ids, or plan without this arm");
        }
        using (var parameters = System.Text.Json.JsonDocument.Parse(current.Parameters))
        {
            var algorithm = parameters.RootElement.GetProperty("requested_algorithm").GetString();
            if (algorithm != spec.Recommender)
            {
                throw CampaignSpecValidator.Error(spec, "recommender",
                    $"the campaign asks for {spec.Recommender} recommendations and the store's current ones are {algorithm} (version {current.Version}); make them with {make}");
            }
        }
        var madeAsOf = current.AsOf ?? CustomerFeatureQuery.DefaultAsOf(store);
        if (madeAsOf != asOf)
        {
            throw CampaignSpecValidator.Error(spec, "recommender",
                $"the store's current recommendations are as of {Day(madeAsOf)}, the campaign as of {Day(asOf)}; make them with {make} --as-of {Day(asOf)}");
        }
        var names = ProductNames.Load(store);
        var wanted = plan.Customers.Where(c => c.Arm >= 0 && spec.Arms[c.Arm].Kind == ArmKind.Recommendation).Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var row in ResultTables.ReadRecommendations(store, current.Version))
        {
            if (row.Rank > 3 || !wanted.Contains(row.CustomerId))
            {
                continue;
            }
            if (!result.TryGetValue(row.CustomerId, out var products))
            {
                result[row.CustomerId] = products = new string[6];
            }
            products[(row.Rank - 1) * 2] = row.ProductId;
            products[(row.Rank - 1) * 2 + 1] = names.GetValueOrDefault(row.ProductId) ?? ProductNames.Fallback(row.ProductId);
        }
        if (result.Count == 0 && wanted.Count > 0)
        {
            throw CampaignSpecValidator.Error(spec, $"arms[{armIndex}].kind",
                $"recommendation arm \"{armName}\" needs products recommended from the store's purchases, and the recommender gave none of its {wanted.Count:N0} customers a product; plan without this arm, or ingest more purchases with product ids");
        }
        return result;
    }

    /// <summary>
    /// Writes one audience file; returns, per template placeholder, how many customers' messages were left empty because
    /// that placeholder had nothing to fill it (a customer the recommender gave fewer products, a profile without
    /// segments): a message with a gap is never written.
    /// </summary>
    private static Dictionary<string, int> WriteAudience(string file, IEnumerable<PlannedCustomer> customers, ArmSpec? arm, Dictionary<string, string[]>? recommendations)
    {
        var unsent = new Dictionary<string, int>(StringComparer.Ordinal);
        using var writer = new StreamWriter(file);
        writer.WriteLine(CsvText.Line([.. AudienceColumns]));
        foreach (var c in customers)
        {
            var products = arm?.Kind == ArmKind.Recommendation && recommendations is not null && recommendations.TryGetValue(c.CustomerId, out var p) ? p : new string[6];
            var couponValue = arm?.CouponValue is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "";
            var couponPercent = arm?.CouponPercent is { } pc ? pc.ToString("0.##", CultureInfo.InvariantCulture) : "";
            var message = "";
            if (arm?.Template is { } template)
            {
                var (rendered, empty) = Render(template, c, arm, couponValue, couponPercent, products);
                if (empty is null)
                {
                    message = rendered;
                }
                else
                {
                    unsent[empty] = unsent.GetValueOrDefault(empty) + 1;
                }
            }
            writer.WriteLine(CsvText.Line(
                c.CustomerId, arm?.Name ?? HoldoutArm, c.Segment, arm is null ? HoldoutArm : Kind(arm.Kind), message, couponValue, couponPercent,
                products[0], products[1], products[2], products[3], products[4], products[5]));
        }
        return unsent;
    }

    private static string UnsentNote(ArmSpec arm, string placeholder, int customers, int inArm)
    {
        var why = placeholder.StartsWith("product_", StringComparison.Ordinal)
            ? placeholder[8] == '1' ? "the recommender gave them no product" : $"the recommender gave them fewer than {placeholder[8]} products"
            : $"they have no {placeholder}";
        return $"arm {arm.Name}: {customers:N0} of {inArm:N0} customers have nothing for {{{placeholder}}} ({why}); their message is left empty rather than sent with a gap, and they stay in the arm";
    }

    /// <summary>
    /// Fills the template's placeholders (checked by the validator) for one customer; the first placeholder the
    /// template uses that has an empty value is returned instead of a message with a gap.
    /// </summary>
    private static (string Message, string? EmptyPlaceholder) Render(string template, PlannedCustomer c, ArmSpec arm, string couponValue, string couponPercent, string?[] products)
    {
        var coupon = couponValue.Length > 0 ? couponValue : couponPercent.Length > 0 ? couponPercent + " %" : "";
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["customer_id"] = c.CustomerId,
            ["segment"] = c.Segment,
            ["arm"] = arm.Name,
            ["coupon_value"] = couponValue,
            ["coupon_percent"] = couponPercent,
            ["coupon"] = coupon,
            ["product_1"] = products[0] ?? "",
            ["product_1_name"] = products[1] ?? "",
            ["product_2"] = products[2] ?? "",
            ["product_2_name"] = products[3] ?? "",
            ["product_3"] = products[4] ?? "",
            ["product_3_name"] = products[5] ?? "",
        };
        var message = new System.Text.StringBuilder();
        var at = 0;
        while (template.IndexOf('{', at) is var open and >= 0)
        {
            var close = template.IndexOf('}', open);
            var name = template[(open + 1)..close];
            var value = values[name];
            if (value.Trim().Length == 0)
            {
                return ("", name);
            }
            message.Append(template, at, open - at).Append(value);
            at = close + 1;
        }
        return (message.Append(template, at, template.Length - at).ToString(), null);
    }

    /// <summary>A suppression file: one id per line, or a CSV whose first column is the id (a header customer_id is skipped).</summary>
    private static HashSet<string> ReadSuppression(CampaignSpec spec)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (spec.SuppressionFile is not { } file)
        {
            return result;
        }
        if (!File.Exists(file))
        {
            throw CampaignSpecValidator.Error(spec, "suppression_file", $"no suppression list at {file}");
        }
        if (new FileInfo(file).Length == 0)
        {
            return result;
        }
        using var source = CsvRecordSource.Open(file, "a suppression list");
        if (source.Header[0] is { Length: > 0 } firstId && firstId != "customer_id")
        {
            result.Add(firstId);
        }
        while (source.Read())
        {
            if (source.Malformation is { } malformation)
            {
                throw new ClienteleException(malformation, file, source.LineNumber);
            }
            if (source.Fields[0].Trim() is { Length: > 0 } id)
            {
                result.Add(id);
            }
        }
        return result;
    }

    private static object Document(CampaignPlanResult result, CampaignPlan plan) => new
    {
        FormatVersion = 1,
        Campaign = result.Spec.Name,
        result.CampaignId,
        Spec = Path.GetFullPath(result.Spec.SourceFile),
        Start = Day(result.Spec.Start),
        End = Day(result.Spec.End),
        AsOf = Day(result.AsOf),
        Profile = result.ProfileSource,
        result.Counts,
        Arms = result.Arms.Select(a => new { a.Name, a.Kind, a.Weight, a.Customers, File = Path.GetFileName(a.File) }),
        Holdout = new { Share = result.Spec.HoldoutShare, Customers = result.Counts.Holdout, File = Path.GetFileName(result.HoldoutFile) },
        result.Power,
        SegmentWeights = plan.SegmentWeights.ToDictionary(p => p.Key, p => result.Spec.Arms.Select((a, i) => (a.Name, p.Value[i])).ToDictionary(x => x.Name, x => x.Item2)),
        result.Notes,
        RecordedInStore = result.Recorded,
    };

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string FileSafe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}
