using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Value;
using Clientele.Value.Churn;
using Clientele.Value.Classification;
using Clientele.Value.ValueClass;

namespace Clientele.Pipeline.State;

/// <summary>The churn part of a value run as the registry keeps it: all of <see cref="ChurnResult"/> but the model (an artifact) and the risks (in the results table).</summary>
internal sealed record ChurnFacts(
    int HorizonDays, DateOnly TrainCutoff, DateOnly TestCutoff, int TrainingRows, double TrainingChurnRate, BinaryEvaluation Test,
    ChurnComparison Comparison, double ComparisonPenalizer, AucSupport Support, DataCheck? BaseRateCheck, ChurnBehaviour? Behaviour = null, string? BehaviourSkipped = null,
    int? TrainingCustomers = null, int? TestCustomers = null);

internal sealed record ValueClassFacts(int FirstDays, int HorizonDays, int RequestedHorizonDays);

/// <summary>What a value run found beyond its per-customer rows and its models.</summary>
internal sealed record ValueFacts(
    string Store,
    DateOnly AsOf,
    int HorizonDays,
    TransactionModelKind TransactionModel,
    IReadOnlyList<ParameterEstimate> TransactionParameters,
    double TransactionLogLikelihood,
    double Penalizer,
    ChurnFacts? Churn,
    string? ChurnSkipped,
    ValueClassFacts? ValueClass,
    string? ValueClassSkipped,
    IReadOnlyList<DataCheck> Checks,
    string? AliveVersusChurn,
    long Segmentation);

/// <summary>The models of a value version that the live profile applies, with the run's horizon and discount rate (<see cref="StoredValue.LoadLive"/>).</summary>
/// <param name="Churn">The churn model, when the run found it usable; else null.</param>
public sealed record LiveValueModels(
    long Version, ITransactionModel Transactions, GammaGammaModel Spend, int HorizonDays, double MonthlyDiscountRate, ChurnModel? Churn, int? ChurnHorizonDays);

/// <summary>
/// A value run in the registry: the transaction and spend models, the churn and value-class classifiers as artifacts,
/// each customer's value columns as rows (empty where a model is not used, as customers.csv shows them), and the
/// segmentation its customers.csv joins.
/// </summary>
public static class StoredValue
{
    private const string FactsArtifact = "facts.json";
    private const string TransactionArtifact = "transaction-model";
    private const string SpendArtifact = "spend-model";
    private const string ChurnArtifact = "churn-model";
    private const string ValueClassArtifact = "value-class-model";

    public static long Save(ClienteleStore store, ValueResult result, ValueRequest request, string document, long segmentation)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var churn = result.Churn;
        var facts = new ValueFacts(
            result.Store,
            result.AsOf,
            result.HorizonDays,
            request.Model,
            result.Transactions.Parameters,
            result.Transactions.LogLikelihood,
            result.Transactions.Penalizer,
            churn is null ? null : new ChurnFacts(
                churn.HorizonDays, churn.TrainCutoff, churn.TestCutoff, churn.Test.TrainingRows, churn.Test.TrainingChurnRate, churn.Test.Test,
                churn.Comparison, churn.ComparisonPenalizer, churn.Support, churn.BaseRateCheck, churn.Behaviour, churn.BehaviourSkipped,
                churn.TrainingCustomers, churn.TestCustomers),
            result.ChurnSkipped,
            result.ValueClass is { } vc ? new ValueClassFacts(vc.FirstDays, vc.HorizonDays, vc.RequestedHorizonDays) : null,
            result.ValueClassSkipped,
            result.Checks,
            result.AliveVersusChurn,
            segmentation);
        var artifacts = new Dictionary<string, ModelArtifact>
        {
            [FactsArtifact] = StateJson.Bytes(facts),
            [TransactionArtifact] = Saved(result.Transactions.Model),
            [SpendArtifact] = result.SpendModel.Save(),
        };
        if (churn is not null)
        {
            artifacts[ChurnArtifact] = churn.Test.Model.Save();
        }
        if (result.ValueClass is { } valueClass)
        {
            artifacts[ValueClassArtifact] = valueClass.Model.Save();
        }
        var metrics = new
        {
            Customers = result.Customers.Count,
            result.Transactions.LogLikelihood,
            TotalClv = result.Customers.Sum(c => c.Clv),
            ChurnAuc = churn?.Test.Test.Auc,
            ChurnUsed = churn?.Support.Usable,
            ValueClassUsed = result.ValueClass?.Support.Usable,
        };
        var model = new NewModelVersion(
            ModelKinds.Value, result.AsOf, StateJson.OptionsOf(request), document, StateJson.Write(metrics), CustomerInputs.StoreData(store).ToJson())
        {
            Artifacts = artifacts,
        };
        var risk = churn is { Support.Usable: true } ? churn.Risk : null;
        var highValue = result.ValueClass is { Support.Usable: true } ? result.ValueClass.Probability : null;
        var rows = result.Customers.Select(v => new ValueRow(
            v.CustomerId, v.ExpectedPurchases, v.ProbabilityAlive, v.ExpectedAverageSpend, v.Clv, Lookup(risk, v.CustomerId), Lookup(highValue, v.CustomerId)));
        // Customers of the segmentation that the transaction model did not see still carry a churn risk and a value class.
        var valued = result.Customers.Select(v => v.CustomerId).ToHashSet(StringComparer.Ordinal);
        var others = (risk?.Keys ?? []).Concat(highValue?.Keys ?? []).Where(id => !valued.Contains(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => new ValueRow(id, null, null, null, null, Lookup(risk, id), Lookup(highValue, id)));
        using var transaction = store.BeginTransaction();
        var version = ModelRegistry.Add(store, model, request.Time);
        // Streamed to the writer, not gathered first: ten million rows are over a gigabyte at the run's peak.
        ResultTables.WriteValues(store, version, rows.Concat(others));
        ModelRegistry.MakeCurrent(store, version);
        transaction.Commit();
        return version;
    }

    /// <summary>A value version as the result its run returned (the same models, rows and findings), without fitting.</summary>
    /// <param name="rows">The version's rows (<see cref="ResultTables.ReadValues"/>) when the caller has read them already, else null to read them here.</param>
    public static ValueResult Load(ClienteleStore store, ModelVersion version, string outputDirectory, IReadOnlyList<ValueRow>? rows = null)
    {
        var (facts, transactionModel, spend) = Models(store, version);
        rows ??= ResultTables.ReadValues(store, version.Version);
        var customers = rows.Where(r => r.ExpectedPurchases is not null)
            .Select(r => new CustomerValue(r.CustomerId, r.ExpectedPurchases!.Value, r.ProbabilityAlive!.Value, r.ExpectedAverageSpend!.Value, r.Clv!.Value)).ToArray();
        ChurnResult? churn = null;
        if (facts.Churn is { } c)
        {
            var model = ChurnModel.Load(StoredSegmentation.Artifact(store, version, ChurnArtifact));
            var risk = rows.Where(r => r.ChurnRisk is not null).ToDictionary(r => r.CustomerId, r => r.ChurnRisk!.Value, StringComparer.Ordinal);
            churn = new ChurnResult(c.HorizonDays, c.TrainCutoff, c.TestCutoff, new ChurnEvaluationResult(model, c.TrainingRows, c.TrainingChurnRate, c.Test), c.Comparison, c.ComparisonPenalizer, risk)
            {
                // Runs saved before the churn model was sampled trained and tested on every customer.
                TrainingCustomers = c.TrainingCustomers ?? c.TrainingRows,
                TestCustomers = c.TestCustomers ?? c.Test.Count,
                Support = c.Support,
                BaseRateCheck = c.BaseRateCheck,
                Behaviour = c.Behaviour,
                BehaviourSkipped = c.BehaviourSkipped,
            };
        }
        ValueClassResult? valueClass = null;
        if (facts.ValueClass is { } v)
        {
            var model = ValueClassModel.Load(StoredSegmentation.Artifact(store, version, ValueClassArtifact));
            var probability = rows.Where(r => r.HighValueProbability is not null).ToDictionary(r => r.CustomerId, r => r.HighValueProbability!.Value, StringComparer.Ordinal);
            valueClass = new ValueClassResult(v.FirstDays, v.HorizonDays, v.RequestedHorizonDays, model, probability);
        }
        var transactions = new TransactionFit(transactionModel, facts.TransactionParameters, facts.TransactionLogLikelihood, facts.Penalizer);
        return new ValueResult(
            facts.Store,
            facts.AsOf,
            facts.HorizonDays,
            transactions,
            spend,
            customers,
            churn,
            facts.ChurnSkipped,
            valueClass,
            facts.ValueClassSkipped,
            Path.GetFullPath(Path.Combine(outputDirectory, SegmentationJob.CustomersFileName)),
            Path.GetFullPath(Path.Combine(outputDirectory, ValueJob.ModelFileName)),
            CustomersFileExtended: true)
        {
            Checks = facts.Checks,
            AliveVersusChurn = facts.AliveVersusChurn,
            Version = version.Version,
            Segmentation = facts.Segmentation,
        };
    }

    /// <summary>
    /// The models a value version applies to one customer at a time (the live profile): the transaction and spend
    /// models with the run's horizon and discount rate, and the churn model when the run found it usable.
    /// </summary>
    public static LiveValueModels LoadLive(ClienteleStore store, ModelVersion version)
    {
        var (facts, transactions, spend) = Models(store, version);
        var discount = MonthlyDiscountRate(version.Options);
        var churn = facts.Churn is { Support.Usable: true } ? ChurnModel.Load(StoredSegmentation.Artifact(store, version, ChurnArtifact)) : null;
        return new LiveValueModels(version.Version, transactions, spend, facts.HorizonDays, discount, churn, facts.Churn?.HorizonDays);
    }

    /// <summary>A value version's facts and its transaction and spend models.</summary>
    private static (ValueFacts Facts, ITransactionModel Transactions, GammaGammaModel Spend) Models(ClienteleStore store, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(version);
        var facts = StateJson.Read<ValueFacts>(StoredSegmentation.Artifact(store, version, FactsArtifact), "a value run's facts");
        var transactionBytes = StoredSegmentation.Artifact(store, version, TransactionArtifact);
        ITransactionModel transactions = facts.TransactionModel == TransactionModelKind.ParetoNbd ? ParetoNbdModel.Load(transactionBytes) : BetaGeoModel.Load(transactionBytes);
        return (facts, transactions, GammaGammaModel.Load(StoredSegmentation.Artifact(store, version, SpendArtifact)));
    }

    /// <summary>The run's <see cref="ValueRequest.MonthlyDiscountRate"/> from its options (the default when the options do not say).</summary>
    private static double MonthlyDiscountRate(string options)
    {
        using var document = System.Text.Json.JsonDocument.Parse(options);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (string.Equals(property.Name, nameof(ValueRequest.MonthlyDiscountRate), StringComparison.OrdinalIgnoreCase) && property.Value.TryGetDouble(out var rate))
            {
                return rate;
            }
        }
        return CustomerLifetimeValueOptions.DefaultMonthlyDiscountRate;
    }

    private static byte[] Saved(ITransactionModel model) => model switch
    {
        BetaGeoModel b => b.Save(),
        ParetoNbdModel p => p.Save(),
        _ => throw new ArgumentException($"no saved form for {model.GetType().Name}", nameof(model)),
    };

    private static double? Lookup(IReadOnlyDictionary<string, double>? values, string id) => values is not null && values.TryGetValue(id, out var v) ? v : null;
}
