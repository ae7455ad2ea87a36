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

    internal ChurnModel(
        MlBinaryClassifier classifier, ChurnOptions options, int trainingRows, double trainingChurnRate, IReadOnlyList<string> behaviourColumns, IReadOnlyList<double>? typicalInputs)
    {
        _classifier = classifier;
        _behaviourColumns = [.. behaviourColumns];
        Options = options;
        TrainingRows = trainingRows;
        TrainingChurnRate = trainingChurnRate;
        TypicalInputs = typicalInputs;
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

    /// <summary>
    /// Gets the typical customer the model was trained on: the median of each input (<see cref="Features"/>, in order)
    /// over its training rows, which <see cref="Contributions"/> measures against; null for a model saved before it was kept.
    /// </summary>
    public IReadOnlyList<double>? TypicalInputs { get; }

    /// <summary>Gets the share of churners among the customers at the training cutoff (all of them, also when the model was trained on a sample).</summary>
    public double TrainingChurnRate { get; }

    /// <summary>P(churn): the calibrated probability that the customer makes no purchase in the horizon (a model without behaviour columns).</summary>
    /// <exception cref="ValueModelException">A feature is out of range (negative days or counts, a non-finite return rate), or the model takes behaviour columns.</exception>
    public double Predict(CustomerFeatures customer) => Predict(customer, null);

    /// <summary>P(churn) for one customer with its row of <see cref="BehaviourColumns"/> (null for a model without them), on the single-row path.</summary>
    /// <exception cref="ValueModelException">A feature is out of range, or the behaviour columns are not the model's.</exception>
    public double Predict(CustomerFeatures customer, FeatureMatrix? behaviour)
    {
        ArgumentNullException.ThrowIfNull(customer);
        CheckBehaviour(behaviour);
        return _classifier.Predict(ChurnFeatures.Matrix([customer], behaviour)[0]);
    }

    /// <summary>
    /// What each input adds to the customer's churn risk, largest first: the risk minus the risk with that one input set
    /// to the typical training customer's (<see cref="TypicalInputs"/>), the others kept. A positive number raises the
    /// risk. Inputs are named by the feature each is a transform of (recency_days, frequency, …, as
    /// <see cref="CustomerFeatures"/> names them), then the behaviour columns. Null for a model saved before it kept its typical customer (a new value run keeps it).
    /// </summary>
    /// <param name="customer">The customer's order-line features.</param>
    /// <param name="behaviour">The customer's row of <see cref="BehaviourColumns"/>; null when the model has none.</param>
    /// <exception cref="ValueModelException">A feature is out of range, or the behaviour columns are not the model's.</exception>
    public IReadOnlyList<(string Feature, double Contribution)>? Contributions(CustomerFeatures customer, FeatureMatrix? behaviour) =>
        RiskAndContributions(customer, behaviour).Contributions;

    /// <summary>
    /// P(churn) for one customer (as <see cref="Predict(CustomerFeatures, FeatureMatrix?)"/>) with its
    /// <see cref="Contributions"/>, from one prediction of the customer's own inputs.
    /// </summary>
    /// <exception cref="ValueModelException">A feature is out of range, or the behaviour columns are not the model's.</exception>
    public (double Risk, IReadOnlyList<(string Feature, double Contribution)>? Contributions) RiskAndContributions(CustomerFeatures customer, FeatureMatrix? behaviour)
    {
        ArgumentNullException.ThrowIfNull(customer);
        CheckBehaviour(behaviour);
        var inputs = ChurnFeatures.Matrix([customer], behaviour)[0];
        var risk = _classifier.Predict(inputs);
        if (TypicalInputs is not { } typical)
        {
            return (risk, null);
        }
        string[] names = [.. ChurnFeatures.FeatureNames, .. _behaviourColumns];
        var contributions = new (string Feature, double Contribution)[inputs.Length];
        for (var j = 0; j < inputs.Length; j++)
        {
            var replaced = (float[])inputs.Clone();
            replaced[j] = (float)typical[j];
            contributions[j] = (names[j], risk - _classifier.Predict(replaced));
        }
        return (risk, [.. contributions.OrderByDescending(c => Math.Abs(c.Contribution)).ThenBy(c => c.Feature, StringComparer.Ordinal)]);
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
        => ModelArchive.Write(Kind, FormatVersion, new Manifest(Features, Options, TrainingRows, TrainingChurnRate, TypicalInputs), _classifier);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="ClienteleException">The bytes are not a saved churn model, or one of a newer format version, or damaged.</exception>
    public static ChurnModel Load(ReadOnlySpan<byte> bytes)
    {
        var (manifest, classifier) = ModelArchive.Read<Manifest>(bytes, Kind, FormatVersion, m =>
        {
            // The order-line features first, then any behaviour columns (none in a model saved before they existed).
            var behaviour = m.Features?.Skip(ChurnFeatures.Names.Length).ToArray() ?? [];
            if (m.Features is null || !m.Features.Take(ChurnFeatures.Names.Length).SequenceEqual(ChurnFeatures.Names) || m.Options is null
                || behaviour.Any(string.IsNullOrWhiteSpace) || behaviour.Distinct(StringComparer.Ordinal).Count() != behaviour.Length
                || (m.TypicalInputs is { } typical && (typical.Count != m.Features.Count || !typical.All(double.IsFinite))))
            {
                throw new ValueModelException(
                    $"The saved churn model takes features ({string.Join(", ", m.Features ?? [])}); this version of Clientele computes ({string.Join(", ", ChurnFeatures.Names)}), then any behaviour columns. Retrain it.");
            }
            return (m.Features.Count, m.Options.Seed);
        });
        return new ChurnModel(
            classifier, manifest.Options, manifest.TrainingRows, manifest.TrainingChurnRate, [.. manifest.Features.Skip(ChurnFeatures.Names.Length)], manifest.TypicalInputs);
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

    /// <param name="TypicalInputs">Absent in models saved before it was kept.</param>
    private sealed record Manifest(IReadOnlyList<string> Features, ChurnOptions Options, int TrainingRows, double TrainingChurnRate, IReadOnlyList<double>? TypicalInputs);
}
