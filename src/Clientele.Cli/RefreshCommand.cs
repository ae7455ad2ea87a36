using System.CommandLine;
using System.Text.Json;
using Clientele.Pipeline;
using Clientele.Pipeline.State;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele refresh</c>: after an ingest, every model brought up to date and the report written.</summary>
internal static class RefreshCommand
{
    public static Command Create(TextWriter output)
    {
        var store = CommonOptions.Store();
        var outDir = CommonOptions.Out(CommonOptions.OutHelp.Refresh);
        var force = new Option<bool>("--force") { Description = "Fit every model again, even those up to date" };
        var format = CommonOptions.Output();
        var command = new Command(
            "refresh",
            "Bring the store's models up to date after an ingest — segment (k-means, k chosen), value, recommend (ALS) — keeping each current one fitted on the same data with the same options, then write the report")
        {
            store, outDir, force, format,
        };
        command.SetAction(parse =>
        {
            var result = UserErrors.Guard(() => RefreshJob.Run(new RefreshRequest
            {
                StorePath = parse.GetValue(store)!,
                OutputDirectory = parse.GetValue(outDir)!,
                Force = parse.GetValue(force),
            }));
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(new { result.Steps, Report = ReportCommand.Summary(result.Report.Files) }, CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            foreach (var step in result.Steps)
            {
                if (step.Kind == RefreshJob.SummariesStep)
                {
                    console.MarkupLine($"{step.Kind}: {(step.Fitted ? "[green]rebuilt[/]" : "kept")} ({Markup.Escape(step.Note ?? "")})");
                    continue;
                }
                var how = step.Version is not { } v ? "[yellow]not made[/]" : $"{(step.Fitted ? "[green]fitted[/]" : "kept")} version {v}";
                console.MarkupLine($"{step.Kind}: {how}{(step.Note is { } note ? $" ({Markup.Escape(note)})" : "")}");
            }
            ReportCommand.Print(console, result.Report.Files);
            return 0;
        });
        return command;
    }
}
