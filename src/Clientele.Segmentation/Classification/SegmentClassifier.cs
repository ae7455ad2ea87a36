using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Segmentation.Classification;

/// <summary>
/// A trained segment classifier (from <see cref="SegmentClassifierFitter"/>): assigns a customer's features to one of
/// the segments it was trained on, with the probability of each. Immutable; safe to use from several threads.
/// </summary>
/// <remarks>
/// <see cref="Save()"/> writes a <see cref="ModelFile"/> of kind <c>segment-classifier</c> whose payload holds the
/// segments, feature names, options and the cross-validation counts (readable by anyone) and whose
/// <c>mlnet-model.zip</c> blob is ML.NET's own model file, unchanged; <see cref="Load(ReadOnlySpan{byte})"/> reads it
/// back to a classifier that predicts exactly the same.
/// </remarks>
public sealed class SegmentClassifier : ISaveableModel<SegmentClassifier>
{
    /// <summary>
    /// The version of the saved layout this build writes and reads. Version 1: the payload and blob described on
    /// <see cref="SegmentClassifier"/>; the payload's <c>segments</c> ascending, <c>slotSegments</c> the segment of
    /// each ML.NET score slot, <c>evaluation.folds</c> each fold's confusion counts <c>[actual][predicted]</c>.
    /// </summary>
    public const int FormatVersion = 1;

    private readonly MlMulticlassModel _model;
    private readonly int[] _segments;
    private readonly string[] _featureNames;

    internal SegmentClassifier(
        MlMulticlassModel model, int[] segments, string[] featureNames, SegmentClassifierOptions options, SegmentClassifierEvaluation evaluation)
    {
        if (!model.Segments.SequenceEqual(segments))
        {
            throw new InvalidOperationException(
                $"The ML.NET model scores the segments {string.Join(", ", model.Segments)}, not the training segments {string.Join(", ", segments)}.");
        }
        _model = model;
        _segments = segments;
        _featureNames = featureNames;
        Options = options;
        Evaluation = evaluation;
    }

    /// <summary>Gets the segments the classifier tells apart, ascending: the order of every prediction's probabilities.</summary>
    public IReadOnlyList<int> Segments => _segments.AsReadOnly();

    /// <summary>Gets the names of the features it was trained on, in the order a prediction's features must follow.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames.AsReadOnly();

    /// <summary>Gets the options it was trained with.</summary>
    public SegmentClassifierOptions Options { get; }

    /// <summary>Gets the cross-validated estimate of how well it assigns customers it was not trained on.</summary>
    public SegmentClassifierEvaluation Evaluation { get; }

    /// <summary>The segment of one customer whose features are <paramref name="features"/>, in the order of <see cref="FeatureNames"/>.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="features"/> does not have one value per feature, or a value is NaN, infinite or beyond float's range.
    /// </exception>
    public SegmentPrediction Predict(ReadOnlySpan<double> features)
    {
        if (features.Length != _featureNames.Length)
        {
            throw new ArgumentException(
                $"The segment classifier takes {_featureNames.Length} features ({string.Join(", ", _featureNames)}), got {features.Length}.",
                nameof(features));
        }
        var row = ClassifierInput.ToFloats(features, rowIndex: null, _featureNames, nameof(features));
        return new SegmentPrediction(_segments, _model.Probabilities(row));
    }

    /// <summary>The segment of every row of <paramref name="features"/>, whose columns must be <see cref="FeatureNames"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The column names are not <see cref="FeatureNames"/> in the same order, or a value is NaN, infinite or beyond
    /// float's range; the message says which.
    /// </exception>
    public IReadOnlyList<SegmentPrediction> Predict(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        ClassifierInput.CheckFeatureNames(_featureNames, features.ColumnNames, nameof(features));
        var rows = ClassifierInput.ToFloatRows(features, nameof(features));
        if (rows.Length == 0)
        {
            return [];
        }
        return Array.AsReadOnly(_model.Probabilities(rows).Select(probabilities => new SegmentPrediction(_segments, probabilities)).ToArray());
    }

    /// <summary>Gets the <see cref="ModelFile.Kind"/> of a saved segment classifier.</summary>
    public static string ModelKind => "segment-classifier";

    /// <summary>The classifier as a <see cref="ModelFile"/> (see <see cref="SegmentClassifier"/> for the layout).</summary>
    public byte[] Save() => SegmentClassifierArchive.Write(this, _model);

    /// <summary>Writes <see cref="Save()"/>'s bytes to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Save());
    }

    /// <summary>Reads a classifier written by <see cref="Save()"/>.</summary>
    /// <exception cref="ClienteleException">
    /// The bytes are not a saved segment classifier, have another format version, or are damaged; the message says which.
    /// </exception>
    public static SegmentClassifier Load(ReadOnlySpan<byte> bytes) => SegmentClassifierArchive.Read(bytes);

    /// <summary>Reads a classifier written by <see cref="Save(Stream)"/> from the rest of <paramref name="stream"/>.</summary>
    /// <exception cref="ClienteleException">As <see cref="Load(ReadOnlySpan{byte})"/>.</exception>
    public static SegmentClassifier Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// Reads a classifier written by <see cref="Save(Stream)"/> and checks that it takes <paramref name="expectedFeatureNames"/>,
    /// in that order: the features the caller is going to give it.
    /// </summary>
    /// <exception cref="ClienteleException">As <see cref="Load(ReadOnlySpan{byte})"/>.</exception>
    /// <exception cref="ArgumentException">The classifier was trained on other features, or on the same in another order.</exception>
    public static SegmentClassifier Load(Stream stream, IReadOnlyList<string> expectedFeatureNames)
    {
        ArgumentNullException.ThrowIfNull(expectedFeatureNames);
        var classifier = Load(stream);
        ClassifierInput.CheckFeatureNames(classifier._featureNames, expectedFeatureNames, nameof(expectedFeatureNames));
        return classifier;
    }
}
