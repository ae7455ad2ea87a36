using Clientele.Core;
using Clientele.Core.Models;
using Clientele.Value.Classification;

namespace Clientele.Value.ValueClass;

/// <summary>
/// A trained value-class model (from <see cref="ValueClassFitter"/>): the probability that a new customer is high value
/// in the period after their first weeks, with the cross-validated AUC of both learners. Immutable; saved and loaded as
/// a <see cref="ModelFile"/> (<see cref="Save"/>).
/// </summary>
public sealed class ValueClassModel : ISaveableModel<ValueClassModel>
{
    /// <summary>The <see cref="ModelFile.Kind"/> of the saved model.</summary>
    public const string Kind = "value-class";

    /// <summary>The version of the saved form this build writes; it reads 1 to this.</summary>
    public const int FormatVersion = 1;

    /// <summary>Gets <see cref="Kind"/>.</summary>
    public static string ModelKind => Kind;

    private readonly MlBinaryClassifier _classifier;
    private readonly string[] _featureNames;

    internal ValueClassModel(
        MlBinaryClassifier classifier,
        ValueClassAlgorithm algorithm,
        string[] featureNames,
        double highValueThreshold,
        double highValueShare,
        int trainingRows,
        IReadOnlyList<CrossValidatedAuc> crossValidation,
        ValueClassOptions options)
    {
        _classifier = classifier;
        _featureNames = featureNames;
        Algorithm = algorithm;
        HighValueThreshold = highValueThreshold;
        HighValueShare = highValueShare;
        TrainingRows = trainingRows;
        CrossValidation = crossValidation;
        Options = options;
    }

    /// <summary>Gets the learner of this model.</summary>
    public ValueClassAlgorithm Algorithm { get; }

    /// <summary>Gets the feature (column) names the model was trained on, in order; predictions check them.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>Gets the future value at or above which a training customer was labelled high value.</summary>
    public double HighValueThreshold { get; }

    /// <summary>Gets the share of training customers labelled high value (≥ TopShare when values tie at the threshold).</summary>
    public double HighValueShare { get; }

    /// <summary>Gets the number of customers trained on.</summary>
    public int TrainingRows { get; }

    /// <summary>Gets the cross-validated AUC of each learner, on the same folds.</summary>
    public IReadOnlyList<CrossValidatedAuc> CrossValidation { get; }

    /// <summary>Gets the settings the model was trained with.</summary>
    public ValueClassOptions Options { get; }

    /// <summary>P(high value) for one customer's features, in the order of <see cref="FeatureNames"/>.</summary>
    /// <exception cref="ValueModelException">The row has the wrong length or a value that is not finite.</exception>
    public double Predict(ReadOnlySpan<double> features)
    {
        if (features.Length != _featureNames.Length)
        {
            throw new ValueModelException($"The model takes {_featureNames.Length} features ({string.Join(", ", _featureNames)}), got {features.Length}.");
        }
        return _classifier.Predict(ValueClassFeatures.Vector(features, 0));
    }

    /// <summary>P(high value) for each row.</summary>
    /// <exception cref="ValueModelException">The columns are not the ones the model was trained on, or a value is not finite.</exception>
    public double[] Predict(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (!features.ColumnNames.SequenceEqual(_featureNames))
        {
            throw new ValueModelException(
                $"The model was trained on the columns ({string.Join(", ", _featureNames)}), not ({string.Join(", ", features.ColumnNames)}).");
        }
        return features.Rows == 0 ? [] : _classifier.Predict(ValueClassFeatures.Matrix(features));
    }

    /// <summary>The model as a <see cref="ModelFile"/>: a JSON manifest (kind, format version, features, label threshold, cross-validation, settings) and the ML.NET model as a blob.</summary>
    public byte[] Save() => ModelArchive.Write(
        Kind,
        FormatVersion,
        new Manifest(_featureNames, Algorithm, HighValueThreshold, HighValueShare, TrainingRows, CrossValidation, Options),
        _classifier);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="ClienteleException">The bytes are not a saved value-class model, or one of a newer format version, or damaged.</exception>
    public static ValueClassModel Load(ReadOnlySpan<byte> bytes)
    {
        var (m, classifier) = ModelArchive.Read<Manifest>(bytes, Kind, FormatVersion, m =>
        {
            if (m.Features is null || m.Features.Count == 0 || m.Options is null || m.CrossValidation is null)
            {
                throw new ValueModelException("The saved value-class model lacks its features, settings or cross-validation.");
            }
            return (m.Features.Count, m.Options.Seed);
        });
        return new ValueClassModel(
            classifier, m.Algorithm, m.Features.ToArray(), m.HighValueThreshold, m.HighValueShare, m.TrainingRows, m.CrossValidation, m.Options);
    }

    private sealed record Manifest(
        IReadOnlyList<string> Features,
        ValueClassAlgorithm Algorithm,
        double HighValueThreshold,
        double HighValueShare,
        int TrainingRows,
        IReadOnlyList<CrossValidatedAuc> CrossValidation,
        ValueClassOptions Options);
}
