using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Pipeline;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele files list|remove</c>: the files a store was filled from, and taking one back out.</summary>
internal static class FilesCommand
{
    private static readonly string[] CountColumns = ["read", "accepted", "rejected", "overlap"];

    public static Command Create(TextWriter output)
    {
        var listStore = CommonOptions.Store();
        var listFormat = CommonOptions.Output();
        var list = new Command("list", "The ingested files: id, path, layout, SHA-256, when, rows read, accepted, rejected and overlap") { listStore, listFormat };
        list.SetAction(parse =>
        {
            var files = IngestJob.ListFiles(parse.GetValue(listStore)!);
            if (parse.GetValue(listFormat) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(files, CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            if (files.Count == 0)
            {
                console.MarkupLine("No files ingested yet.");
                return 0;
            }
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn(new TableColumn("id").RightAligned()).AddColumn("file").AddColumn("layout").AddColumn("sha256").AddColumn("ingested (UTC)");
            foreach (var name in CountColumns)
            {
                table.AddColumn(new TableColumn(name).RightAligned());
            }
            foreach (var f in files)
            {
                table.AddRow(
                    f.FileId.ToString(CultureInfo.InvariantCulture), Markup.Escape(Shown(f.Path)), f.Layout, f.Sha256[..12], f.IngestedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    CommonOptions.Number(f.Read), CommonOptions.Number(f.Accepted), CommonOptions.Number(f.Rejected), CommonOptions.Number(f.Overlap));
            }
            console.Write(table);
            return 0;
        });

        var target = new Argument<string>("FILE|ID") { Description = "The file's id (from files list), the file itself (found by content), or the path it was ingested from" };
        var removeStore = CommonOptions.Store();
        var removeFormat = CommonOptions.Output();
        var remove = new Command("remove", "Remove an ingested file and every row that came from it (one transaction); it can then be ingested again")
        {
            target, removeStore, removeFormat,
        };
        remove.SetAction(parse =>
        {
            var removal = IngestJob.RemoveFile(parse.GetValue(removeStore)!, parse.GetValue(target)!);
            if (parse.GetValue(removeFormat) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(removal, CommonOptions.Json));
                return 0;
            }
            var f = removal.File;
            var rows = f.Layout switch
            {
                "products" => $"{CommonOptions.Number(removal.ProductLines)} catalogue lines",
                "reviews" => $"{CommonOptions.Number(removal.Reviews)} reviews",
                "events" => $"{CommonOptions.Number(removal.Events)} events",
                _ => $"{CommonOptions.Number(removal.OrderLines)} order lines",
            };
            CliApp.HumanConsole(output).MarkupLine(Markup.Escape(
                $"Removed file {f.FileId} ({f.Path}, {f.Layout}): {rows}; {CommonOptions.Number(removal.CustomersRemoved)} customers and {CommonOptions.Number(removal.ProductsRemoved)} products no other file refers to; {CommonOptions.Number(removal.ProductsRebuilt)} products rebuilt from the other files. It can be ingested again."));
            return 0;
        });
        return new Command("files", "The files the store was filled from") { list, remove };
    }

    /// <summary>A file's path as it is; a query's text on one line, cut at 60 characters (JSON has it whole).</summary>
    private static string Shown(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }
        var oneLine = string.Join(' ', path.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 60 ? oneLine : oneLine[..59] + "…";
    }
}
