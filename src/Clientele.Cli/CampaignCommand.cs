using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Marketing.Simulation;
using Clientele.Marketing.Statistics;
using Clientele.Pipeline;
using Clientele.Pipeline.Campaigns;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele campaign plan | analyze | simulate</c>: campaigns with A/B arms, their analysis, and simulated outcomes.</summary>
internal static class CampaignCommand
{
    public static Command Create(TextWriter output) => new("campaign", "Plan a campaign (audience, deterministic A/B arms, audience files), simulate outcomes, analyse them")
    {
        Plan(output), Analyze(output), Simulate(output),
    };

    private static Command Plan(TextWriter output)
    {
        var spec = new Argument<string>("spec") { Description = "The campaign spec (YAML or JSON)" };
        var store = new Option<string?>("--store") { Description = $"The store: {CommonOptions.StoreHelp} (default ${CommonOptions.StoreVariable}, else {CommonOptions.DefaultStore}; with --profile only when given)" };
        var profile = new Option<string?>("--profile") { Description = "Take the profiles from this customers.csv (of clientele segment / value) instead of computing them" };
        var asOf = new Option<string?>("--as-of") { Description = "First day not observed for the profiles, yyyy-MM-dd (default: the campaign's start, or the day after the last order if earlier)" };
        var outDir = new Option<string>("--out") { Description = "Folder for plan.json and the audience files", DefaultValueFactory = _ => Path.Combine(CommonOptions.DefaultOut, "campaign") };
        var format = CommonOptions.Output();
        var command = new Command("plan", "Resolve the audience, apply suppression, frequency cap and recent treatments, assign arms by a seeded hash, write audience-ARM.csv per arm and plan.json, check the power")
        {
            spec, store, profile, asOf, outDir, format,
        };
        command.SetAction(parse =>
        {
            var profileFile = parse.GetValue(profile);
            var result = UserErrors.Guard(() => CampaignPlanJob.Run(new CampaignPlanRequest
            {
                SpecFile = parse.GetValue(spec)!,
                StorePath = parse.GetValue(store) ?? (profileFile is null ? CommonOptions.DefaultStoreLocation : null),
                ProfileFile = profileFile,
                AsOf = SegmentCommand.ParseDate(parse.GetValue(asOf)),
                OutputDirectory = parse.GetValue(outDir)!,
            }));
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(PlanSummary(result), CommonOptions.Json));
                return 0;
            }
            PrintPlan(CliApp.HumanConsole(output), result);
            return 0;
        });
        return command;
    }

    private static Command Analyze(TextWriter output)
    {
        var first = new Argument<string?>("spec") { Description = "The campaign spec (omit with --outcomes FILE)", Arity = ArgumentArity.ZeroOrOne };
        var second = new Argument<string?>("outcomes") { Description = "The outcomes CSV (customer_id, arm, converted, revenue[, pre_revenue, segment])", Arity = ArgumentArity.ZeroOrOne };
        var outcomes = new Option<string?>("--outcomes") { Description = "The outcomes CSV; alone, without a spec or store, the arm named control is the baseline" };
        var store = new Option<string?>("--store") { Description = "Outcomes from the store's orders in the campaign window (needs a spec planned with this store); results are recorded there" };
        var split = new Option<string?>("--split") { Description = "The planned split of outcomes without a spec, e.g. control=0.4,coupon=0.3,message=0.3 (sums to 1, names the outcomes' arms); without it the sample ratio is not checked" };
        var correction = new Option<string?>("--correction")
        {
            Description = $"Multiple-testing correction of the per-segment tests: holm or bh (default {(new CampaignAnalyzeRequest().Correction == MultipleTestingCorrection.BenjaminiHochberg ? "bh" : "holm")})",
        };
        correction.AcceptOnlyFromAmong("holm", "bh");
        var format = CommonOptions.Output();
        var command = new Command("analyze", "Per arm: conversion, revenue per customer, absolute and relative effects with intervals and p-values, chance to beat control, SRM, CUPED, and per segment with Holm or BH")
        {
            first, second, outcomes, store, split, correction, format,
        };
        command.SetAction(parse =>
        {
            var specFile = parse.GetValue(first);
            var outcomesFile = parse.GetValue(outcomes) ?? parse.GetValue(second);
            if (parse.GetValue(outcomes) is not null && parse.GetValue(second) is not null)
            {
                throw new ClienteleException("give the outcomes once: as the second argument or as --outcomes");
            }
            var request = new CampaignAnalyzeRequest
            {
                SpecFile = specFile,
                OutcomesFile = outcomesFile,
                StorePath = parse.GetValue(store),
                Split = parse.GetValue(split) is { } text ? CampaignAnalyzeJob.ParseSplit(text) : null,
            };
            if (parse.GetValue(correction) is { } name)
            {
                request = request with { Correction = name == "bh" ? MultipleTestingCorrection.BenjaminiHochberg : MultipleTestingCorrection.Holm };
            }
            var result = UserErrors.Guard(() => CampaignAnalyzeJob.Run(request));
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(AnalysisSummary(result), CommonOptions.Json));
                return 0;
            }
            PrintAnalysis(CliApp.HumanConsole(output), result);
            return 0;
        });
        return command;
    }

    /// <summary>The simulation's defaults, which an option without a value leaves alone (and the help shows).</summary>
    private static readonly CampaignSimulateRequest SimulateDefaults = new() { SpecFile = "", StorePath = "", Effects = new TrueEffects(), OutputFile = "" };

    private static Command Simulate(TextWriter output)
    {
        var spec = new Argument<string>("spec") { Description = "The campaign spec, planned with --store" };
        var store = CommonOptions.Store();
        var effect = new Option<string[]>("--effect")
        {
            Description = "True effect, an absolute change of the conversion probability: [arm:]segment=value (segment * for all), e.g. \"At Risk=0.05\" coupon:*=0.03",
            AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<int?>("--seed") { Description = $"Seed of the simulation (default {SimulateDefaults.Seed})" };
        var outFile = new Option<string>("--out") { Description = "The outcomes CSV to write", DefaultValueFactory = _ => Path.Combine(CommonOptions.DefaultOut, "campaign", "outcomes.csv") };
        var format = CommonOptions.Output();
        var command = new Command("simulate", "Generate plausible outcomes of a planned campaign with a known effect per segment (baseline from each customer's history), seeded")
        {
            spec, store, effect, seed, outFile, format,
        };
        command.SetAction(parse =>
        {
            var effects = new TrueEffects();
            foreach (var e in parse.GetValue(effect) ?? [])
            {
                CampaignSimulateJob.ParseEffect(e, effects);
            }
            var result = UserErrors.Guard(() => CampaignSimulateJob.Run(new CampaignSimulateRequest
            {
                SpecFile = parse.GetValue(spec)!,
                StorePath = parse.GetValue(store)!,
                Effects = effects,
                Seed = parse.GetValue(seed) ?? SimulateDefaults.Seed,
                OutputFile = parse.GetValue(outFile)!,
            }));
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(result, CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            console.MarkupLine(Markup.Escape($"simulated {result.Customers:N0} customers of {result.CampaignId} ({result.Holdout:N0} in the holdout); baseline conversion {result.BaselineConversion:P2}"));
            console.MarkupLine(Markup.Escape($"baseline from the {result.BaselineSource}"));
            foreach (var t in result.TrueEffects)
            {
                console.MarkupLine(Markup.Escape($"  true effect of {t.Arm} on conversion: {Points(t.ConversionEffect)}"));
            }
            console.MarkupLine(Markup.Escape($"wrote {result.OutputFile}"));
            return 0;
        });
        return command;
    }

    internal static object PlanSummary(CampaignPlanResult r) => new
    {
        Campaign = r.Spec.Name,
        r.CampaignId,
        AsOf = r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Profile = r.ProfileSource,
        r.Counts,
        r.Arms,
        Holdout = new { Customers = r.Counts.Holdout, File = r.HoldoutFile },
        r.Power,
        r.Notes,
        r.PlanFile,
        RecordedInStore = r.Recorded,
    };

    internal static void PrintPlan(IAnsiConsole console, CampaignPlanResult r)
    {
        var c = r.Counts;
        console.MarkupLine(Markup.Escape($"campaign {r.Spec.Name} ({r.Spec.Start:yyyy-MM-dd} – {r.Spec.End:yyyy-MM-dd}); profiles: {r.ProfileSource}"));
        var audience = new Table().Border(TableBorder.Simple).AddColumn("customers").AddColumn(new TableColumn("count").RightAligned());
        void Row(string label, long count) => audience.AddRow(Markup.Escape(label), CommonOptions.Number(count));
        Row("profiled", c.Profiled);
        Row("  in none of the segments", c.NotInSegments);
        Row("  predicate false", c.PredicateFalse);
        Row("audience", c.Audience);
        Row("  suppressed", c.Suppressed);
        Row("  treated recently", c.RecentlyTreated);
        Row("  over the frequency cap", c.FrequencyCapped);
        Row("eligible", c.Eligible);
        Row("  holdout", c.Holdout);
        for (var i = 0; i < r.Arms.Count; i++)
        {
            Row($"  arm {r.Arms[i].Name} ({r.Arms[i].Kind})", r.Arms[i].Customers);
        }
        console.Write(audience);
        foreach (var arm in r.Arms)
        {
            console.MarkupLine(Markup.Escape($"wrote {arm.File}"));
        }
        console.MarkupLine(Markup.Escape($"wrote {r.HoldoutFile}"));
        console.MarkupLine(Markup.Escape($"wrote {r.PlanFile}{(r.Recorded ? $" (and the plan {r.CampaignId} in the store)" : "")}"));
        foreach (var note in r.Notes)
        {
            console.MarkupLine(Markup.Escape($"note: {note}"));
        }
        console.MarkupLine(Markup.Escape($"power baseline from the {r.Power.BaselineSource}"));
        console.MarkupLine(Markup.Escape(r.Power.Message));
    }

    internal static object AnalysisSummary(CampaignAnalysisResult r)
    {
        var a = r.Analysis;
        return new
        {
            r.Campaign,
            r.CampaignId,
            Outcomes = r.OutcomesSource,
            a.ControlArm,
            a.Confidence,
            Correction = a.Correction.ToString(),
            a.Customers,
            Arms = a.Arms.Select(arm =>
            {
                var c = a.Comparisons.FirstOrDefault(x => x.Arm == arm.Arm);
                return new
                {
                    arm.Arm,
                    arm.Customers,
                    arm.Conversions,
                    arm.ConversionRate,
                    arm.Revenue,
                    arm.RevenuePerCustomer,
                    Conversion = c?.Conversion,
                    ConversionRelative = c?.ConversionRelative,
                    RevenuePerCustomerEffect = c?.RevenuePerCustomer,
                    RevenuePerCustomerRelative = c?.RevenuePerCustomerRelative,
                    ConversionChanceToBeatControl = c?.ConversionBayesian.ChanceToBeatControl,
                    RevenueChanceToBeatControl = c?.RevenueBayesian.ChanceToBeatControl,
                    CupedRevenue = c?.CupedRevenue,
                    Notes = c?.Notes,
                };
            }),
            a.SampleRatio,
            r.SampleRatioNote,
            Segments = a.Segments.Select(s => new
            {
                s.Segment,
                s.Arms,
                Comparisons = s.Comparisons.Select(c => new
                {
                    c.Comparison.Arm,
                    c.Comparison.Conversion,
                    c.ConversionAdjustedPValue,
                    RevenuePerCustomer = c.Comparison.RevenuePerCustomer,
                    c.RevenueAdjustedPValue,
                }),
                s.Skipped,
            }),
            NetRevenue = r.NetRevenue.Select(n => new
            {
                n.Arm,
                n.CouponValue,
                n.Redemptions,
                n.CouponCost,
                n.NetRevenuePerCustomer,
                NetRevenuePerCustomerEffect = n.Effect,
                NetRevenuePerCustomerRelative = n.Relative,
            }),
            r.Guardrails,
            r.HoldoutExcluded,
            r.Notes,
            RecordedInStore = r.Recorded,
        };
    }

    internal static void PrintAnalysis(IAnsiConsole console, CampaignAnalysisResult r)
    {
        var a = r.Analysis;
        var level = a.Confidence.ToString("P0", CultureInfo.InvariantCulture);
        console.MarkupLine(Markup.Escape($"{(r.Campaign is null ? "outcomes" : $"campaign {r.Campaign}")}: {CommonOptions.Number(a.Customers)} customers; {r.OutcomesSource}"));
        var arms = new Table().Border(TableBorder.Simple).AddColumn("arm")
            .AddColumn(new TableColumn("customers").RightAligned()).AddColumn(new TableColumn("converted").RightAligned())
            .AddColumn(new TableColumn("conversion").RightAligned()).AddColumn(new TableColumn("revenue / customer").RightAligned());
        foreach (var arm in a.Arms)
        {
            arms.AddRow(Markup.Escape(arm.Arm == a.ControlArm ? $"{arm.Arm} (control)" : arm.Arm), CommonOptions.Number(arm.Customers), CommonOptions.Number(arm.Conversions),
                arm.ConversionRate.ToString("P2", CultureInfo.InvariantCulture), arm.RevenuePerCustomer.ToString("N2", CultureInfo.InvariantCulture));
        }
        console.Write(arms);
        var effects = new Table().Border(TableBorder.Simple).Title($"against {Markup.Escape(a.ControlArm)} ({level} intervals)").AddColumn("arm").AddColumn("metric")
            .AddColumn(new TableColumn("effect").RightAligned()).AddColumn(new TableColumn("interval").RightAligned())
            .AddColumn(new TableColumn("p").RightAligned()).AddColumn(new TableColumn("relative").RightAligned()).AddColumn(new TableColumn("P(beats control)").RightAligned());
        foreach (var c in a.Comparisons)
        {
            effects.AddRow(Markup.Escape(c.Arm), "conversion", Points(c.Conversion.Estimate), Markup.Escape(Interval(c.Conversion, Points)), P(c.Conversion.PValue),
                Markup.Escape(c.ConversionRelative is { } cr ? Relative(cr) : "–"), c.ConversionBayesian.ChanceToBeatControl.ToString("P1", CultureInfo.InvariantCulture));
            effects.AddRow(Markup.Escape(c.Arm), "revenue / customer", Money(c.RevenuePerCustomer.Estimate), Markup.Escape(Interval(c.RevenuePerCustomer, Money)), P(c.RevenuePerCustomer.PValue),
                Markup.Escape(c.RevenuePerCustomerRelative is { } rr ? Relative(rr) : "–"), c.RevenueBayesian.ChanceToBeatControl.ToString("P1", CultureInfo.InvariantCulture));
            if (c.CupedRevenue is { } cuped)
            {
                effects.AddRow(Markup.Escape(c.Arm), Markup.Escape($"  CUPED (variance −{cuped.VarianceReduction:P0})"), Money(cuped.Absolute.Estimate), Markup.Escape(Interval(cuped.Absolute, Money)), P(cuped.Absolute.PValue),
                    Markup.Escape(cuped.Relative is { } cr2 ? Relative(cr2) : "–"), "");
            }
            if (r.NetRevenue.FirstOrDefault(n => n.Arm == c.Arm) is { } net)
            {
                effects.AddRow(Markup.Escape(c.Arm), Markup.Escape($"  after coupons ({CommonOptions.Number(net.Redemptions)} × {net.CouponValue.ToString("0.##", CultureInfo.InvariantCulture)})"), Money(net.Effect.Estimate),
                    Markup.Escape(Interval(net.Effect, Money)), P(net.Effect.PValue), Markup.Escape(net.Relative is { } nr ? Relative(nr) : "–"), "");
            }
        }
        console.Write(effects);
        console.MarkupLine(Markup.Escape(a.SampleRatio is not { } srm
            ? $"note: {r.SampleRatioNote}"
            : srm.Mismatch
                ? $"warning: sample-ratio mismatch: chi-square {srm.ChiSquare:F2}, p = {srm.PValue:G3} < {srm.Threshold}; the split is not what was planned, so the effects above are suspect"
                : $"sample ratio: as planned (chi-square {srm.ChiSquare:F2}, p = {srm.PValue:F3})"));
        if (a.Segments.Count > 0)
        {
            var segments = new Table().Border(TableBorder.Simple).Title($"by segment ({(a.Correction == MultipleTestingCorrection.Holm ? "Holm" : "Benjamini–Hochberg")}-adjusted p)").AddColumn("segment").AddColumn("arm")
                .AddColumn(new TableColumn("treated").RightAligned()).AddColumn(new TableColumn("control").RightAligned())
                .AddColumn(new TableColumn("conversion effect").RightAligned()).AddColumn(new TableColumn("adj. p").RightAligned())
                .AddColumn(new TableColumn("revenue effect").RightAligned()).AddColumn(new TableColumn("adj. p").RightAligned());
            foreach (var s in a.Segments)
            {
                foreach (var c in s.Comparisons)
                {
                    var treated = s.Arms.Single(x => x.Arm == c.Comparison.Arm).Customers;
                    var control = s.Arms.Single(x => x.Arm == a.ControlArm).Customers;
                    segments.AddRow(Markup.Escape(s.Segment), Markup.Escape(c.Comparison.Arm), CommonOptions.Number(treated), CommonOptions.Number(control), Points(c.Comparison.Conversion.Estimate), P(c.ConversionAdjustedPValue),
                        Money(c.Comparison.RevenuePerCustomer.Estimate), P(c.RevenueAdjustedPValue));
                }
                foreach (var skipped in s.Skipped)
                {
                    segments.AddRow(Markup.Escape(s.Segment), Markup.Escape(skipped), "", "", "", "", "", "");
                }
            }
            console.Write(segments);
        }
        foreach (var g in r.Guardrails)
        {
            console.MarkupLine(Markup.Escape(g.Failed
                ? $"warning: guardrail {g.Metric} failed in {g.Arm}: it fell by {Math.Abs(g.Estimate):0.####} (p = {g.PValue:G3})"
                : $"guardrail {g.Metric} in {g.Arm}: held (effect {g.Estimate:0.####}, p = {g.PValue:F3})"));
        }
        foreach (var note in r.Notes)
        {
            console.MarkupLine(Markup.Escape($"note: {note}"));
        }
        if (r.Recorded)
        {
            console.MarkupLine(Markup.Escape($"results recorded with {r.CampaignId} in the store"));
        }
    }

    internal static string Points(double value) => (value * 100).ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture) + " pt";

    private static string Money(double value) => value.ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture);

    private static string Relative(EffectEstimate e) => e.Estimate.ToString("+0.0%;−0.0%;0.0%", CultureInfo.InvariantCulture);

    private static string Interval(EffectEstimate e, Func<double, string> format) => $"[{format(e.Lower)}, {format(e.Upper)}]";

    private static string P(double p) => p < 0.0001 ? "<0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);
}
