using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clientele.Value.Classification;

/// <summary>
/// The saved form of a classifier: a zip holding <c>clientele-model.json</c> (the model's kind, format version, feature
/// names and settings, readable by anyone) and <c>mlnet-model.zip</c> (ML.NET's own model file, unchanged).
/// </summary>
internal static class ModelArchive
{
    public const string ManifestEntry = "clientele-model.json";
    public const string ModelEntry = "mlnet-model.zip";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Fields every manifest has, read first to check the kind and version before the rest.</summary>
    private sealed record Header(string? Model, int FormatVersion);

    public static void Write<TManifest>(Stream stream, TManifest manifest, MlBinaryClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = archive.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
        {
            JsonSerializer.Serialize(entry, manifest, Options);
        }
        using (var entry = archive.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open())
        {
            classifier.Save(entry);
        }
    }

    /// <summary>Reads the manifest and the ML.NET model, checking the kind and that the format version is one this build reads.</summary>
    public static (TManifest Manifest, MlBinaryClassifier Classifier) Read<TManifest>(
        Stream stream, string kind, int formatVersion, Func<TManifest, (int FeatureCount, int Seed)> shape)
        where TManifest : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var manifestEntry = archive.GetEntry(ManifestEntry)
                ?? throw new ValueModelException($"This is not a saved {kind} model: it has no {ManifestEntry}.");
            string json;
            using (var reader = new StreamReader(manifestEntry.Open()))
            {
                json = reader.ReadToEnd();
            }
            var header = JsonSerializer.Deserialize<Header>(json, Options);
            if (header?.Model != kind)
            {
                throw new ValueModelException($"The file holds a {header?.Model ?? "unnamed"} model, not a {kind} model.");
            }
            if (header.FormatVersion < 1 || header.FormatVersion > formatVersion)
            {
                throw new ValueModelException(
                    $"The {kind} model has format version {header.FormatVersion}; this version of Clientele reads versions 1 to {formatVersion}.");
            }
            var manifest = JsonSerializer.Deserialize<TManifest>(json, Options)
                ?? throw new ValueModelException($"The {kind} model's {ManifestEntry} is empty.");
            var modelEntry = archive.GetEntry(ModelEntry)
                ?? throw new ValueModelException($"The saved {kind} model has no {ModelEntry}.");
            var (featureCount, seed) = shape(manifest);
            // ML.NET reads a seekable stream.
            using var buffer = new MemoryStream();
            using (var entry = modelEntry.Open())
            {
                entry.CopyTo(buffer);
            }
            buffer.Position = 0;
            return (manifest, MlBinaryClassifier.Load(buffer, featureCount, seed));
        }
        catch (InvalidDataException e)
        {
            throw new ValueModelException($"The saved {kind} model cannot be read: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new ValueModelException($"The {kind} model's {ManifestEntry} cannot be read: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new ValueModelException($"The {kind} model's ML.NET part cannot be read: {e.Message}", e);
        }
    }
}
