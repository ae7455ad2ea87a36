using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Pipeline;
using Clientele.Recommend;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele recommend</c> and <c>clientele evaluate recommend</c>.</summary>
internal static class RecommendCommand
{
    /// <summary>The requests' defaults, which an option without a value leaves alone (and the help shows).</summary>
    private static readonly RecommendRequest Defaults = new() { StorePath = "", OutputDirectory = "" };

    /// <inheritdoc cref="Defaults"/>
    private static readonly RecommendEvaluationRequest EvaluationDefaults = new() { StorePath = "" };

    public static Command Create(TextWriter output) => Create(output, out _);

    /// <summary>The command, and how it turns what was parsed into the request it runs.</summary>
    internal static Command Create(TextWriter output, out Func<ParseResult, RecommendRequest> requestOf)
    {
        var store = CommonOptions.Store();
        var top = new Option<int?>("--top") { Description = $"Recommendations per customer (and similar products per product) (default {Defaults.Top})" };
        var algorithm = AlgorithmOption();
        var seed = new Option<int?>("--seed") { Description = $"Seed of the learned models (default {Defaults.Seed})" };
        var asOf = new Option<string?>("--as-of") { Description = "Only purchases before this day, yyyy-MM-dd (default: all)" };
        var outDir = CommonOptions.Out(CommonOptions.OutHelp.Recommend);
        var format = CommonOptions.Output();
        var models = CommonOptions.Models();
        var (feedback, weight) = FeedbackOptions(Defaults.Feedback);
        var command = new Command("recommend", "Recommend products to every customer (recommendations.csv) and similar products (similar-products.csv)")
        {
            store, top, algorithm, seed, asOf, outDir, format, models, feedback, weight,
        };
        Func<ParseResult, RecommendRequest> toRequest = parse => new RecommendRequest
        {
            StorePath = parse.GetValue(store)!,
            OutputDirectory = parse.GetValue(outDir)!,
            Algorithm = parse.GetValue(algorithm) ?? Defaults.Algorithm,
            Top = parse.GetValue(top) ?? Defaults.Top,
            Seed = parse.GetValue(seed) ?? Defaults.Seed,
            AsOf = SegmentCommand.ParseDate(parse.GetValue(asOf)),
            ModelDirectory = parse.GetValue(models),
            Feedback = parse.GetValue(feedback) ?? Defaults.Feedback,
            Weights = ParseWeights(parse.GetValue(weight) ?? [], Defaults.Weights),
        };
        requestOf = toRequest;
        command.SetAction(parse =>
        {
            var json = parse.GetValue(format) == "json";
            var request = toRequest(parse);
            var result = JobProgressDisplay.Run(output, json, progress => RecommendJob.Run(request with { Progress = progress }));
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        result.Algorithm, result.RequestedAlgorithm, result.Customers, result.Products, result.Interactions, result.RecommendationsFile, result.SimilarProductsFile, result.Note,
                        result.Fallback, result.FallbackCustomers, result.ProductsWithoutSimilar, result.Feedback,
                        Data = result.Data is { } d ? new { d.RepeatCustomers, d.RepeatCustomerShare, d.LinkedProducts, d.LinkedProductShare, d.ProductsPerCustomer, d.Problem } : null,
                    },
                    CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            if (result.Note is not null)
            {
                console.MarkupLine(Markup.Escape(result.Note));
            }
            if (result.Fallback is not null)
            {
                console.MarkupLine($"[yellow]fallback to popularity:[/] {Markup.Escape(result.Fallback)}");
            }
            var what = result.Feedback == RecommendJob.Events ? "weighted interactions (customer, product) from events and purchases" : "purchases (customer, product, day)";
            console.MarkupLine($"[bold]{result.Algorithm}[/] on {CommonOptions.Number(result.Interactions)} {what} of {CommonOptions.Number(result.Customers)} customers and {CommonOptions.Number(result.Products)} products");
            if (result.FallbackCustomers > 0)
            {
                console.MarkupLine($"[yellow]{CommonOptions.Number(result.FallbackCustomers)} of {CommonOptions.Number(result.Customers)} customers[/] got popularity: {Markup.Escape(result.Algorithm)} gave them no usable score (every score 0, or none); the basis column says which");
            }
            foreach (var (customer, recs) in result.Examples)
            {
                console.MarkupLine($"  customer {Markup.Escape(customer)}: {Markup.Escape(string.Join(", ", recs.Items.Take(5).Select(i => result.ExampleNames.GetValueOrDefault(i.ItemId) ?? i.ItemId)))}");
            }
            console.MarkupLine($"wrote {Markup.Escape(result.RecommendationsFile)}");
            console.MarkupLine($"wrote {Markup.Escape(result.SimilarProductsFile)}"
                + (result.ProductsWithoutSimilar > 0 ? $" ({CommonOptions.Number(result.ProductsWithoutSimilar)} of {CommonOptions.Number(result.Products)} products have no similar product with a usable score, and no rows)" : ""));
            return 0;
        });
        return command;
    }

    public static Command CreateEvaluate(TextWriter output) => CreateEvaluate(output, out _);

    /// <inheritdoc cref="Create(TextWriter, out Func{ParseResult, RecommendRequest})"/>
    internal static Command CreateEvaluate(TextWriter output, out Func<ParseResult, RecommendEvaluationRequest> requestOf)
    {
        var store = CommonOptions.Store();
        var split = new Option<string?>("--split") { Description = $"time (the last --test-days held out), random (25%) or leave-one-out (each customer's latest) (default {EvaluationDefaults.Split})" };
        split.AcceptOnlyFromAmong("time", "random", "leave-one-out");
        var testDays = new Option<int?>("--test-days") { Description = $"Days held out by --split time (default {EvaluationDefaults.TestDays})" };
        var k = new Option<int?>("--k") { Description = $"Cut-off of the ranking metrics (default {EvaluationDefaults.K})" };
        var seed = new Option<int?>("--seed") { Description = $"Seed of the split and the learned models (default {EvaluationDefaults.Seed})" };
        var format = CommonOptions.Output();
        var algorithms = new Option<string[]>("--algorithms")
        {
            Description = $"The algorithms to compare (default: all but content): {string.Join(", ", RecommendJob.Algorithms)}",
            AllowMultipleArgumentsPerToken = true,
        };
        var models = CommonOptions.Models();
        var (feedback, weight) = FeedbackOptions(EvaluationDefaults.Feedback);
        var command = new Command("recommend", "Every algorithm and the popularity baseline on one split: precision, recall, NDCG, MAP, hit rate, coverage, novelty at k")
        {
            store, split, testDays, k, seed, format, algorithms, models, feedback, weight,
        };
        Func<ParseResult, RecommendEvaluationRequest> toRequest = parse => new RecommendEvaluationRequest
        {
            StorePath = parse.GetValue(store)!,
            Split = parse.GetValue(split) ?? EvaluationDefaults.Split,
            TestDays = parse.GetValue(testDays) ?? EvaluationDefaults.TestDays,
            K = parse.GetValue(k) ?? EvaluationDefaults.K,
            Seed = parse.GetValue(seed) ?? EvaluationDefaults.Seed,
            Algorithms = parse.GetValue(algorithms) is { Length: > 0 } names ? names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray() : EvaluationDefaults.Algorithms,
            ModelDirectory = parse.GetValue(models),
            Feedback = parse.GetValue(feedback) ?? EvaluationDefaults.Feedback,
            Weights = ParseWeights(parse.GetValue(weight) ?? [], EvaluationDefaults.Weights),
        };
        requestOf = toRequest;
        command.SetAction(parse =>
        {
            var request = toRequest(parse);
            var result = RecommendJob.Evaluate(request);
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(result, CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            if (result.Note is not null)
            {
                console.MarkupLine(Markup.Escape(result.Note));
            }
            console.MarkupLine(result.Feedback == RecommendJob.Events
                ? $"split {result.Split}: {CommonOptions.Number(result.TrainInteractions)} training interactions (customer, product) from events and purchases; {CommonOptions.Number(result.TestInteractions)} purchases of products new to {CommonOptions.Number(result.HeldOutCustomers)} customers who bought in training held out; each algorithm also on purchases only"
                : $"split {result.Split}: {CommonOptions.Number(result.TrainInteractions)} training purchases, {CommonOptions.Number(result.TestInteractions)} new purchases of {CommonOptions.Number(result.HeldOutCustomers)} customers held out");
            if (result.Data?.Problem is { } problem)
            {
                console.MarkupLine($"[yellow]sparse data:[/] {Markup.Escape(problem)} (recommend falls back to popularity on such data)");
            }
            console.MarkupLine(Markup.Escape(result.Verdict));
            var table = new Table().Border(TableBorder.Simple).AddColumn("algorithm");
            foreach (var name in (string[])["precision", "recall", "NDCG", "MAP", "hit rate", "coverage", "novelty", "fit s"])
            {
                table.AddColumn(new TableColumn($"{name}{(name is "novelty" or "fit s" or "coverage" ? "" : $"@{request.K}")}").RightAligned());
            }
            foreach (var row in result.Rows)
            {
                table.AddRow(
                    row.Name == result.Best ? $"[bold]{Markup.Escape(row.Name)}[/]" : Markup.Escape(row.Name), F(row.Precision), F(row.Recall), F(row.Ndcg), F(row.Map), F(row.HitRate), F(row.Coverage),
                    row.Novelty.ToString("0.00", CultureInfo.InvariantCulture), row.FitSeconds.ToString("0.00", CultureInfo.InvariantCulture));
            }
            console.Write(table);
            var against = new Table().Border(TableBorder.Simple).Title($"against popularity, customer by customer (NDCG@{request.K})")
                .AddColumn("algorithm").AddColumn(new TableColumn("difference").RightAligned()).AddColumn(new TableColumn("95% interval").RightAligned())
                .AddColumn(new TableColumn("better for").RightAligned()).AddColumn(new TableColumn("worse for").RightAligned())
                .AddColumn(new TableColumn("sign test p").RightAligned()).AddColumn("distinguishable");
            foreach (var c in result.Comparisons)
            {
                against.AddRow(
                    Markup.Escape(c.Name), Signed(c.Difference), $"{Signed(c.Low)} to {Signed(c.High)}", CommonOptions.Number(c.Better), CommonOptions.Number(c.Worse),
                    c.SignTestP < 0.001 ? "< 0.001" : c.SignTestP.ToString("0.000", CultureInfo.InvariantCulture), c.Distinguishable ? (c.Difference > 0 ? "yes, better" : "yes, worse") : "no");
            }
            console.Write(against);
            return 0;
        });
        return command;
    }

    private static Option<string?> AlgorithmOption()
    {
        var option = new Option<string?>("--algorithm")
        {
            Description = $"One of {string.Join(", ", RecommendJob.Algorithms)} (content: product texts, by the text model when it is fetched, else TF-IDF) (default {Defaults.Algorithm})",
        };
        option.AcceptOnlyFromAmong([.. RecommendJob.Algorithms]);
        return option;
    }

    /// <summary>--feedback and --weight, shared by recommend and evaluate recommend.</summary>
    private static (Option<string?> Feedback, Option<string[]> Weight) FeedbackOptions(string defaultFeedback)
    {
        var feedback = new Option<string?>("--feedback")
        {
            Description = $"What the recommenders learn from: {RecommendJob.Purchases} (order lines), or {RecommendJob.Events} (views, cart adds and wishlist adds as weaker feedback beside purchases) (default {defaultFeedback})",
        };
        feedback.AcceptOnlyFromAmong(RecommendJob.Purchases, RecommendJob.Events);
        var defaults = new FeedbackWeights();
        var weight = new Option<string[]>("--weight")
        {
            Description = string.Create(CultureInfo.InvariantCulture,
                $"With --feedback events: name=value, repeated; names {string.Join(", ", FeedbackWeights.Names)} (defaults view={defaults.View}, cart_add={defaults.CartAdd}, wishlist_add={defaults.WishlistAdd}, purchase={defaults.Purchase}, cap={defaults.Cap} per customer and product)"),
            AllowMultipleArgumentsPerToken = true,
        };
        return (feedback, weight);
    }

    /// <summary>The --weight name=value pairs over <paramref name="defaults"/>; a bad pair is a user error that names it.</summary>
    internal static FeedbackWeights ParseWeights(string[] pairs, FeedbackWeights defaults)
    {
        var weights = defaults;
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new ClienteleException($"--weight {pair}: expected name=number, e.g. --weight view=0.1 (names: {string.Join(", ", FeedbackWeights.Names)})");
            }
            try
            {
                weights = weights.With(parts[0].Trim(), value);
            }
            catch (ArgumentException e)
            {
                throw new ClienteleException($"--weight {pair}: {e.Message.Split(" (Parameter")[0]}", e);
            }
        }
        return weights;
    }

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
}
