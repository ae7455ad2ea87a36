using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clientele.Segmentation.Classification;

/// <summary>
/// The saved form of a <see cref="SegmentClassifier"/>: a zip with <see cref="HeaderEntry"/> (JSON) and
/// <see cref="ModelEntry"/> (ML.NET's model file).
/// </summary>
internal static class SegmentClassifierArchive
{
    public const string HeaderEntry = "segment-classifier.json";
    public const string ModelEntry = "mlnet-model.zip";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static void Write(Stream stream, SegmentClassifier classifier, MlMulticlassModel model)
    {
        var evaluation = classifier.Evaluation;
        var header = new Header
        {
            Format = SegmentClassifier.FormatName,
            FormatVersion = SegmentClassifier.FormatVersion,
            Segments = [.. classifier.Segments],
            SlotSegments = model.SlotSegments,
            FeatureNames = [.. classifier.FeatureNames],
            Options = classifier.Options,
            Evaluation = new EvaluationHeader
            {
                AccuracyMean = evaluation.AccuracyMean,
                AccuracyStandardDeviation = evaluation.AccuracyStandardDeviation,
                MacroF1Mean = evaluation.MacroF1Mean,
                MacroF1StandardDeviation = evaluation.MacroF1StandardDeviation,
                MacroRecallMean = evaluation.MacroRecallMean,
                MacroRecallStandardDeviation = evaluation.MacroRecallStandardDeviation,
                Folds = [.. evaluation.FoldConfusions.Select(fold => fold.ToArray())],
            },
        };

        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = archive.CreateEntry(HeaderEntry, CompressionLevel.Optimal).Open())
        {
            JsonSerializer.Serialize(entry, header, JsonOptions);
        }
        using (var entry = archive.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open())
        {
            // ML.NET writes its own zip, which needs a seekable stream.
            using var buffer = new MemoryStream();
            model.Save(buffer);
            buffer.Position = 0;
            buffer.CopyTo(entry);
        }
    }

    public static SegmentClassifier Read(Stream stream)
    {
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var headerEntry = archive.GetEntry(HeaderEntry)
                ?? throw new FormatException($"Not a saved segment classifier: the zip has no {HeaderEntry}.");
            Header header;
            using (var entry = headerEntry.Open())
            {
                using var document = JsonDocument.Parse(entry);
                CheckFormat(document.RootElement);
                header = document.Deserialize<Header>(JsonOptions)
                    ?? throw new FormatException($"The segment classifier's {HeaderEntry} is empty.");
            }
            var (segments, slotSegments, featureNames, options, evaluation) = Check(header);

            var modelEntry = archive.GetEntry(ModelEntry)
                ?? throw new FormatException($"The saved segment classifier has no {ModelEntry}.");
            using var buffer = new MemoryStream();
            using (var entry = modelEntry.Open())
            {
                entry.CopyTo(buffer);
            }
            buffer.Position = 0;
            var model = MlMulticlassModel.Load(buffer, featureNames.Length, slotSegments, options.Seed);
            return new SegmentClassifier(model, segments, featureNames, options, evaluation);
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"The saved segment classifier cannot be read: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The segment classifier's {HeaderEntry} cannot be read: {e.Message}", e);
        }
    }

    private static void CheckFormat(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format)
            || format.ValueKind != JsonValueKind.String
            || format.GetString() != SegmentClassifier.FormatName)
        {
            throw new FormatException($"Not a saved segment classifier: expected \"format\": \"{SegmentClassifier.FormatName}\" in {HeaderEntry}.");
        }
        if (!root.TryGetProperty("formatVersion", out var version) || !version.TryGetInt32(out var number))
        {
            throw new FormatException($"The segment classifier's {HeaderEntry} has no integer \"formatVersion\".");
        }
        if (number != SegmentClassifier.FormatVersion)
        {
            throw new FormatException(
                $"Segment classifier format version {number} is not supported; this build reads version {SegmentClassifier.FormatVersion}.");
        }
    }

    private static (int[] Segments, int[] SlotSegments, string[] FeatureNames, SegmentClassifierOptions Options, SegmentClassifierEvaluation Evaluation) Check(Header header)
    {
        var segments = header.Segments;
        if (segments.Length < 2 || segments.Zip(segments.Skip(1)).Any(pair => pair.First >= pair.Second))
        {
            throw new FormatException("The saved segment classifier's segments must be at least two distinct ids in ascending order.");
        }
        if (!header.SlotSegments.Order().SequenceEqual(segments))
        {
            throw new FormatException("The saved segment classifier's slotSegments are not its segments in some order.");
        }
        if (header.FeatureNames.Length == 0)
        {
            throw new FormatException("The saved segment classifier has no feature names.");
        }
        try
        {
            header.Options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The saved segment classifier's options are invalid: {e.Message}", e);
        }
        var folds = header.Evaluation.Folds;
        if (folds.Length != header.Options.Folds)
        {
            throw new FormatException($"The saved segment classifier has {folds.Length} fold confusion matrices for {header.Options.Folds} folds.");
        }
        ConfusionMatrix[] confusions;
        try
        {
            confusions = [.. folds.Select(fold => new ConfusionMatrix(segments, fold))];
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The saved segment classifier's fold confusion counts are invalid: {e.Message}", e);
        }
        return (segments, header.SlotSegments, header.FeatureNames, header.Options, new SegmentClassifierEvaluation(confusions));
    }

    /// <summary>The JSON header. The summary metrics are written for people reading the file; they are recomputed from the fold counts on reading.</summary>
    private sealed class Header
    {
        public required string Format { get; init; }

        public required int FormatVersion { get; init; }

        public required int[] Segments { get; init; }

        public required int[] SlotSegments { get; init; }

        public required string[] FeatureNames { get; init; }

        public required SegmentClassifierOptions Options { get; init; }

        public required EvaluationHeader Evaluation { get; init; }
    }

    private sealed class EvaluationHeader
    {
        public double AccuracyMean { get; init; }

        public double AccuracyStandardDeviation { get; init; }

        public double MacroF1Mean { get; init; }

        public double MacroF1StandardDeviation { get; init; }

        public double MacroRecallMean { get; init; }

        public double MacroRecallStandardDeviation { get; init; }

        public required long[][][] Folds { get; init; }
    }
}
