using Clientele.Core;
using Clientele.Core.Models;
using Clientele.Value.Classification;

namespace Clientele.Value.Churn;

/// <summary>
/// A trained churn model (from <see cref="ChurnFitter"/>): the calibrated probability that a customer makes no purchase
/// in the horizon it was trained for. Immutable; saved and loaded as a <see cref="ModelFile"/> (<see cref="Save"/>).
/// </summary>
public sealed class ChurnModel : ISaveableModel<ChurnModel>
{
    /// <summary>The <see cref="ModelFile.Kind"/> of the saved model.</summary>
    public const string Kind = "churn";

    /// <summary>The version of the saved form this build writes; it reads 1 to this.</summary>
    public const int FormatVersion = 1;

    /// <summary>Gets <see cref="Kind"/>.</summary>
    public static string ModelKind => Kind;

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

    /// <summary>The model as a <see cref="ModelFile"/>: a JSON manifest (kind, format version, features, settings) and the ML.NET model as a blob.</summary>
    public byte[] Save()
        => ModelArchive.Write(Kind, FormatVersion, new Manifest(ChurnFeatures.Names, Options, TrainingRows, TrainingChurnRate), _classifier);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="ClienteleException">The bytes are not a saved churn model, or one of a newer format version, or damaged.</exception>
    public static ChurnModel Load(ReadOnlySpan<byte> bytes)
    {
        var (manifest, classifier) = ModelArchive.Read<Manifest>(bytes, Kind, FormatVersion, m =>
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

    private sealed record Manifest(IReadOnlyList<string> Features, ChurnOptions Options, int TrainingRows, double TrainingChurnRate);
}
