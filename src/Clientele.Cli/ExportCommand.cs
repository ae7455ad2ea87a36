using System.CommandLine;
using System.Text.Json;
using Clientele.Pipeline;
using Clientele.Pipeline.State;

namespace Clientele.Cli;

/// <summary><c>clientele export customers|segments|recommendations|models|campaign</c>: files made from the store's current models.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("export", "Write files from the store's current models: customers, segments, recommendations, models or a campaign (CSV, Parquet or JSON)");
        foreach (var (subject, description) in new[]
        {
            (ExportSubject.Customers, "customers.csv: the current segmentation's rows, with the current value model's columns when it values the same day"),
            (ExportSubject.Segments, "segments.csv: every segment of the current segmentation with its size and share"),
            (ExportSubject.Recommendations, "recommendations.csv and similar-products.csv of the current recommender"),
            (ExportSubject.Models, "models.csv: every version in the registry, newest first"),
            (ExportSubject.Campaign, "campaign-assignments.csv: each customer of a planned campaign, the arm and segment drawn"),
        })
        {
            command.Subcommands.Add(Subject(output, subject, description));
        }
        return command;
    }

    private static Command Subject(TextWriter output, ExportSubject subject, string description)
    {
        var store = CommonOptions.Store();
        var outDir = CommonOptions.Out(CommonOptions.OutHelp.Export);
        var format = new Option<string?>("--format")
        {
            Description = $"csv (the contract), parquet or json (default {new ExportRequest { StorePath = "", OutputDirectory = "", Subject = subject }.Format.ToString().ToLowerInvariant()})",
        };
        format.AcceptOnlyFromAmong("csv", "parquet", "json");
        var output_ = CommonOptions.Output();
        var command = new Command(subject.ToString().ToLowerInvariant(), description) { store, outDir, format, output_ };
        var campaign = new Option<string?>("--campaign") { Description = "The campaign id, name@start (default: the one planned last)" };
        if (subject == ExportSubject.Campaign)
        {
            command.Options.Add(campaign);
        }
        command.SetAction(parse =>
        {
            var request = new ExportRequest
            {
                StorePath = parse.GetValue(store)!,
                OutputDirectory = parse.GetValue(outDir)!,
                Subject = subject,
                Campaign = subject == ExportSubject.Campaign ? parse.GetValue(campaign) : null,
            };
            if (parse.GetValue(format) is { } name)
            {
                request = request with { Format = Data.Export.ExportFiles.Parse(name) };
            }
            var files = UserErrors.Guard(() => ExportJob.Run(request));
            if (parse.GetValue(output_) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(new { Files = files }, CommonOptions.Json));
                return 0;
            }
            foreach (var file in files)
            {
                output.WriteLine($"wrote {file}");
            }
            return 0;
        });
        return command;
    }
}
