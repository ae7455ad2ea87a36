using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Core.Models;

namespace Clientele.Segmentation.Classification;

/// <summary>
/// The saved form of a <see cref="SegmentClassifier"/>: a <see cref="ModelFile"/> whose payload is the header (JSON)
/// and whose <see cref="ModelBlob"/> blob is ML.NET's model file.
/// </summary>
internal static class SegmentClassifierArchive
{
    public const string ModelBlob = "mlnet-model.zip";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static byte[] Write(SegmentClassifier classifier, MlMulticlassModel model)
    {
        var evaluation = classifier.Evaluation;
        var header = new Header
        {
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

        // ML.NET writes its own zip, which needs a seekable stream.
        using var buffer = new MemoryStream();
        model.Save(buffer);
        return ModelFile.Write(
            SegmentClassifier.ModelKind,
            SegmentClassifier.FormatVersion,
            JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions),
            new Dictionary<string, byte[]> { [ModelBlob] = buffer.ToArray() });
    }

    public static SegmentClassifier Read(ReadOnlySpan<byte> bytes)
    {
        var file = ModelFile.Read(bytes, SegmentClassifier.ModelKind, SegmentClassifier.FormatVersion);
        var header = file.Deserialize<Header>(JsonOptions);
        var blob = file.Blob(ModelBlob);
        return file.ReadPayload(_ =>
        {
            var (segments, slotSegments, featureNames, options, evaluation) = Check(header);
            using var buffer = new MemoryStream(blob, writable: false);
            var model = MlMulticlassModel.Load(buffer, featureNames.Length, slotSegments, options.Seed);
            return new SegmentClassifier(model, segments, featureNames, options, evaluation);
        });
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
