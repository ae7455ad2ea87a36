using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Pipeline;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele evaluate …</c>: how well the models predict a period they did not see.</summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter output)
    {
        var store = CommonOptions.Store();
        var calibrationEnd = new Option<string>("--calibration-end")
        {
            Description = "First day after the calibration period, yyyy-MM-dd (the model sees orders before it)",
            Required = true,
        };
        var observationEnd = new Option<string?>("--observation-end") { Description = "First day after the holdout, yyyy-MM-dd (default: the day after the last order)" };
        var model = ValueCommand.ModelOption();
        var format = CommonOptions.Output();
        var value = new Command("value", "Fit on the calibration period and compare predicted with actual holdout purchases (totals and by calibration frequency)")
        {
            store, calibrationEnd, observationEnd, model, format,
        };
        value.SetAction(parse =>
        {
            var request = new ValueEvaluationRequest
            {
                StorePath = parse.GetValue(store)!,
                CalibrationEnd = SegmentCommand.ParseDate(parse.GetValue(calibrationEnd))
                    ?? throw new ClienteleException("--calibration-end is required"),
                ObservationEnd = SegmentCommand.ParseDate(parse.GetValue(observationEnd)),
            };
            if (parse.GetValue(model) is { } name)
            {
                request = request with { Model = ValueCommand.ParseModel(name) };
            }
            var result = UserErrors.Guard(() => ValueEvaluationJob.Run(request));
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(result, CommonOptions.Json));
                return 0;
            }
            Print(CliApp.HumanConsole(output), result);
            return 0;
        });
        return new Command("evaluate", "Evaluate models on held-out data") { value, RecommendCommand.CreateEvaluate(output) };
    }

    private static void Print(IAnsiConsole console, ValueEvaluation e)
    {
        console.MarkupLine($"[bold]{e.Model}[/] fitted on {CommonOptions.Number(e.Customers)} customers before {e.CalibrationEnd:yyyy-MM-dd}; holdout {e.CalibrationEnd:yyyy-MM-dd} … {e.ObservationEnd.AddDays(-1):yyyy-MM-dd} ({e.HoldoutWeeks.ToString("0.#", CultureInfo.InvariantCulture)} weeks)");
        console.Write(ValueCommand.ParameterTable(e.Parameters, $"log-likelihood {e.LogLikelihood.ToString("0.00", CultureInfo.InvariantCulture)}"));
        if (e.Penalizer > 0)
        {
            console.MarkupLine($"[yellow]fitted with an L2 penaliser of {e.Penalizer.ToString(CultureInfo.InvariantCulture)}[/]: without one the parameters were not identified");
        }
        var table = new Table().Border(TableBorder.Simple).Title("holdout purchases by calibration repeat purchases")
            .AddColumn("x").AddColumn(new TableColumn("customers").RightAligned())
            .AddColumn(new TableColumn("predicted mean").RightAligned()).AddColumn(new TableColumn("actual mean").RightAligned())
            .AddColumn(new TableColumn("predicted").RightAligned()).AddColumn(new TableColumn("actual").RightAligned());
        foreach (var row in e.ByFrequency)
        {
            table.AddRow(
                row.Frequency,
                CommonOptions.Number(row.Customers),
                row.PredictedMean.ToString("0.00", CultureInfo.InvariantCulture),
                row.ActualMean.ToString("0.00", CultureInfo.InvariantCulture),
                row.PredictedTotal.ToString("N0", CultureInfo.InvariantCulture),
                row.ActualTotal.ToString("N0", CultureInfo.InvariantCulture));
        }
        table.AddRow("all", CommonOptions.Number(e.Customers), "", "", e.PredictedTotal.ToString("N0", CultureInfo.InvariantCulture), e.ActualTotal.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLine($"total: predicted {e.PredictedTotal.ToString("N1", CultureInfo.InvariantCulture)}, actual {e.ActualTotal.ToString("N0", CultureInfo.InvariantCulture)} "
            + $"({((e.PredictedTotal / e.ActualTotal) - 1).ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture)}); mean absolute error per customer {e.MeanAbsoluteError.ToString("0.000", CultureInfo.InvariantCulture)}");
    }
}
