using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Pipeline;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele assign</c>: puts every customer, new ones included, into the clusters a segmentation found.</summary>
internal static class AssignCommand
{
    public static Command Create(TextWriter output)
    {
        var store = CommonOptions.Store();
        var classifier = new Option<string>("--classifier")
        {
            Description = "The segment-classifier.json written by clientele segment (default: in --out)",
        };
        var asOf = new Option<string?>("--as-of") { Description = "First day not observed, yyyy-MM-dd (default: the day after the last order)" };
        var outDir = CommonOptions.Out(CommonOptions.OutHelp.Assign);
        var format = CommonOptions.Output();
        var command = new Command("assign", "Assign every customer (including those who arrived after the segmentation) to its clusters with the saved classifier; writes assignments.csv")
        {
            store, classifier, asOf, outDir, format,
        };
        command.SetAction(parse =>
        {
            var outDirectory = parse.GetValue(outDir)!;
            var result = AssignJob.Run(new AssignRequest
            {
                StorePath = parse.GetValue(store)!,
                ClassifierFile = parse.GetValue(classifier) ?? Path.Combine(outDirectory, SegmentationJob.ClassifierFileName),
                OutputDirectory = outDirectory,
                AsOf = SegmentCommand.ParseDate(parse.GetValue(asOf)),
            });
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(result, CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            console.MarkupLine($"[bold]{CommonOptions.Number(result.Customers)} customers[/] as of {result.AsOf:yyyy-MM-dd} assigned: "
                + string.Join(", ", result.PerCluster.Select(kv => $"cluster {kv.Key.ToString(CultureInfo.InvariantCulture)}: {CommonOptions.Number(kv.Value)}")));
            console.MarkupLine($"wrote {Markup.Escape(result.File)}");
            return 0;
        });
        return command;
    }
}
