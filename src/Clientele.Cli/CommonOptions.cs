using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Core;

namespace Clientele.Cli;

/// <summary>Options several commands share, defined once.</summary>
internal static class CommonOptions
{
    public const string DefaultStore = "clientele.duckdb";

    /// <summary>The environment variable that names the store when --store is not given.</summary>
    public const string StoreVariable = "CLIENTELE_STORE";

    /// <summary>The store when --store is not given: $CLIENTELE_STORE, else <see cref="DefaultStore"/>.</summary>
    public static string DefaultStoreLocation => Environment.GetEnvironmentVariable(StoreVariable) is { Length: > 0 } location ? location : DefaultStore;

    /// <summary>What --store takes, for the help of every command that has it.</summary>
    public const string StoreHelp = "a DuckDB file, or a PostgreSQL connection string (postgres://user:password@host:port/database or Host=…;Database=…)";
    public const string DefaultOut = "clientele-out";

    public static Option<string> Store() => new("--store")
    {
        Description = $"The store: {StoreHelp} (default ${StoreVariable}, else {DefaultStore})",
        DefaultValueFactory = _ => DefaultStoreLocation,
    };

    public static Option<string> Out(string description) => new("--out")
    {
        Description = description,
        DefaultValueFactory = _ => DefaultOut,
    };

    /// <summary>The files each command writes in --out, as its help names them.</summary>
    internal static class OutHelp
    {
        public const string Segment = "Folder for the outputs: customers.csv, segments.json, and segment-classifier.json when there are clusters";

        public const string Value = "Folder for the outputs: customers.csv (value columns added, or written afresh with segments.json when it lacks customers) and value-model.json";

        public const string Report = "Folder for the outputs: report.html and figures/, with customers.csv, segments.json, segment-classifier.json, value-model.json, "
            + "recommendations.csv and similar-products.csv exported from the store's current models (each only when the store has it)";

        public const string Refresh = "Folder for the outputs: every file segment, value, recommend and report write, exported from the store";

        public const string Export = "Folder for the exported files";

        public const string Recommend = "Folder for the outputs: recommendations.csv and similar-products.csv";

        public const string Brief = "Folder for the outputs: briefs.md, briefs.json, customer-sentiment.csv when the store has reviews, "
            + "briefs-llm-log.jsonl with --llm-endpoint, and customers.csv and segments.json of the store's current segmentation (without --segments)";

        public const string Demo = "Folder for the outputs: rejects.csv, customers.csv, segments.json, segment-classifier.json, campaign/, report.html and figures/";

        public const string Assign = "Folder that holds segment-classifier.json (unless --classifier) and receives assignments.csv";
    }

    /// <summary>Where the text model is; by default the model cache that scripts/fetch-models.sh fills.</summary>
    public static Option<string?> Models() => new("--models")
    {
        Description = "Folder of the USE-lite text model (default: $CLIENTELE_MODELS/use-lite or ~/.cache/clientele/models/use-lite; fetch with scripts/fetch-models.sh)",
    };

    public static Option<string> Output()
    {
        var option = new Option<string>("--output")
        {
            Description = "text for people, json for programs",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new ExactDecimalJsonConverter() },
    };

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A progress bar on a terminal; nothing when output is redirected or machine-readable.</summary>
    public static bool ShowProgress(TextWriter output, bool json) =>
        !json && output == Console.Out && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
}
