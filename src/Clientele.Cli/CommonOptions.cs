using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clientele.Cli;

/// <summary>Options several commands share, defined once.</summary>
internal static class CommonOptions
{
    public const string DefaultStore = "clientele.duckdb";
    public const string DefaultOut = "clientele-out";

    public static Option<string> Store() => new("--store")
    {
        Description = "The DuckDB store file",
        DefaultValueFactory = _ => DefaultStore,
    };

    public static Option<string> Out() => new("--out")
    {
        Description = "Folder for the outputs (customers.csv, segments.json)",
        DefaultValueFactory = _ => DefaultOut,
    };

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
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A progress bar on a terminal; nothing when output is redirected or machine-readable.</summary>
    public static bool ShowProgress(TextWriter output, bool json) =>
        !json && output == Console.Out && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
}
