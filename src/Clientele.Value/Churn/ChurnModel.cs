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
    private readonly string[] _behaviourColumns;

    internal ChurnModel(MlBinaryClassifier classifier, ChurnOptions options, int trainingRows, double trainingChurnRate, IReadOnlyList<string> behaviourColumns)
    {
        _classifier = classifier;
        _behaviourColumns = [.. behaviourColumns];
        Options = options;
        TrainingRows = trainingRows;
        TrainingChurnRate = trainingChurnRate;
    }

    /// <summary>Gets the names of the order-line inputs every churn model takes, in order (derived from <see cref="CustomerFeatures"/>).</summary>
    public static IReadOnlyList<string> FeatureNames => ChurnFeatures.Names;

    /// <summary>
    /// Gets the names of the behaviour columns the model was trained with, after <see cref="FeatureNames"/>, in order;
    /// empty for a model of the order-line features alone (every model saved before behaviour columns existed).
    /// </summary>
    public IReadOnlyList<string> BehaviourColumns => _behaviourColumns.AsReadOnly();

    /// <summary>Gets all of the model's inputs in order: <see cref="FeatureNames"/>, then <see cref="BehaviourColumns"/>.</summary>
    public IReadOnlyList<string> Features => [.. ChurnFeatures.Names, .. _behaviourColumns];

    /// <summary>Gets the settings the model was trained with.</summary>
    public ChurnOptions Options { get; }

    /// <summary>Gets the number of customers trained on (a stratified sample when the cutoff had more than <see cref="ChurnOptions.SampleLimit"/>).</summary>
    public int TrainingRows { get; }

    /// <summary>Gets the share of churners among the customers at the training cutoff (all of them, also when the model was trained on a sample).</summary>
    public double TrainingChurnRate { get; }

    /// <summary>P(churn): the calibrated probability that the customer makes no purchase in the horizon (a model without behaviour columns).</summary>
    /// <exception cref="ValueModelException">A feature is out of range (negative days or counts, a non-finite return rate), or the model takes behaviour columns.</exception>
    public double Predict(CustomerFeatures customer)
    {
        CheckBehaviour(null);
        return _classifier.Predict(ChurnFeatures.Vector(customer));
    }

    /// <summary>
    /// What each order-line input adds to the customer's churn risk, largest first: the risk minus the risk with that one
    /// input set to <paramref name="reference"/>'s (a typical customer), the others kept. A positive number raises the
    /// risk. The inputs are named as <see cref="CustomerFeatures"/> names them (recency_days, frequency, …).
    /// </summary>
    /// <exception cref="ValueModelException">A feature is out of range, or the model takes behaviour columns.</exception>
    public IReadOnlyList<(string Feature, double Contribution)> Contributions(CustomerFeatures customer, CustomerFeatures reference)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(reference);
        var risk = Predict(customer);
        (string, CustomerFeatures)[] replaced =
        [
            ("recency_days", customer with { RecencyDays = reference.RecencyDays }),
            ("frequency", customer with { Frequency = reference.Frequency }),
            ("monetary", customer with { Monetary = reference.Monetary }),
            ("tenure_days", customer with { TenureDays = reference.TenureDays }),
            ("average_order_value", customer with { AverageOrderValue = reference.AverageOrderValue }),
            ("distinct_products", customer with { DistinctProducts = reference.DistinctProducts }),
            ("return_rate", customer with { ReturnRate = reference.ReturnRate }),
        ];
        return [.. replaced
            .Select(r => (r.Item1, risk - Predict(r.Item2)))
            .OrderByDescending(c => Math.Abs(c.Item2))
            .ThenBy(c => c.Item1, StringComparer.Ordinal)];
    }

    /// <summary>P(churn) for each customer, in one batch (a model without behaviour columns).</summary>
    /// <exception cref="ValueModelException">A feature is out of range, or the model takes behaviour columns.</exception>
    public double[] Predict(IReadOnlyList<CustomerFeatures> customers) => Predict(customers, null);

    /// <summary>P(churn) for each customer, with their behaviour columns paired by position (null for a model without them).</summary>
    /// <param name="customers">The customers' order-line features.</param>
    /// <param name="behaviour">One row per customer whose columns are <see cref="BehaviourColumns"/>, in order; null when the model has none.</param>
    /// <exception cref="ValueModelException">
    /// A feature is out of range, or the columns are not the ones the model was trained with (the message names both).
    /// </exception>
    public double[] Predict(IReadOnlyList<CustomerFeatures> customers, FeatureMatrix? behaviour)
    {
        ArgumentNullException.ThrowIfNull(customers);
        CheckBehaviour(behaviour);
        return customers.Count == 0 ? [] : _classifier.Predict(ChurnFeatures.Matrix(customers, behaviour));
    }

    /// <summary>The model as a <see cref="ModelFile"/>: a JSON manifest (kind, format version, features, settings) and the ML.NET model as a blob.</summary>
    public byte[] Save()
        => ModelArchive.Write(Kind, FormatVersion, new Manifest(Features, Options, TrainingRows, TrainingChurnRate), _classifier);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="ClienteleException">The bytes are not a saved churn model, or one of a newer format version, or damaged.</exception>
    public static ChurnModel Load(ReadOnlySpan<byte> bytes)
    {
        var (manifest, classifier) = ModelArchive.Read<Manifest>(bytes, Kind, FormatVersion, m =>
        {
            // The order-line features first, then any behaviour columns (none in a model saved before they existed).
            var behaviour = m.Features?.Skip(ChurnFeatures.Names.Length).ToArray() ?? [];
            if (m.Features is null || !m.Features.Take(ChurnFeatures.Names.Length).SequenceEqual(ChurnFeatures.Names) || m.Options is null
                || behaviour.Any(string.IsNullOrWhiteSpace) || behaviour.Distinct(StringComparer.Ordinal).Count() != behaviour.Length)
            {
                throw new ValueModelException(
                    $"The saved churn model takes features ({string.Join(", ", m.Features ?? [])}); this version of Clientele computes ({string.Join(", ", ChurnFeatures.Names)}), then any behaviour columns. Retrain it.");
            }
            return (m.Features.Count, m.Options.Seed);
        });
        return new ChurnModel(classifier, manifest.Options, manifest.TrainingRows, manifest.TrainingChurnRate, [.. manifest.Features.Skip(ChurnFeatures.Names.Length)]);
    }

    private void CheckBehaviour(FeatureMatrix? behaviour)
    {
        var given = behaviour?.ColumnNames ?? [];
        if (!given.SequenceEqual(_behaviourColumns, StringComparer.Ordinal))
        {
            throw new ValueModelException(
                $"The churn model was trained with behaviour columns ({(_behaviourColumns.Length == 0 ? "none" : string.Join(", ", _behaviourColumns))}) but was given ({(given.Count == 0 ? "none" : string.Join(", ", given))}): "
                + "score it with the columns it was trained on, or retrain it.");
        }
    }

    private sealed record Manifest(IReadOnlyList<string> Features, ChurnOptions Options, int TrainingRows, double TrainingChurnRate);
}
