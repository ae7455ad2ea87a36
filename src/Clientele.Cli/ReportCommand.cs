using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Pipeline;
using Clientele.Reports;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele report</c>: segments and value of the store's customers, written as one self-contained HTML page.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var store = CommonOptions.Store();
        var outDir = CommonOptions.Out(CommonOptions.OutHelp.Report);
        var asOf = new Option<string?>("--as-of") { Description = "First day not observed, yyyy-MM-dd (default: the day after the last order)" };
        var noValue = new Option<bool>("--no-value") { Description = "Leave out the value section (segments only)" };
        var calibrationEnd = new Option<string?>("--calibration-end")
        {
            Description = "Also fit the value model on the orders before this day, yyyy-MM-dd, and chart predicted against actual purchases after it (the one fit a report makes, when asked)",
        };
        var format = CommonOptions.Output();
        var command = new Command("report", "Write report.html from the store's current segmentation, value model and recommendations (fits nothing; clientele refresh makes them all): one self-contained page of charts and tables, with every chart also in figures/")
        {
            store, outDir, asOf, noValue, calibrationEnd, format,
        };
        command.SetAction(parse =>
        {
            var request = new ReportRequest
            {
                StorePath = parse.GetValue(store)!,
                OutputDirectory = parse.GetValue(outDir)!,
                AsOf = SegmentCommand.ParseDate(parse.GetValue(asOf)),
                IncludeValue = !parse.GetValue(noValue),
                CalibrationEnd = ParseCalibrationEnd(parse.GetValue(calibrationEnd)),
            };
            var json = parse.GetValue(format) == "json";
            var result = UserErrors.Guard(() => JobProgressDisplay.Run(output, json, progress => ReportJob.Run(request with { Progress = progress })));
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(Summary(result), CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            console.MarkupLine($"[bold]{CommonOptions.Number(result.Segments.Customers.Count)} customers[/] as of {result.Segments.AsOf:yyyy-MM-dd}");
            if (result.ValueSkipped is not null)
            {
                console.MarkupLine($"[yellow]no value section[/]: {Markup.Escape(result.ValueSkipped)}");
            }
            if (result.HoldoutSkipped is not null)
            {
                console.MarkupLine($"[yellow]no holdout comparison[/]: {Markup.Escape(result.HoldoutSkipped)}");
            }
            console.MarkupLine($"wrote {Markup.Escape(result.Segments.CustomersFile)}");
            console.MarkupLine($"wrote {Markup.Escape(result.Segments.SegmentsFile)}");
            if (result.Segments.ClassifierFile is { } classifierFile)
            {
                console.MarkupLine($"wrote {Markup.Escape(classifierFile)}");
            }
            if (result.Value is not null)
            {
                console.MarkupLine($"wrote {Markup.Escape(result.Value.ModelFile)}");
            }
            if (result.Recommendations is { } recommendations)
            {
                console.MarkupLine($"wrote {Markup.Escape(recommendations.RecommendationsFile)}");
                console.MarkupLine($"wrote {Markup.Escape(recommendations.SimilarProductsFile)}");
            }
            if (result.RecommendationsSkipped is not null)
            {
                console.MarkupLine($"[yellow]no recommendations section[/]: {Markup.Escape(result.RecommendationsSkipped)}");
            }
            Print(console, result.Files);
            return 0;
        });
        return command;
    }

    /// <summary>"wrote out/report.html (1.2 MB, 9 charts; each also in out/figures/ as SVG and PNG)".</summary>
    internal static void Print(IAnsiConsole console, ReportFiles files)
    {
        var megabytes = (files.Bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);
        console.MarkupLine(
            $"wrote {Markup.Escape(files.Report)} ({megabytes} MB, {HtmlReport.CountFigures(files)} charts; each also in {Markup.Escape(files.FiguresDirectory)}/ as SVG and PNG)");
    }

    internal static object Summary(ReportFiles files) => new
    {
        files.Report,
        files.Bytes,
        files.FiguresDirectory,
        Figures = files.Figures,
    };

    private static object Summary(ReportResult r) => new
    {
        Report = Summary(r.Files),
        Segments = SegmentCommand.Summary(r.Segments),
        Value = r.Value is null ? null : new { r.Value.ModelFile, Customers = r.Value.Customers.Count, TotalClv = r.Value.Customers.Sum(c => c.Clv) },
        r.ValueSkipped,
        r.HoldoutSkipped,
        Recommendations = r.Recommendations is null ? null : new { r.Recommendations.RecommendationsFile, r.Recommendations.SimilarProductsFile },
        r.RecommendationsSkipped,
    };

    private static DateOnly? ParseCalibrationEnd(string? value)
    {
        if (value is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ClienteleException($"--calibration-end {value}: expected a date as yyyy-MM-dd");
    }
}
