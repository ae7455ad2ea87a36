using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Pipeline;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele segment</c>: RFM scores and named segments, and optionally k-means clusters, with profiles.</summary>
internal static class SegmentCommand
{
    public static Command Create(TextWriter output)
    {
        var store = CommonOptions.Store();
        var method = new Option<string>("--method")
        {
            Description = "rfm (scores and named segments) or kmeans (clusters on log-scaled RFM, plus the RFM columns)",
            DefaultValueFactory = _ => "rfm",
        };
        method.AcceptOnlyFromAmong("rfm", "kmeans");
        var k = new Option<string>("--k") { Description = "Number of k-means clusters, or auto (best silhouette in --min-k..--max-k)", DefaultValueFactory = _ => "auto" };
        var minK = new Option<int>("--min-k") { Description = "Smallest k tried by --k auto (2 clusters are a split, not segments)", DefaultValueFactory = _ => 3 };
        var maxK = new Option<int>("--max-k") { Description = "Largest k tried by --k auto", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed for k-means++ and sampling", DefaultValueFactory = _ => 42 };
        var restarts = new Option<int>("--restarts") { Description = "k-means restarts (the best is kept)", DefaultValueFactory = _ => 10 };
        var asOf = new Option<string?>("--as-of") { Description = "First day not observed, yyyy-MM-dd (default: the day after the last order)" };
        var outDir = CommonOptions.Out();
        var format = CommonOptions.Output();

        var command = new Command("segment", "Segment customers and write customers.csv and segments.json")
        {
            store, method, k, minK, maxK, seed, restarts, asOf, outDir, format,
        };
        command.SetAction(parse =>
        {
            var request = new SegmentRequest
            {
                StorePath = parse.GetValue(store)!,
                OutputDirectory = parse.GetValue(outDir)!,
                Method = parse.GetValue(method) == "kmeans" ? SegmentMethod.KMeans : SegmentMethod.Rfm,
                K = ParseK(parse.GetValue(k)!),
                MinimumK = parse.GetValue(minK),
                MaximumK = parse.GetValue(maxK),
                Seed = parse.GetValue(seed),
                Restarts = parse.GetValue(restarts),
                AsOf = ParseDate(parse.GetValue(asOf)),
            };
            var result = Run(request);
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(Summary(result, request), CommonOptions.Json));
            }
            else
            {
                Print(CliApp.HumanConsole(output), result);
            }
            return 0;
        });
        return command;
    }

    internal static SegmentResult Run(SegmentRequest request)
    {
        try
        {
            return SegmentationJob.Run(request);
        }
        catch (ArgumentException e)
        {
            throw new ClienteleException(e.Message, e);
        }
    }

    internal static object Summary(SegmentResult result, SegmentRequest request) => new
    {
        result.Store,
        AsOf = result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Customers = result.Customers.Count,
        result.Features.CustomersWithoutPurchases,
        Method = request.Method == SegmentMethod.KMeans ? "kmeans" : "rfm",
        RfmSegments = result.RfmProfiles.Select(p => new { p.Name, p.Size, p.Share }),
        Kmeans = result.Clustering is null ? null : new
        {
            result.Clustering.K,
            result.Clustering.Inertia,
            result.Clustering.Silhouette,
            Clusters = result.ClusterProfiles.Select(p => new { p.Id, p.Label, p.Size, p.Share }),
        },
        result.CustomersFile,
        result.SegmentsFile,
    };

    internal static void Print(IAnsiConsole console, SegmentResult result)
    {
        console.MarkupLine($"[bold]{CommonOptions.Number(result.Customers.Count)} customers[/] as of {result.AsOf:yyyy-MM-dd} "
            + $"({CommonOptions.Number(result.Features.CustomersWithoutPurchases)} more have only returns and no purchase, so no RFM)");
        var rfm = ProfileTable("RFM segment");
        foreach (var p in result.RfmProfiles)
        {
            AddProfileRow(rfm, p);
        }
        console.Write(rfm);
        console.MarkupLine("recency: median days since the last purchase; orders, monetary: means; lift: monetary mean / everyone's.");
        console.MarkupLine("Named segments come from the R score and FM = ceil((F + M) / 2) on the grid in the README.");

        if (result.Clustering is { } c)
        {
            if (c.Selection is { } selection)
            {
                var table = new Table().Border(TableBorder.Simple).Title("choice of k").AddColumn("k").AddColumn(new TableColumn("inertia").RightAligned()).AddColumn(new TableColumn("silhouette").RightAligned());
                foreach (var row in selection.Table)
                {
                    var mark = row.K == selection.ChosenK ? " ←" : "";
                    table.AddRow($"{row.K}{mark}", row.Inertia.ToString("N1", CultureInfo.InvariantCulture), row.Silhouette.ToString("0.000", CultureInfo.InvariantCulture));
                }
                console.Write(table);
                console.MarkupLine(Markup.Escape(selection.Rule));
            }
            console.MarkupLine($"k-means: k = {c.K}, inertia {c.Inertia.ToString("N1", CultureInfo.InvariantCulture)}, silhouette {c.Silhouette.ToString("0.000", CultureInfo.InvariantCulture)}");
            var clusters = ProfileTable("cluster");
            foreach (var p in result.ClusterProfiles)
            {
                AddProfileRow(clusters, p, label: true);
            }
            console.Write(clusters);
        }
        console.MarkupLine($"wrote {Markup.Escape(result.CustomersFile)}");
        console.MarkupLine($"wrote {Markup.Escape(result.SegmentsFile)}");
    }

    private static Table ProfileTable(string first) => new Table().Border(TableBorder.Simple)
        .AddColumn(first)
        .AddColumn(new TableColumn("customers").RightAligned()).AddColumn(new TableColumn("share").RightAligned())
        .AddColumn(new TableColumn("recency").RightAligned()).AddColumn(new TableColumn("orders").RightAligned())
        .AddColumn(new TableColumn("monetary").RightAligned()).AddColumn(new TableColumn("lift").RightAligned());

    private static void AddProfileRow(Table table, Segmentation.SegmentProfile p, bool label = false)
    {
        var f = p.Features;
        table.AddRow(
            Markup.Escape(label ? $"{p.Id}: {p.Label}" : p.Name),
            CommonOptions.Number(p.Size),
            p.Share.ToString("P1", CultureInfo.InvariantCulture),
            f[0].Median.ToString("N0", CultureInfo.InvariantCulture),
            f[1].Mean.ToString("N1", CultureInfo.InvariantCulture),
            f[2].Mean.ToString("N0", CultureInfo.InvariantCulture),
            f[2].Lift.ToString("0.00", CultureInfo.InvariantCulture) + "×");
    }

    private static int? ParseK(string value)
    {
        if (value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1
            ? k
            : throw new ClienteleException($"--k {value}: expected a whole number ≥ 1 or auto");
    }

    internal static DateOnly? ParseDate(string? value)
    {
        if (value is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ClienteleException($"--as-of {value}: expected a date as yyyy-MM-dd");
    }
}
