using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
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
/// <param name="Baseline">The control's expected conversion rate or revenue per customer, from the customers' histories.</param>
/// <param name="NeededPerArm">Customers per arm needed to detect <see cref="MinimumDetectableEffect"/> (relative) at the spec's alpha and power.</param>
/// <param name="SmallestArm">Customers in the smallest arm of this plan.</param>
/// <param name="DetectableEffect">The smallest relative effect this plan can detect with its smallest arm.</param>
public sealed record PowerCheck(string Metric, double Baseline, double MinimumDetectableEffect, double Alpha, double Power, long NeededPerArm, int SmallestArm, double DetectableEffect, bool Enough, string Message);

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
        if (storePath is not null && !File.Exists(storePath))
        {
            throw new ClienteleException($"No store at {storePath}. Create one with: clientele ingest orders FILE --store {storePath}");
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
                profile = CampaignProfiles.FromStore(spec, storePath!, asOf);
                source = $"{Path.GetFullPath(storePath!)} as of {Day(asOf)}";
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
            var power = PowerOf(spec, profile, plan);

            // Nothing was written before this line.
            Directory.CreateDirectory(request.OutputDirectory);
            var arms = new List<PlannedArm>();
            for (var a = 0; a < spec.Arms.Count; a++)
            {
                var arm = spec.Arms[a];
                var file = Path.GetFullPath(Path.Combine(request.OutputDirectory, $"audience-{FileSafe(arm.Name)}.csv"));
                WriteAudience(file, plan.Customers.Where(c => c.Arm == a), arm, recommendations);
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
    /// The power check: the control's expected conversion (or revenue per customer) from the assigned customers'
    /// histories (<see cref="CustomerBaseline"/>), the customers per arm needed to detect the spec's relative minimum
    /// effect at its alpha and power, and the effect the smallest arm can detect. For revenue, a customer's revenue is
    /// taken as Bernoulli(p) × order value × Gamma(2, 1/2) (the simulator's model), whose variance across the audience
    /// is the σ² of the calculation.
    /// </summary>
    public static PowerCheck PowerOf(CampaignSpec spec, ProfileTable profile, CampaignPlan plan)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(plan);
        var metric = Metric(spec.PrimaryMetric);
        var assigned = plan.Customers.Where(c => c.Arm >= 0).ToArray();
        var smallest = plan.Counts.PerArm.Min();
        if (assigned.Length == 0)
        {
            return new PowerCheck(metric, double.NaN, spec.MinimumDetectableEffect, spec.Alpha, spec.Power, 0, 0, double.NaN, false,
                "warning: no customer is left in any arm after the exclusions; nothing can be detected");
        }
        var p = assigned.Select(c => CustomerBaseline.Conversion(profile, c.Row, spec.LengthDays)).ToArray();
        double baseline;
        long needed;
        double detectable;
        try
        {
            if (spec.PrimaryMetric == PrimaryMetric.Conversion)
            {
                baseline = p.Average();
                needed = PowerCalculator.SampleSizeForProportion(baseline, spec.MinimumDetectableEffect, EffectScale.Relative, spec.Alpha, spec.Power);
                detectable = smallest < 2 ? double.PositiveInfinity : Detectable(() => PowerCalculator.MinimumDetectableEffectForProportion(baseline, smallest, spec.Alpha, spec.Power) / baseline);
            }
            else
            {
                var value = assigned.Select(c => CustomerBaseline.OrderValue(profile, c.Row)).ToArray();
                baseline = p.Select((pi, i) => pi * value[i]).Average();
                var secondMoment = p.Select((pi, i) => pi * value[i] * value[i] * (1 + 1 / Marketing.Simulation.OutcomeSimulator.SpendShape)).Average();
                var variance = secondMoment - baseline * baseline;
                needed = PowerCalculator.SampleSizeForMean(variance, spec.MinimumDetectableEffect, EffectScale.Relative, baseline, spec.Alpha, spec.Power);
                detectable = smallest < 2 ? double.PositiveInfinity : PowerCalculator.MinimumDetectableEffectForMean(variance, smallest, spec.Alpha, spec.Power) / baseline;
            }
        }
        catch (ClienteleException e)
        {
            return new PowerCheck(metric, double.NaN, spec.MinimumDetectableEffect, spec.Alpha, spec.Power, 0, smallest, double.NaN, false,
                $"warning: the power cannot be computed for this audience ({e.Message})");
        }
        var enough = smallest >= needed;
        var lift = spec.MinimumDetectableEffect.ToString("P0", CultureInfo.InvariantCulture);
        var baselineText = spec.PrimaryMetric == PrimaryMetric.Conversion ? baseline.ToString("P1", CultureInfo.InvariantCulture) : baseline.ToString("0.00", CultureInfo.InvariantCulture);
        var canDetect = double.IsFinite(detectable) ? detectable.ToString("P0", CultureInfo.InvariantCulture) : "no";
        var message = enough
            ? $"power: detecting a {lift} lift of {metric} (baseline {baselineText}) at alpha {Invariant(spec.Alpha)} and power {Invariant(spec.Power)} needs {needed:N0} customers per arm; the smallest arm has {smallest:N0}: enough (it can detect {canDetect})"
            : $"warning: the audience is too small to detect a {lift} lift of {metric} (baseline {baselineText}) at alpha {Invariant(spec.Alpha)} and power {Invariant(spec.Power)}: it needs {needed:N0} customers per arm, the smallest arm has {smallest:N0}; it can detect about a {canDetect} lift";
        return new PowerCheck(metric, baseline, spec.MinimumDetectableEffect, spec.Alpha, spec.Power, needed, smallest, detectable, enough, message);
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

    private static Dictionary<string, string[]> Recommendations(CampaignSpec spec, ClienteleStore store, DateOnly asOf, CampaignPlan plan)
    {
        var work = Directory.CreateTempSubdirectory("clientele-campaign-rec-").FullName;
        try
        {
            var run = RecommendJob.Run(new RecommendRequest { StorePath = store.Path, OutputDirectory = work, Algorithm = spec.Recommender, Top = 3, AsOf = asOf });
            var names = ProductNames.Load(store);
            var wanted = plan.Customers.Where(c => c.Arm >= 0 && spec.Arms[c.Arm].Kind == ArmKind.Recommendation).Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal);
            var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(run.RecommendationsFile).Skip(1))
            {
                var f = CsvText.Split(line);
                if (!wanted.Contains(f[0]))
                {
                    continue;
                }
                if (!result.TryGetValue(f[0], out var products))
                {
                    result[f[0]] = products = new string[6];
                }
                var rank = int.Parse(f[1], CultureInfo.InvariantCulture);
                products[(rank - 1) * 2] = f[2];
                products[(rank - 1) * 2 + 1] = names.GetValueOrDefault(f[2]) ?? ProductNames.Fallback(f[2]);
            }
            return result;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void WriteAudience(string file, IEnumerable<PlannedCustomer> customers, ArmSpec? arm, Dictionary<string, string[]>? recommendations)
    {
        using var writer = new StreamWriter(file);
        writer.WriteLine(CsvText.Line([.. AudienceColumns]));
        foreach (var c in customers)
        {
            var products = arm?.Kind == ArmKind.Recommendation && recommendations is not null && recommendations.TryGetValue(c.CustomerId, out var p) ? p : new string[6];
            var couponValue = arm?.CouponValue is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "";
            var couponPercent = arm?.CouponPercent is { } pc ? pc.ToString("0.##", CultureInfo.InvariantCulture) : "";
            var message = arm?.Template is { } template ? Render(template, c, arm, couponValue, couponPercent, products) : "";
            writer.WriteLine(CsvText.Line(
                c.CustomerId, arm?.Name ?? HoldoutArm, c.Segment, arm is null ? HoldoutArm : Kind(arm.Kind), message, couponValue, couponPercent,
                products[0], products[1], products[2], products[3], products[4], products[5]));
        }
    }

    /// <summary>Fills the template's placeholders (checked by the validator) for one customer.</summary>
    private static string Render(string template, PlannedCustomer c, ArmSpec arm, string couponValue, string couponPercent, string?[] products)
    {
        var coupon = couponValue.Length > 0 ? couponValue : couponPercent.Length > 0 ? couponPercent + " %" : "";
        return template
            .Replace("{customer_id}", c.CustomerId, StringComparison.Ordinal)
            .Replace("{segment}", c.Segment, StringComparison.Ordinal)
            .Replace("{arm}", arm.Name, StringComparison.Ordinal)
            .Replace("{coupon_value}", couponValue, StringComparison.Ordinal)
            .Replace("{coupon_percent}", couponPercent, StringComparison.Ordinal)
            .Replace("{coupon}", coupon, StringComparison.Ordinal)
            .Replace("{product_1_name}", products[1] ?? "", StringComparison.Ordinal)
            .Replace("{product_2_name}", products[3] ?? "", StringComparison.Ordinal)
            .Replace("{product_3_name}", products[5] ?? "", StringComparison.Ordinal)
            .Replace("{product_1}", products[0] ?? "", StringComparison.Ordinal)
            .Replace("{product_2}", products[2] ?? "", StringComparison.Ordinal)
            .Replace("{product_3}", products[4] ?? "", StringComparison.Ordinal);
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
        var first = true;
        foreach (var line in File.ReadLines(file))
        {
            var id = CsvText.Split(line).FirstOrDefault()?.Trim() ?? "";
            if (first && id == "customer_id")
            {
                first = false;
                continue;
            }
            first = false;
            if (id.Length > 0)
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
