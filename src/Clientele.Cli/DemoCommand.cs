using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Clientele.Data.Ingest;
using Clientele.Pipeline;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele demo</c>: the main job on the bundled Online Retail sample, in a temporary store.</summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output)
    {
        var outDir = CommonOptions.Out(CommonOptions.OutHelp.Demo);
        var data = new Option<string?>("--data") { Description = $"Order file to use instead of {DemoJob.SampleRelativePath}" };
        var seed = new Option<int?>("--seed") { Description = $"Seed for k-means++ and sampling (default {DemoJob.DefaultSeed})" };
        var keepStore = new Option<bool>("--keep-store") { Description = "Keep the demo's temporary DuckDB store (its path is printed) instead of deleting it" };
        var format = CommonOptions.Output();
        var command = new Command("demo", "Ingest the bundled Online Retail sample into a temporary store, segment it (RFM and k-means), write the outputs")
        {
            outDir, data, seed, keepStore, format,
        };
        command.SetAction(parse =>
        {
            var json = parse.GetValue(format) == "json";
            var stopwatch = Stopwatch.StartNew();
            var result = Run(output, json, parse.GetValue(outDir)!, parse.GetValue(data), parse.GetValue(seed) ?? DemoJob.DefaultSeed, parse.GetValue(keepStore));
            stopwatch.Stop();
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(
                    new { result.SampleFile, Store = result.StoreKept ? result.Store : null, result.Ingest, Segments = SegmentCommand.Summary(result.Segments), Report = ReportCommand.Summary(result.Report), Campaign = CampaignSummary(result), Seconds = stopwatch.Elapsed.TotalSeconds },
                    CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            IngestCommand.Print(console, result.StoreKept ? result.Ingest : result.Ingest with { Store = "a temporary store (deleted after the demo; --keep-store keeps it)" });
            console.WriteLine();
            SegmentCommand.Print(console, result.Segments);
            PrintCampaign(console, result);
            ReportCommand.Print(console, result.Report);
            if (result.StoreKept)
            {
                console.MarkupLine($"demo store (kept): {Markup.Escape(result.Store)}");
            }
            console.MarkupLine($"done in {stopwatch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            return 0;
        });
        return command;
    }

    private static object? CampaignSummary(DemoResult result) => result.Campaign is not { } c
        ? new { Skipped = result.CampaignSkipped }
        : new
        {
            Plan = CampaignCommand.PlanSummary(c.Plan),
            TrueEffects = c.Simulation.TrueEffects,
            Analysis = CampaignCommand.AnalysisSummary(c.Analysis),
            c.Seconds,
        };

    /// <summary>A short table of the campaign loop: per arm the customers, conversion, the measured effect and the true one.</summary>
    private static void PrintCampaign(IAnsiConsole console, DemoResult result)
    {
        if (result.Campaign is not { } c)
        {
            console.MarkupLine(Markup.Escape($"campaign skipped: {result.CampaignSkipped}"));
            return;
        }
        var counts = c.Plan.Counts;
        console.MarkupLine(Markup.Escape($"campaign {c.Plan.Spec.Name}: audience {counts.Audience:N0} of {counts.Profiled:N0} customers, {counts.Holdout:N0} held out; outcomes simulated with {string.Join(", ", DemoJob.CampaignEffects)}"));
        var table = new Table().Border(TableBorder.Simple).AddColumn("arm").AddColumn(new TableColumn("customers").RightAligned())
            .AddColumn(new TableColumn("conversion").RightAligned()).AddColumn(new TableColumn("effect (95 % CI)").RightAligned())
            .AddColumn(new TableColumn("p").RightAligned()).AddColumn(new TableColumn("true effect").RightAligned());
        var a = c.Analysis.Analysis;
        foreach (var arm in a.Arms)
        {
            var comparison = a.Comparisons.FirstOrDefault(x => x.Arm == arm.Arm);
            var truth = c.Simulation.TrueEffects.FirstOrDefault(t => t.Arm == arm.Arm);
            table.AddRow(
                Markup.Escape(arm.Arm),
                CommonOptions.Number(arm.Customers),
                arm.ConversionRate.ToString("P1", CultureInfo.InvariantCulture),
                comparison is null ? "" : Markup.Escape($"{CampaignCommand.Points(comparison.Conversion.Estimate)} [{CampaignCommand.Points(comparison.Conversion.Lower)}, {CampaignCommand.Points(comparison.Conversion.Upper)}]"),
                comparison is null ? "" : comparison.Conversion.PValue.ToString("0.000", CultureInfo.InvariantCulture),
                truth is null ? "" : CampaignCommand.Points(truth.ConversionEffect));
        }
        console.Write(table);
        console.MarkupLine(Markup.Escape($"power baseline from the {c.Plan.Power.BaselineSource}"));
        console.MarkupLine(Markup.Escape(c.Plan.Power.Message));
        console.MarkupLine(Markup.Escape($"wrote {Path.GetDirectoryName(c.Plan.PlanFile)}/ (plan.json, audience-*.csv, outcomes.csv) in {c.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s"));
    }

    private static DemoResult Run(TextWriter output, bool json, string outDir, string? data, int seed, bool keepStore)
    {
        if (!CommonOptions.ShowProgress(output, json))
        {
            return DemoJob.Run(outDir, data, seed: seed, keepStore: keepStore);
        }
        DemoResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .Start(context =>
            {
                var task = context.AddTask("ingesting the sample", maxValue: 1);
                result = DemoJob.Run(outDir, data, new SynchronousProgress<IngestProgress>(p => task.Value = p.TotalBytes == 0 ? 1 : (double)p.BytesConsumed / p.TotalBytes), seed, keepStore);
            });
        return result!;
    }
}
