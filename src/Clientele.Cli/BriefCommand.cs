using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Language.Briefs;
using Clientele.Pipeline;
using Clientele.Pipeline.Text;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele brief</c>: a short description and a marketing angle for every segment, in English and/or Chinese.</summary>
internal static class BriefCommand
{
    /// <summary>The request's defaults, which an option without a value leaves alone (and the help shows).</summary>
    private static readonly BriefRequest Defaults = new() { OutputDirectory = "" };

    public static Command Create(TextWriter output)
    {
        var store = new Option<string?>("--store") { Description = $"The store: {CommonOptions.StoreHelp} (default: the one segments.json names, else ${CommonOptions.StoreVariable}, else {CommonOptions.DefaultStore})" };
        var segments = new Option<string?>("--segments")
        {
            Description = "Brief this segmentation (segments.json with its customers.csv beside it; value columns are used when present) instead of the store's current one",
        };
        var language = new Option<string?>("--language") { Description = $"en, zh (simplified Chinese) or both (default {string.Join(" and ", Defaults.Languages.Select(l => l.Code()))})" };
        language.AcceptOnlyFromAmong("en", "zh", "both");
        var endpoint = new Option<string?>("--llm-endpoint")
        {
            Description = "An OpenAI-compatible API to write the briefs, e.g. http://localhost:11434/v1 (Ollama); failures fall back to the templates",
        };
        var model = new Option<string?>("--llm-model") { Description = "The model at --llm-endpoint, e.g. llama3.1:8b" };
        var keyEnv = new Option<string?>("--llm-api-key-env") { Description = "Name of the environment variable holding the API key (none for a local server)" };
        var timeout = new Option<int?>("--llm-timeout") { Description = $"Seconds to wait for one brief before using the template's (default {BriefLlmSettings.DefaultTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)})" };
        var outDir = CommonOptions.Out(CommonOptions.OutHelp.Brief);
        var format = CommonOptions.Output();
        var models = TextCommand.ModelsOption();
        models.Description = $"The model cache whose sentiment models read the store's reviews (default: ${ModelCacheFolders.Variable}, or ~/.cache/clientele/models); without one for their language the briefs use the star ratings";
        var command = new Command("brief", "Write briefs.md and briefs.json: each segment described in a few sentences, with a marketing angle chosen by rules from its facts")
        {
            store, segments, language, endpoint, model, keyEnv, timeout, outDir, format, models,
        };
        command.SetAction(parse =>
        {
            var llm = Llm(parse.GetValue(endpoint), parse.GetValue(model), parse.GetValue(keyEnv), parse.GetValue(timeout));
            var segmentsFile = parse.GetValue(segments);
            var request = new BriefRequest
            {
                StorePath = parse.GetValue(store) ?? (segmentsFile is null ? CommonOptions.DefaultStoreLocation : null),
                OutputDirectory = parse.GetValue(outDir)!,
                SegmentsFile = segmentsFile,
                Languages = parse.GetValue(language) switch
                {
                    null => Defaults.Languages,
                    "zh" => [BriefLanguage.Chinese],
                    "both" => [BriefLanguage.English, BriefLanguage.Chinese],
                    _ => [BriefLanguage.English],
                },
                Llm = llm,
                ModelDirectory = parse.GetValue(models) is { } root ? ModelCacheFolders.Sentiment(root) : null,
            };
            var result = UserErrors.Guard(() => BriefJob.Run(request));
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(Summary(result), CommonOptions.Json));
                return 0;
            }
            var console = CliApp.HumanConsole(output);
            if (result.Segmentation is { } current)
            {
                console.MarkupLine($"briefing the store's current segmentation (version {current.Version}, as of {current.AsOf:yyyy-MM-dd}; clientele models list shows the others)");
            }
            Print(console, result);
            return 0;
        });
        return command;
    }

    private static BriefLlmSettings? Llm(string? endpoint, string? model, string? keyEnv, int? timeoutSeconds)
    {
        if (endpoint is null)
        {
            if (model is not null || keyEnv is not null)
            {
                throw new ClienteleException("--llm-model and --llm-api-key-env need --llm-endpoint");
            }
            return null;
        }
        if (model is null)
        {
            throw new ClienteleException("--llm-endpoint needs --llm-model (the model to ask for)");
        }
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ClienteleException($"--llm-endpoint {endpoint}: expected an http:// or https:// address, e.g. http://localhost:11434/v1");
        }
        if (timeoutSeconds < 1)
        {
            throw new ClienteleException($"--llm-timeout {timeoutSeconds}: at least 1 second");
        }
        var settings = new BriefLlmSettings { Endpoint = uri, Model = model, ApiKeyEnvironmentVariable = keyEnv };
        return timeoutSeconds is { } seconds ? settings with { Timeout = TimeSpan.FromSeconds(seconds) } : settings;
    }

    private static object Summary(BriefResult r) => new
    {
        r.Facts.Store,
        AsOf = r.Facts.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        r.Facts.SegmentsFile,
        Languages = r.Languages.Select(l => l.Code()),
        r.Writer,
        Segments = r.Segments.Select(s => new
        {
            s.Facts.Method,
            Id = s.Facts.SegmentId,
            s.Facts.Name,
            s.Facts.Customers,
            Angle = s.Angle.Code(),
            TopProduct = s.Facts.TopProducts.Count > 0 ? s.Facts.TopProducts[0].Name : null,
            Sources = s.Briefs.ToDictionary(b => b.Language.Code(), b => b.Source == BriefSource.LanguageModel ? "llm" : "template"),
        }),
        r.Warnings,
        r.MarkdownFile,
        r.JsonFile,
        r.LlmLogFile,
        r.SentimentFile,
        r.SentimentSkipped,
    };

    private static void Print(IAnsiConsole console, BriefResult r)
    {
        var total = r.Segments.Count > 0 ? r.Segments[0].Facts.TotalCustomers : 0;
        console.MarkupLine($"[bold]{r.Segments.Count} segments[/] of {CommonOptions.Number(total)} customers as of {r.Facts.AsOf:yyyy-MM-dd}; briefs in {string.Join(" and ", r.Languages.Select(l => l == BriefLanguage.Chinese ? "Chinese" : "English"))}, by the {Markup.Escape(r.Writer)}");
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("segment").AddColumn(new TableColumn("customers").RightAligned()).AddColumn("angle").AddColumn("top product");
        foreach (var s in r.Segments)
        {
            var name = s.Facts.Kind switch
            {
                SegmentKind.RfmSegment => s.Facts.Name,
                SegmentKind.Noise => "noise (in no dense group)",
                _ => $"{s.Facts.Name}: {s.Facts.Label}",
            };
            table.AddRow(
                Markup.Escape(name),
                CommonOptions.Number(s.Facts.Customers),
                TemplateBriefWriter.AngleName(s.Angle, BriefLanguage.English),
                Markup.Escape(s.Facts.TopProducts.Count > 0 ? BriefText.ProductName(s.Facts.TopProducts[0].Name) : "–"));
        }
        console.Write(table);
        foreach (var warning in r.Warnings)
        {
            console.MarkupLine($"[yellow]warning[/]: {Markup.Escape(warning)}");
        }
        if (r.LlmLogFile is not null)
        {
            console.MarkupLine($"wrote {Markup.Escape(r.LlmLogFile)} (prompts, facts and answers)");
        }
        if (r.SentimentSkipped is not null)
        {
            console.MarkupLine($"[grey]{Markup.Escape(r.SentimentSkipped)}[/]");
        }
        if (r.SentimentFile is not null)
        {
            console.MarkupLine($"wrote {Markup.Escape(r.SentimentFile)} (each reviewing customer's sentiment)");
        }
        console.MarkupLine($"wrote {Markup.Escape(r.MarkdownFile)}");
        console.MarkupLine($"wrote {Markup.Escape(r.JsonFile)}");
    }
}
