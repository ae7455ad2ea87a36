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
        var outDir = CommonOptions.Out();
        var data = new Option<string?>("--data") { Description = $"Order file to use instead of {DemoJob.SampleRelativePath}" };
        var seed = new Option<int>("--seed") { Description = "Seed for k-means++ and sampling", DefaultValueFactory = _ => 42 };
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
            var result = Run(output, json, parse.GetValue(outDir)!, parse.GetValue(data), parse.GetValue(seed), parse.GetValue(keepStore));
            stopwatch.Stop();
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(
                    new { result.SampleFile, Store = result.StoreKept ? result.Store : null, result.Ingest, Segments = SegmentCommand.Summary(result.Segments), Report = ReportCommand.Summary(result.Report), Seconds = stopwatch.Elapsed.TotalSeconds },
                    CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            IngestCommand.Print(console, result.StoreKept ? result.Ingest : result.Ingest with { Store = "a temporary store (deleted after the demo; --keep-store keeps it)" });
            console.WriteLine();
            SegmentCommand.Print(console, result.Segments);
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
