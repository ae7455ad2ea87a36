using System.Globalization;
using System.Text;
using System.Text.Json;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Language.Briefs;
using Clientele.Pipeline.State;
using Microsoft.Extensions.AI;

namespace Clientele.Pipeline;

/// <summary>An OpenAI-compatible endpoint to write briefs with (Ollama, vLLM, Azure OpenAI…).</summary>
public sealed record BriefLlmSettings
{
    /// <summary>The API's base address, e.g. <c>http://localhost:11434/v1</c> for Ollama.</summary>
    public required Uri Endpoint { get; init; }

    public required string Model { get; init; }

    /// <summary>The environment variable that holds the API key (the key itself is never an option: it would end up in shell history); null for none.</summary>
    /// <value>The default value is null.</value>
    public string? ApiKeyEnvironmentVariable { get; init; }

    /// <summary>How long to wait for one brief before using the template's, when not set: <see cref="LlmBriefOptions.Timeout"/>'s default.</summary>
    public static readonly TimeSpan DefaultTimeout = new LlmBriefOptions().Timeout;

    /// <value>The default value is <see cref="DefaultTimeout"/>.</value>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
}

/// <summary>What <c>clientele brief</c> should do.</summary>
public sealed record BriefRequest
{
    /// <summary>The store; null for the one segments.json names (with <see cref="SegmentsFile"/>).</summary>
    /// <value>The default value is null.</value>
    public string? StorePath { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>A segments.json (with its customers.csv beside it) to brief; null for the store's current segmentation (exported into <see cref="OutputDirectory"/>).</summary>
    /// <value>The default value is null.</value>
    public string? SegmentsFile { get; init; }

    /// <value>The default value is English only.</value>
    public IReadOnlyList<BriefLanguage> Languages { get; init; } = [BriefLanguage.English];

    /// <summary>A language model to write the briefs; null for the templates.</summary>
    /// <value>The default value is null.</value>
    public BriefLlmSettings? Llm { get; init; }

    /// <summary>A chat client to use instead of one built from <see cref="Llm"/> (the service's, or a test's).</summary>
    /// <value>The default value is null.</value>
    public IChatClient? ChatClient { get; init; }

    /// <summary>The sentiment models' folder for the reviews' sentiment.</summary>
    /// <value>The default value is null (the model cache's).</value>
    public string? ModelDirectory { get; init; }

    /// <summary>Themes and sentiment from other capabilities, when they have run.</summary>
    /// <value>The default value is null.</value>
    public BriefExtras? Extras { get; init; }
}

/// <summary>One segment's facts and its briefs, one per language.</summary>
public sealed record SegmentBriefs(SegmentFacts Facts, MarketingAngle Angle, IReadOnlyList<SegmentBrief> Briefs);

/// <summary>What a brief run produced and where it was written.</summary>
/// <param name="Segmentation">The store's current segmentation that was briefed, or null when a segments.json was given.</param>
/// <param name="LlmLogFile">The language-model log, or null when the templates wrote the briefs.</param>
/// <param name="Warnings">Briefs the templates wrote because the model failed, each with why.</param>
public sealed record BriefResult(
    BriefFactsSet Facts,
    IReadOnlyList<SegmentBriefs> Segments,
    IReadOnlyList<BriefLanguage> Languages,
    string Writer,
    SegmentResult? Segmentation,
    string MarkdownFile,
    string JsonFile,
    string? LlmLogFile,
    IReadOnlyList<string> Warnings)
{
    /// <summary>customer-sentiment.csv when the store's reviews were classified, else null.</summary>
    public string? SentimentFile { get; init; }

    /// <summary>Why review sentiment is not (or only partly) in the briefs: no reviews, or languages no model reads and how to train one; else null.</summary>
    public string? SentimentSkipped { get; init; }
}

/// <summary>
/// Segments (or reads a segmentation) → every segment's facts → a brief per segment and language, by the templates or a
/// language model (falling back to the templates) → briefs.md for people and briefs.json for programs.
/// </summary>
public static class BriefJob
{
    public const string MarkdownFileName = "briefs.md";
    public const string JsonFileName = "briefs.json";
    public const string LlmLogFileName = "briefs-llm-log.jsonl";
    public const int FormatVersion = 1;

    public static BriefResult Run(BriefRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Languages.Count == 0)
        {
            throw new ClienteleException("no language asked for: --language en, zh or both");
        }
        SegmentResult? segmentation = null;
        BriefFactsSet facts;
        string? sentimentFile;
        string? sentimentSkipped;
        if (request.SegmentsFile is { } segmentsFile)
        {
            var contents = SegmentsFileReader.Read(segmentsFile);
            (var extras, sentimentFile, sentimentSkipped) = ReviewSentiment(request, contents);
            facts = BriefFactsBuilder.Build(segmentsFile, contents, request.StorePath, extras);
        }
        else
        {
            // The store's current segmentation, with the current value model's columns when it values the same day's
            // customers: exported beside the briefs, and briefed from the rows the export was written from. Nothing is fitted.
            var storePath = request.StorePath ?? throw new ClienteleException("no store given: --store S, or --segments out/segments.json");
            using var store = ClienteleStore.OpenExisting(storePath);
            var version = ModelRegistry.Require(store, ModelKinds.Segmentation, ModelKinds.CommandFor(ModelKinds.Segmentation));
            // The segments' products (as the run kept them, or a grouped query over every customer's products) on a second
            // connection, while this one reads the segmentation's and value's rows and writes customers.csv.
            var products = SideConnection.Run(storePath, side => version.AsOf is { } asOf ? new SegmentProductRows(version.Version, asOf, StoredSegmentation.Products(side, version, asOf)) : null);
            try
            {
                segmentation = StoredSegmentation.Load(store, version, request.OutputDirectory);
                var value = ModelRegistry.Current(store, ModelKinds.Value) is { } current && current.AsOf == segmentation.AsOf ? current.Version : (long?)null;
                var values = value is { } v ? StoreExports.ValueRows(store, v) : null;
                StoreExports.Segmentation(store, segmentation.Version, segmentation.Customers, request.OutputDirectory, value, values);
                (var extras, sentimentFile, sentimentSkipped) = ReviewSentiment(request, SegmentsFileReader.Read(segmentation.SegmentsFile));
                extras = (extras ?? new BriefExtras()) with { SegmentProducts = products.GetAwaiter().GetResult() };
                facts = BriefFactsBuilder.Build(store, storePath, segmentation, values, BriefFactsBuilder.ValueHorizon(segmentation.CustomersFile), extras);
            }
            finally
            {
                // The query on the second connection ends first, whatever happened here.
                SideConnection.Settle(products);
            }
        }

        Directory.CreateDirectory(request.OutputDirectory);
        var (llm, logFile, writer) = LanguageModel(request);
        var segments = new List<SegmentBriefs>();
        var warnings = new List<string>();
        foreach (var f in facts.Segments)
        {
            var briefs = new List<SegmentBrief>();
            foreach (var language in request.Languages)
            {
                var brief = llm is null
                    ? TemplateBriefWriter.Write(f, language)
                    : llm.WriteAsync(f, language).GetAwaiter().GetResult();
                if (brief.Warning is { } warning)
                {
                    warnings.Add(warning);
                }
                briefs.Add(brief);
            }
            segments.Add(new SegmentBriefs(f, MarketingAngleRules.Choose(f), briefs));
        }

        var markdownFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, MarkdownFileName));
        var jsonFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, JsonFileName));
        var result = new BriefResult(facts, segments, request.Languages, writer, segmentation, markdownFile, jsonFile, logFile, warnings)
        {
            SentimentFile = sentimentFile,
            SentimentSkipped = sentimentSkipped,
        };
        File.WriteAllText(markdownFile, BriefsMarkdown.Render(result), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.WriteAllText(jsonFile, JsonSerializer.Serialize(Document(result, request), BriefJson.Indented), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return result;
    }

    /// <summary>
    /// The extras, with every reviewing customer's sentiment added (and written to customer-sentiment.csv) unless the
    /// caller brought sentiment of its own; or why there is none.
    /// </summary>
    private static (BriefExtras? Extras, string? File, string? Skipped) ReviewSentiment(BriefRequest request, SegmentsFileContents segments)
    {
        if (request.Extras is { Sentiment: not null } or { CustomerSentiment: not null })
        {
            return (request.Extras, null, null);
        }
        if ((request.StorePath ?? segments.Store) is not { } store)
        {
            return (request.Extras, null, null);
        }
        var sentiment = CustomerSentiment.Compute(store, segments.AsOf, request.ModelDirectory);
        if (sentiment.Customers.Count == 0)
        {
            return (request.Extras, null, sentiment.Skipped);
        }
        var file = CustomerSentiment.Write(sentiment, request.OutputDirectory);
        return ((request.Extras ?? new BriefExtras()) with { CustomerSentiment = sentiment }, file, sentiment.Skipped);
    }

    /// <summary>The language-model writer, its log (emptied for this run) and how the briefs say they were written; nulls for the templates.</summary>
    private static (LlmBriefWriter? Writer, string? LogFile, string Description) LanguageModel(BriefRequest request)
    {
        if (request.ChatClient is null && request.Llm is null)
        {
            return (null, null, "template");
        }
        var client = request.ChatClient ?? CreateClient(request.Llm!);
        var logFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, LlmLogFileName));
        File.WriteAllText(logFile, "");
        var writer = new LlmBriefWriter(client, new LlmBriefOptions
        {
            Model = request.Llm?.Model,
            Timeout = request.Llm?.Timeout ?? new LlmBriefOptions().Timeout,
            LogPath = logFile,
        });
        return (writer, logFile, request.Llm is { } llm ? $"language model {llm.Model} at {llm.Endpoint}" : "language model");
    }

    private static IChatClient CreateClient(BriefLlmSettings settings)
    {
        string? key = null;
        if (settings.ApiKeyEnvironmentVariable is { } variable)
        {
            key = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(key))
            {
                throw new ClienteleException($"--llm-api-key-env {variable}: the environment variable {variable} is not set");
            }
        }
        if (!settings.Endpoint.IsAbsoluteUri || settings.Endpoint.Scheme is not ("http" or "https"))
        {
            throw new ClienteleException($"--llm-endpoint {settings.Endpoint}: expected an http:// or https:// address, e.g. http://localhost:11434/v1");
        }
        return OpenAiCompatibleChatClient.Create(settings.Endpoint, settings.Model, key);
    }

    private static BriefsDocument Document(BriefResult result, BriefRequest request) => new(
        FormatVersion,
        result.Facts.Store,
        result.Facts.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        result.Facts.SegmentsFile,
        result.Facts.CustomersFile,
        result.Languages.Select(l => l.Code()).ToArray(),
        result.Writer,
        request.Llm is { } llm ? new BriefsLlmSection(llm.Endpoint.ToString(), llm.Model, llm.ApiKeyEnvironmentVariable, result.LlmLogFile) : null,
        "briefs.md and the angle rules: see MarketingAngleRules (r = median days since the last order, R0 = order_interval_days (median days between orders of repeat customers; else everyone's median recency), f = mean orders, m = monetary lift)",
        result.Facts.ValueColumns,
        result.Segments.Select(s => new BriefsSegmentEntry(
            s.Facts.Method,
            s.Facts.SegmentId,
            s.Facts.Name,
            s.Facts.Label,
            s.Angle.Code(),
            s.Briefs.ToDictionary(
                b => b.Language.Code(),
                b => new BriefsTextEntry(b.Description, b.AngleText, b.Source == BriefSource.LanguageModel ? "llm" : "template", b.Warning)),
            s.Facts)).ToArray(),
        result.Warnings);
}

/// <summary>briefs.json.</summary>
public sealed record BriefsDocument(
    int FormatVersion,
    string? Store,
    string AsOf,
    string SegmentsFile,
    string CustomersFile,
    IReadOnlyList<string> Languages,
    string Writer,
    BriefsLlmSection? Llm,
    string Rules,
    IReadOnlyList<string> ValueColumns,
    IReadOnlyList<BriefsSegmentEntry> Segments,
    IReadOnlyList<string> Warnings);

/// <summary>The endpoint that wrote the briefs; the key's variable name only, never the key.</summary>
public sealed record BriefsLlmSection(string Endpoint, string Model, string? ApiKeyEnv, string? LogFile);

/// <param name="Angle">The rule-based angle's code, e.g. "win_back".</param>
/// <param name="Briefs">By language code ("en", "zh").</param>
public sealed record BriefsSegmentEntry(
    string Method,
    int SegmentId,
    string Name,
    string Label,
    string Angle,
    IReadOnlyDictionary<string, BriefsTextEntry> Briefs,
    SegmentFacts Facts);

/// <param name="Source">"template" or "llm".</param>
public sealed record BriefsTextEntry(string Description, string Angle, string Source, string? Warning);
