using System.Globalization;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Marketing.Audience;
using Clientele.Marketing.Campaigns;
using Clientele.Marketing.Simulation;
using Clientele.Marketing.Statistics;

namespace Clientele.Pipeline.Campaigns;

/// <summary>What <c>clientele campaign simulate</c> should do.</summary>
public sealed record CampaignSimulateRequest
{
    public required string SpecFile { get; init; }

    /// <summary>The store the campaign was planned with: its assignments, and the customers' histories.</summary>
    public required string StorePath { get; init; }

    /// <summary>The true effects (absolute changes of the conversion probability) per arm and segment.</summary>
    public required TrueEffects Effects { get; init; }

    public required string OutputFile { get; init; }

    /// <value>The default value is <see cref="RandomSeed.Default"/>.</value>
    public int Seed { get; init; } = RandomSeed.Default;
}

/// <summary>One treatment arm's true average effect on conversion over the customers simulated.</summary>
public sealed record TrueArmEffect(string Arm, double ConversionEffect);

public sealed record CampaignSimulateResult(string CampaignId, int Customers, int Holdout, IReadOnlyList<TrueArmEffect> TrueEffects, double BaselineConversion, string OutputFile)
{
    /// <summary>Where the customers' untreated chances came from: "backtest …" (scaled to the audience's back-tested rate) or "customer histories …" (and why there is no back-test).</summary>
    public string BaselineSource { get; init; } = "";
}

/// <summary>
/// Plausible outcomes of a planned campaign with a known effect: each assigned customer's untreated chance of buying
/// in the window from their history as of the plan (<see cref="CustomerBaseline"/>), scaled so that the customers
/// average the audience's back-tested conversion (<see cref="CampaignBacktest"/>) when there is one, their average order value, and
/// their real revenue in the same length of time before the start as pre_revenue; then <see cref="OutcomeSimulator"/>,
/// seeded. Holdout customers get outcomes too (untreated), so the file covers the whole plan.
/// </summary>
public static class CampaignSimulateJob
{
    public static CampaignSimulateResult Run(CampaignSimulateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = CampaignSpecReader.Read(request.SpecFile);
        var campaignId = CampaignTables.CampaignId(spec.Name, spec.Start);
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        var campaign = CampaignTables.Find(store, campaignId)
            ?? throw new ClienteleException($"The store {store.Path} has no plan of {campaignId}: run clientele campaign plan {request.SpecFile} --store {request.StorePath} first.");
        var assignments = CampaignTables.Assignments(store, campaignId);
        var asOf = campaign.AsOf ?? spec.Start;
        var features = CustomerInputs.Features(store, asOf).Customers.ToDictionary(c => c.CustomerId, StringComparer.Ordinal);
        var profile = ProfileTable.FromText(
            assignments.Select(a => a.CustomerId).ToArray(),
            ["frequency", "tenure_days", "average_order_value"],
            [
                assignments.Select(a => features.TryGetValue(a.CustomerId, out var f) ? f.Frequency.ToString(CultureInfo.InvariantCulture) : "0").ToArray(),
                assignments.Select(a => features.TryGetValue(a.CustomerId, out var f) ? f.TenureDays.ToString(CultureInfo.InvariantCulture) : "").ToArray(),
                assignments.Select(a => features.TryGetValue(a.CustomerId, out var f) ? f.AverageOrderValue.ToString(CultureInfo.InvariantCulture) : "0").ToArray(),
            ]);
        var before = CampaignTables.Purchases(store, spec.Start.AddDays(-spec.LengthDays), spec.Start);
        var chances = assignments.Select((_, i) => CustomerBaseline.Conversion(profile, i, spec.LengthDays)).ToArray();
        var backtest = CampaignBacktest.Run(spec, store, asOf);
        string source;
        if (backtest.Baseline is { } measured)
        {
            var historical = chances.Length == 0 ? 0 : chances.Average();
            chances = CustomerBaseline.Calibrate(chances, measured.Rate);
            source = $"backtest: {measured.Converted:N0} of {measured.Customers:N0} customers of the audience as of {measured.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} bought in the following {measured.Days} days ({measured.Rate.ToString("P2", CultureInfo.InvariantCulture)}); each customer's historical chance (mean {historical.ToString("P2", CultureInfo.InvariantCulture)}) scaled to it";
        }
        else
        {
            source = $"customer histories: each customer's purchase rate so far, not back-tested ({backtest.Reason})";
        }
        var customers = assignments.Select((a, i) => new SimulatedCustomer(
            a.CustomerId, a.Arm, a.Segment,
            chances[i],
            CustomerBaseline.OrderValue(profile, i),
            before.TryGetValue(a.CustomerId, out var b) ? (double)b.Revenue : 0)).ToArray();
        var control = spec.Control.Name;
        var simulator = new OutcomeSimulator(control, request.Seed);
        var outcomes = simulator.Simulate(customers, request.Effects);
        var directory = Path.GetDirectoryName(Path.GetFullPath(request.OutputFile));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        OutcomesCsv.Write(request.OutputFile, outcomes.Select(o => new Outcome(o.CustomerId, o.Arm, o.Converted, o.Revenue, o.PreRevenue, o.Segment)));
        var inExperiment = customers.Where(c => c.Arm != CampaignPlanJob.HoldoutArm).ToArray();
        var truth = spec.Arms.Where(a => a.Kind != ArmKind.Control)
            .Select(a => new TrueArmEffect(a.Name, OutcomeSimulator.ExpectedConversionEffect(inExperiment, request.Effects, a.Name)))
            .ToArray();
        return new CampaignSimulateResult(
            campaignId, customers.Length, customers.Length - inExperiment.Length, truth,
            inExperiment.Length == 0 ? 0 : inExperiment.Average(c => c.BaselineConversion), Path.GetFullPath(request.OutputFile))
        {
            BaselineSource = source,
        };
    }

    /// <summary>Parses <c>[arm:]segment=value</c> (segment <c>*</c> for every segment) into <paramref name="effects"/>.</summary>
    public static void ParseEffect(string text, TrueEffects effects)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(effects);
        var equals = text.LastIndexOf('=');
        if (equals <= 0)
        {
            throw new ClienteleException($"--effect {text}: expected [arm:]segment=value, e.g. \"At Risk=0.05\" or coupon:*=0.03");
        }
        var key = text[..equals];
        var valueText = text[(equals + 1)..];
        var colon = key.IndexOf(':');
        var arm = colon < 0 ? TrueEffects.Any : key[..colon];
        var segment = colon < 0 ? key : key[(colon + 1)..];
        if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > -1 && value < 1))
        {
            throw new ClienteleException($"--effect {text}: \"{valueText}\" is not an absolute change of a probability in (−1, 1) (0.05 = +5 points)");
        }
        effects.Set(arm, segment, value);
    }
}
