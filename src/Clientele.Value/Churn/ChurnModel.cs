using Clientele.Core;
using Clientele.Value.Classification;

namespace Clientele.Value.Churn;

/// <summary>
/// A trained churn model (from <see cref="ChurnTrainer"/>): the calibrated probability that a customer makes no purchase
/// in the horizon it was trained for. Immutable; saved and loaded as a versioned zip (<see cref="Save"/>).
/// </summary>
public sealed class ChurnModel
{
    /// <summary>The kind written in the saved model.</summary>
    public const string Kind = "churn";

    /// <summary>The version of the saved form this build writes; it reads 1 to this.</summary>
    public const int FormatVersion = 1;

    private readonly MlBinaryClassifier _classifier;

    internal ChurnModel(MlBinaryClassifier classifier, ChurnOptions options, int trainingRows, double trainingChurnRate)
    {
        _classifier = classifier;
        Options = options;
        TrainingRows = trainingRows;
        TrainingChurnRate = trainingChurnRate;
    }

    /// <summary>Gets the names of the model's inputs, in order (derived from <see cref="CustomerFeatures"/>).</summary>
    public static IReadOnlyList<string> FeatureNames => ChurnFeatures.Names;

    /// <summary>Gets the settings the model was trained with.</summary>
    public ChurnOptions Options { get; }

    /// <summary>Gets the number of customers trained on.</summary>
    public int TrainingRows { get; }

    /// <summary>Gets the share of churners among the training customers.</summary>
    public double TrainingChurnRate { get; }

    /// <summary>P(churn): the calibrated probability that the customer makes no purchase in the horizon.</summary>
    /// <exception cref="ValueModelException">A feature is out of range (negative days or counts, a non-finite return rate).</exception>
    public double Predict(CustomerFeatures customer) => _classifier.Predict(ChurnFeatures.Vector(customer));

    /// <summary>P(churn) for each customer, in one batch.</summary>
    /// <exception cref="ValueModelException">A feature is out of range.</exception>
    public double[] Predict(IReadOnlyList<CustomerFeatures> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return customers.Count == 0 ? [] : _classifier.Predict(ChurnFeatures.Matrix(customers));
    }

    /// <summary>Writes the model to <paramref name="stream"/>: a zip with a JSON manifest (kind, format version, features, settings) and the ML.NET model.</summary>
    public void Save(Stream stream)
        => ModelArchive.Write(stream, new Manifest(Kind, FormatVersion, ChurnFeatures.Names, Options, TrainingRows, TrainingChurnRate), _classifier);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="ValueModelException">The stream is not a saved churn model, or one of a newer format version, or damaged.</exception>
    public static ChurnModel Load(Stream stream)
    {
        var (manifest, classifier) = ModelArchive.Read<Manifest>(stream, Kind, FormatVersion, m =>
        {
            if (m.Features is null || !m.Features.SequenceEqual(ChurnFeatures.Names) || m.Options is null)
            {
                throw new ValueModelException(
                    $"The saved churn model takes features ({string.Join(", ", m.Features ?? [])}); this version of Clientele computes ({string.Join(", ", ChurnFeatures.Names)}). Retrain it.");
            }
            return (m.Features.Count, m.Options.Seed);
        });
        return new ChurnModel(classifier, manifest.Options, manifest.TrainingRows, manifest.TrainingChurnRate);
    }

    private sealed record Manifest(string Model, int FormatVersion, IReadOnlyList<string> Features, ChurnOptions Options, int TrainingRows, double TrainingChurnRate);
}
