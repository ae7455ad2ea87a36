using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Core.Models;

namespace Clientele.Value.Classification;

/// <summary>
/// The saved form of a classifier: a <see cref="ModelFile"/> whose payload is the model's manifest (feature names and
/// settings, readable by anyone) and whose <see cref="ModelBlob"/> blob is ML.NET's own model file, unchanged.
/// </summary>
internal static class ModelArchive
{
    public const string ModelBlob = "mlnet-model.zip";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Write<TManifest>(string kind, int formatVersion, TManifest manifest, MlBinaryClassifier classifier)
    {
        using var model = new MemoryStream();
        classifier.Save(model);
        return ModelFile.Write(
            kind, formatVersion, JsonSerializer.SerializeToUtf8Bytes(manifest, Options), new Dictionary<string, byte[]> { [ModelBlob] = model.ToArray() });
    }

    /// <summary>Reads the manifest and the ML.NET model, checking the kind and that the format version is one this build reads.</summary>
    public static (TManifest Manifest, MlBinaryClassifier Classifier) Read<TManifest>(
        ReadOnlySpan<byte> bytes, string kind, int formatVersion, Func<TManifest, (int FeatureCount, int Seed)> shape)
        where TManifest : class
    {
        var file = ModelFile.Read(bytes, kind, formatVersion);
        var manifest = file.Deserialize<TManifest>(Options);
        var (featureCount, seed) = shape(manifest);
        var blob = file.Blob(ModelBlob);
        return file.ReadPayload(_ =>
        {
            // ML.NET reads a seekable stream.
            using var buffer = new MemoryStream(blob, writable: false);
            return (manifest, MlBinaryClassifier.Load(buffer, featureCount, seed));
        });
    }
}
