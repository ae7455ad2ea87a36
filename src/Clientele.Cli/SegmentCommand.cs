using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Pipeline;
using Clientele.Segmentation;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele segment</c>: RFM scores and named segments, and clusters by any method, with profiles.</summary>
internal static class SegmentCommand
{
    /// <summary>The request's defaults, which an option without a value leaves alone (and the help shows).</summary>
    private static readonly SegmentRequest Defaults = new() { OutputDirectory = "" };

    public static Command Create(TextWriter output) => Create(output, out _);

    /// <summary>The command, and how it turns what was parsed into the request it runs.</summary>
    internal static Command Create(TextWriter output, out Func<ParseResult, SegmentRequest> requestOf)
    {
        var store = CommonOptions.Store();
        var method = new Option<string?>("--method")
        {
            Description = "rfm (scores and named segments), kmeans, hierarchical, dbscan or gmm (clusters; with the store, on log-scaled RFM plus the RFM columns)"
                + $" (default {MethodName(Defaults.Method)})",
        };
        method.AcceptOnlyFromAmong("rfm", "kmeans", "hierarchical", "dbscan", "gmm");
        var k = new Option<string?>("--k") { Description = "Number of clusters, or auto (silhouette in --min-k..--max-k; BIC for gmm) (default auto)" };
        var minK = new Option<int?>("--min-k") { Description = $"Smallest k tried by --k auto (default {Defaults.MinimumK}: 2 clusters are a split, not segments)" };
        var maxK = new Option<int?>("--max-k") { Description = $"Largest k tried by --k auto (default {Defaults.MaximumK})" };
        var seed = new Option<int?>("--seed") { Description = $"Seed for k-means++, sampling and EM starts (default {Defaults.Seed})" };
        var restarts = new Option<int?>("--restarts") { Description = $"k-means restarts (the best is kept) (default {Defaults.Restarts})" };
        var linkage = new Option<string?>("--linkage") { Description = $"hierarchical: ward, average, complete or single (default {Defaults.Linkage.ToString().ToLowerInvariant()})" };
        linkage.AcceptOnlyFromAmong("ward", "average", "complete", "single");
        var eps = new Option<double?>("--eps") { Description = "dbscan: neighbourhood radius in the clustering space (default: suggested from the k-distance curve)" };
        var minPoints = new Option<int?>("--min-points") { Description = $"dbscan: neighbours (including itself) that make a point core (default {Defaults.MinimumPoints})" };
        var covariance = new Option<string?>("--covariance") { Description = $"gmm: full or diagonal covariance (default {Defaults.Covariance.ToString().ToLowerInvariant()})" };
        covariance.AcceptOnlyFromAmong("full", "diagonal");
        var features = new Option<string?>("--features")
        {
            Description = "rfm+behaviour: cluster the store's customers on RFM and their behaviour events (docs/behaviour.md); rfm: RFM only (the default); "
                + "or a CSV file (an id column, then numeric columns) to cluster instead of the store's customers",
        };
        var idColumn = new Option<string?>("--id-column") { Description = "The id column of --features (default: the first)" };
        var noScale = new Option<bool>("--no-scale") { Description = "With --features: use the columns as they are (default: standardise each)" };
        var explainK = new Option<bool>("--explain-k") { Description = "Print the table that chose k (inertia, silhouette, Davies-Bouldin, Calinski-Harabasz; BIC for gmm)" };
        var asOf = new Option<string?>("--as-of") { Description = "First day not observed, yyyy-MM-dd (default: the day after the last order)" };
        var outDir = CommonOptions.Out(CommonOptions.OutHelp.Segment);
        var format = CommonOptions.Output();
        var textFeatures = new Option<bool>("--text-features")
        {
            Description = "Add what customers buy, by text (principal components of the spend-weighted mean of their products' sentence vectors), to the clustering's features",
        };
        var textDimensions = new Option<int?>("--text-dimensions") { Description = $"Principal components of the text interests added by --text-features (default {Defaults.TextDimensions})" };
        var models = CommonOptions.Models();

        var command = new Command("segment", "Segment customers and write customers.csv and segments.json")
        {
            store, method, k, minK, maxK, seed, restarts, linkage, eps, minPoints, covariance, features, idColumn, noScale, explainK, asOf, outDir, format,
            textFeatures, textDimensions, models,
        };
        Func<ParseResult, SegmentRequest> toRequest = parse => new SegmentRequest
        {
            StorePath = parse.GetValue(store)!,
            OutputDirectory = parse.GetValue(outDir)!,
            Method = parse.GetValue(method) is { } m ? ParseMethod(m) : Defaults.Method,
            K = parse.GetValue(k) is { } n ? ParseK(n) : Defaults.K,
            MinimumK = parse.GetValue(minK) ?? Defaults.MinimumK,
            MaximumK = parse.GetValue(maxK) ?? Defaults.MaximumK,
            Seed = parse.GetValue(seed) ?? Defaults.Seed,
            Restarts = parse.GetValue(restarts) ?? Defaults.Restarts,
            Linkage = parse.GetValue(linkage) is { } l ? Enum.Parse<Linkage>(l, ignoreCase: true) : Defaults.Linkage,
            Epsilon = parse.GetValue(eps) ?? Defaults.Epsilon,
            MinimumPoints = parse.GetValue(minPoints) ?? Defaults.MinimumPoints,
            Covariance = parse.GetValue(covariance) is { } c ? (c == "diagonal" ? CovarianceType.Diagonal : CovarianceType.Full) : Defaults.Covariance,
            FeaturesFile = parse.GetValue(features) is { } f && !IsFeatureSet(f) ? f : null,
            BehaviourFeatures = parse.GetValue(features) == BehaviourFeatureSet,
            IdColumn = parse.GetValue(idColumn),
            NoScale = parse.GetValue(noScale),
            AsOf = ParseDate(parse.GetValue(asOf)),
            TextFeatures = parse.GetValue(textFeatures),
            TextDimensions = parse.GetValue(textDimensions) ?? Defaults.TextDimensions,
            ModelDirectory = parse.GetValue(models),
        };
        requestOf = toRequest;
        command.SetAction(parse =>
        {
            var request = toRequest(parse);
            var json = parse.GetValue(format) == "json";
            var console = CliApp.HumanConsole(output);
            if (request.FeaturesFile is not null)
            {
                var table = SegmentationJob.RunOnTable(request);
                if (json)
                {
                    output.WriteLine(JsonSerializer.Serialize(TableSummary(table), CommonOptions.Json));
                    return 0;
                }
                console.MarkupLine($"[bold]{CommonOptions.Number(table.Table.Ids.Count)} rows[/] of {Markup.Escape(table.FeaturesFile)}, {table.Table.Features.Columns} features ({(table.Scaled ? "standardised" : "as they are")})");
                PrintClustering(console, table.Clustering, table.Profiles, parse.GetValue(explainK), featureColumns: true);
                console.MarkupLine($"wrote {Markup.Escape(table.CustomersFile)}");
                console.MarkupLine($"wrote {Markup.Escape(table.SegmentsFile)}");
                return 0;
            }
            var result = JobProgressDisplay.Run(output, json, progress => SegmentationJob.Run(request with { Progress = progress }));
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(Summary(result), CommonOptions.Json));
            }
            else
            {
                Print(console, result, parse.GetValue(explainK));
            }
            return 0;
        });
        return command;
    }

    private static string MethodName(SegmentMethod method) => method switch
    {
        SegmentMethod.KMeans => "kmeans",
        SegmentMethod.Hierarchical => "hierarchical",
        SegmentMethod.Dbscan => "dbscan",
        SegmentMethod.GaussianMixture => "gmm",
        _ => "rfm",
    };

    /// <summary>The --features value that adds behaviour to the clustering of the store's customers.</summary>
    internal const string BehaviourFeatureSet = "rfm+behaviour";

    /// <summary>Whether a --features value names a feature set of the store's customers (rfm, rfm+behaviour) rather than a file.</summary>
    private static bool IsFeatureSet(string value) => value is "rfm" or BehaviourFeatureSet;

    internal static SegmentMethod ParseMethod(string value) => value switch
    {
        "kmeans" => SegmentMethod.KMeans,
        "hierarchical" => SegmentMethod.Hierarchical,
        "dbscan" => SegmentMethod.Dbscan,
        "gmm" => SegmentMethod.GaussianMixture,
        _ => SegmentMethod.Rfm,
    };

    internal static object Summary(SegmentResult result) => new
    {
        result.Version,
        result.Store,
        AsOf = result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Customers = result.Customers.Count,
        result.Features.CustomersWithoutPurchases,
        Method = result.Clustering is null ? "rfm" : SegmentsJson.MethodName(result.Clustering.Outcome.Method),
        RfmSegments = result.RfmProfiles.Select(p => new { p.Name, p.Size, p.Share }),
        Clustering = result.Clustering is null ? null : ClusteringSummary(result.Clustering.Outcome, result.ClusterProfiles),
        Classifier = result.Classifier is null ? null : new
        {
            File = result.ClassifierFile,
            result.Classifier.Evaluation.Folds,
            TrainingRows = result.Classifier.Evaluation.Rows,
            result.Classifier.Evaluation.AccuracyMean,
            result.Classifier.Evaluation.MacroF1Mean,
        },
        result.TextInterests,
        result.TextSkipped,
        result.BehaviourSkipped,
        result.CustomersFile,
        result.SegmentsFile,
    };

    private static object TableSummary(TableSegmentResult result) => new
    {
        result.FeaturesFile,
        Rows = result.Table.Ids.Count,
        Features = result.Table.Features.ColumnNames,
        result.Scaled,
        Method = SegmentsJson.MethodName(result.Clustering.Method),
        Clustering = ClusteringSummary(result.Clustering, result.Profiles),
        result.CustomersFile,
        result.SegmentsFile,
    };

    private static object ClusteringSummary(ClusteringOutcome c, IReadOnlyList<SegmentProfile> profiles) => new
    {
        c.K,
        c.Inertia,
        c.Silhouette,
        c.DaviesBouldin,
        c.CalinskiHarabasz,
        Noise = c.NoiseCount,
        c.Epsilon,
        Clusters = profiles.Select(p => new { p.Id, p.Label, p.Size, p.Share }),
    };

    internal static void Print(IAnsiConsole console, SegmentResult result, bool explainK = false)
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
        console.MarkupLine("Named segments come from the R score and FM = ceil((F + M) / 2) on the grid in docs/segmentation.md.");

        if (result.BehaviourSkipped is { } behaviourSkipped)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(behaviourSkipped)}[/]");
        }
        if (result.TextSkipped is { } textSkipped)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(textSkipped)}[/]");
        }
        if (result.TextInterests is { } text)
        {
            console.MarkupLine(Markup.Escape(
                $"text features: {string.Join(", ", text.Columns)} ({string.Join(", ", text.ExplainedShare.Select(s => s.ToString("0.0 %", CultureInfo.InvariantCulture)))} of the interests' variance) "
                + $"for {CommonOptions.Number(text.CustomersWithText)} customers; {text.ProductEmbeddings}"));
        }
        if (result.Clustering is { } c)
        {
            PrintClustering(console, c.Outcome, result.ClusterProfiles, explainK, featureColumns: false);
            if (result.ClusterThemes is { } themes)
            {
                foreach (var p in result.ClusterProfiles)
                {
                    if (themes.TryGetValue(p.Id, out var terms) && terms.Count > 0)
                    {
                        console.MarkupLine(Markup.Escape($"  {p.Name} themes: {string.Join(", ", terms.Take(6).Select(t => t.Term))}"));
                    }
                }
            }
            if (result.Classifier is { } classifier)
            {
                var e = classifier.Evaluation;
                var customers = result.Features.Customers.Count;
                var sample = e.Rows < customers ? $" (trained on a stratified sample of {e.Rows:N0} of the {customers:N0} customers)" : "";
                console.MarkupLine($"classifier for new customers{sample}: {e.Folds}-fold accuracy {e.AccuracyMean.ToString("0.000", CultureInfo.InvariantCulture)} ± {e.AccuracyStandardDeviation.ToString("0.000", CultureInfo.InvariantCulture)}, "
                    + $"macro-F1 {e.MacroF1Mean.ToString("0.000", CultureInfo.InvariantCulture)} ± {e.MacroF1StandardDeviation.ToString("0.000", CultureInfo.InvariantCulture)}; {Markup.Escape(result.ClassifierFile ?? "")} (clientele assign uses it)");
            }
            else if (result.ClassifierSkipped is { } skipped)
            {
                console.MarkupLine($"[yellow]no classifier for new customers[/]: {Markup.Escape(skipped)}");
            }
        }
        console.MarkupLine($"wrote {Markup.Escape(result.CustomersFile)}");
        console.MarkupLine($"wrote {Markup.Escape(result.SegmentsFile)}");
    }

    private static void PrintClustering(IAnsiConsole console, ClusteringOutcome c, IReadOnlyList<SegmentProfile> profiles, bool explainK, bool featureColumns)
    {
        if (c.Selection is { } selection)
        {
            if (explainK)
            {
                var table = new Table().Border(TableBorder.Simple).Title("choice of k")
                    .AddColumn("k").AddColumn(new TableColumn("inertia").RightAligned()).AddColumn(new TableColumn("silhouette").RightAligned())
                    .AddColumn(new TableColumn("Davies-Bouldin").RightAligned()).AddColumn(new TableColumn("Calinski-Harabasz").RightAligned());
                foreach (var row in selection.Table)
                {
                    table.AddRow(
                        $"{row.K}{(row.K == selection.ChosenK ? " ←" : "")}",
                        row.Inertia.ToString("N1", CultureInfo.InvariantCulture),
                        row.Silhouette.ToString("0.000", CultureInfo.InvariantCulture),
                        row.DaviesBouldin.ToString("0.000", CultureInfo.InvariantCulture),
                        row.CalinskiHarabasz.ToString("N1", CultureInfo.InvariantCulture));
                }
                console.Write(table);
                console.MarkupLine(Markup.Escape(selection.Rule) + " (lower Davies-Bouldin and higher Calinski-Harabasz are better too.)");
            }
            else
            {
                console.MarkupLine($"k = {selection.ChosenK}: the highest silhouette of k = {selection.Table[0].K}…{selection.Table[^1].K} (--explain-k prints the table)");
            }
        }
        if (c.MixtureSelection is { } bic)
        {
            if (explainK)
            {
                var table = new Table().Border(TableBorder.Simple).Title("choice of k").AddColumn("k")
                    .AddColumn(new TableColumn("log-likelihood").RightAligned()).AddColumn(new TableColumn("BIC").RightAligned());
                foreach (var row in bic.Table)
                {
                    table.AddRow($"{row.K}{(row.K == bic.ChosenK ? " ←" : "")}", row.LogLikelihood.ToString("N1", CultureInfo.InvariantCulture), row.BayesianInformationCriterion.ToString("N1", CultureInfo.InvariantCulture));
                }
                console.Write(table);
                console.MarkupLine(Markup.Escape(bic.Rule));
            }
            else
            {
                console.MarkupLine($"k = {bic.ChosenK}: the lowest BIC of k = {bic.Table[0].K}…{bic.Table[^1].K} (--explain-k prints the table)");
            }
        }
        var method = SegmentsJson.MethodName(c.Method);
        var extra = c.Method == ClusteringMethod.Dbscan
            ? $", eps {c.Epsilon?.ToString("G4", CultureInfo.InvariantCulture)}, {CommonOptions.Number(c.NoiseCount)} noise"
            : $", inertia {c.Inertia.ToString("N1", CultureInfo.InvariantCulture)}";
        console.MarkupLine($"{method}: k = {c.K}{extra}, silhouette {c.Silhouette.ToString("0.000", CultureInfo.InvariantCulture)}, Davies-Bouldin {c.DaviesBouldin.ToString("0.000", CultureInfo.InvariantCulture)}");
        if (featureColumns)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumn("cluster").AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
            foreach (var p in profiles)
            {
                table.AddRow(Markup.Escape($"{p.Id}: {p.Label}"), CommonOptions.Number(p.Size), p.Share.ToString("P1", CultureInfo.InvariantCulture));
            }
            console.Write(table);
            return;
        }
        var clusters = ProfileTable("cluster");
        foreach (var p in profiles)
        {
            AddProfileRow(clusters, p, label: true);
        }
        console.Write(clusters);
    }

    private static Table ProfileTable(string first) => new Table().Border(TableBorder.Simple)
        .AddColumn(first)
        .AddColumn(new TableColumn("customers").RightAligned()).AddColumn(new TableColumn("share").RightAligned())
        .AddColumn(new TableColumn("recency").RightAligned()).AddColumn(new TableColumn("orders").RightAligned())
        .AddColumn(new TableColumn("monetary").RightAligned()).AddColumn(new TableColumn("lift").RightAligned());

    private static void AddProfileRow(Table table, SegmentProfile p, bool label = false)
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
