using System.Globalization;
using System.Text.Json;
using Clientele.Core;

namespace Clientele.Pipeline;

/// <summary>A segment as segments.json names it, with its themes when the segmentation found any.</summary>
/// <param name="Themes">Its distinctive terms whose z-score is at least <see cref="SegmentsFileReader.ThemeMinimumZ"/>, most distinctive first.</param>
public sealed record SegmentName(int Id, string Name, string Label, IReadOnlyList<string> Themes);

/// <summary>What a later step reads back from segments.json: the store, the as-of date, and every segment's id, name and label.</summary>
public sealed record SegmentsFileContents(string? Store, DateOnly AsOf, IReadOnlyList<SegmentName> Rfm, string? ClusterMethod, IReadOnlyList<SegmentName> Clusters);

/// <summary>Reads segments.json (written by <see cref="SegmentsJson"/>) back, with a one-line error for anything else.</summary>
public static class SegmentsFileReader
{
    /// <summary>
    /// Themes below this z-score (two-sided 5 %) are not read: small segments have distinctive-looking words that are
    /// noise (the 31 customers of Online Retail's "New" segment score about 1).
    /// </summary>
    public const double ThemeMinimumZ = 1.96;

    public static SegmentsFileContents Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ClienteleException($"No segments file at {path}. Write one with: clientele segment --out DIR");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ClienteleException($"not a JSON file ({e.Message.Split('\n')[0]})", path, e.LineNumber + 1);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format_version", out _))
            {
                throw new ClienteleException("not a segments.json written by clientele segment (no format_version)", path);
            }
            if (root.TryGetProperty("features_file", out var table) && table.ValueKind == JsonValueKind.String)
            {
                throw new ClienteleException(
                    $"this segmentation clusters the feature table {table.GetString()}; briefs need a segmentation of a store's customers (clientele segment --store S)", path);
            }
            var asOfText = root.TryGetProperty("as_of", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "";
            if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            {
                throw new ClienteleException($"as_of \"{asOfText}\" is not a yyyy-MM-dd date", path);
            }
            var store = root.TryGetProperty("store", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var rfm = root.TryGetProperty("rfm", out var r) && r.ValueKind == JsonValueKind.Object ? Segments(r, path) : [];
            IReadOnlyList<SegmentName> clusters = [];
            string? method = null;
            if (root.TryGetProperty("clustering", out var c) && c.ValueKind == JsonValueKind.Object)
            {
                method = c.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                clusters = Segments(c, path);
            }
            return new SegmentsFileContents(store, asOf, rfm, method, clusters);
        }
    }

    private static SegmentName[] Segments(JsonElement section, string path)
    {
        if (!section.TryGetProperty("segments", out var segments) || segments.ValueKind != JsonValueKind.Array)
        {
            throw new ClienteleException("a section without its segments", path);
        }
        return segments.EnumerateArray().Select(e =>
        {
            if (!e.TryGetProperty("id", out var id) || !id.TryGetInt32(out var value)
                || !e.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw new ClienteleException("a segment without an id and a name", path);
            }
            var label = e.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
            var themes = e.TryGetProperty("themes", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray()
                    .Where(theme => theme.TryGetProperty("term", out var term) && term.ValueKind == JsonValueKind.String
                        && theme.TryGetProperty("z_score", out var z) && ZScore(z) is { } score && score >= ThemeMinimumZ)
                    .Select(theme => theme.GetProperty("term").GetString()!)
                    .ToArray()
                : [];
            return new SegmentName(value, name.GetString()!, label, themes);
        }).ToArray();
    }

    /// <summary>A theme's z-score: a number, or "Infinity" as segments.json writes a term no other segment has (NaN and anything else: none).</summary>
    private static double? ZScore(JsonElement z) => z.ValueKind switch
    {
        JsonValueKind.Number => z.GetDouble(),
        JsonValueKind.String when double.TryParse(z.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var named) => named,
        _ => null,
    };
}
