using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Pipeline.State;
using Clientele.Value;

namespace Clientele.Pipeline;

/// <summary>The transaction models of <c>clientele value --model</c>.</summary>
public enum TransactionModelKind
{
    /// <summary>BG/NBD (Fader, Hardie &amp; Lee 2005).</summary>
    BetaGeo,

    /// <summary>Pareto/NBD (Schmittlein, Morrison &amp; Colombo 1987).</summary>
    ParetoNbd,
}

/// <summary>What <c>clientele value</c> should do.</summary>
public sealed record ValueRequest
{
    public required string StorePath { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>The first day not observed; null for the day after the last order in the store.</summary>
    /// <value>The default value is null.</value>
    public DateOnly? AsOf { get; init; }

    /// <summary>The horizon of expected purchases and CLV, in days.</summary>
    /// <value>The default value is 365.</value>
    public int HorizonDays { get; init; } = 365;

    /// <value>The default value is <see cref="DefaultModel"/>.</value>
    public TransactionModelKind Model { get; init; } = DefaultModel;

    /// <summary>The transaction model of <c>value</c> and <c>evaluate value</c> when none is named: BG/NBD.</summary>
    public const TransactionModelKind DefaultModel = TransactionModelKind.BetaGeo;

    /// <summary>Discount rate per 30-day month for CLV (its options' <see cref="CustomerLifetimeValueOptions.DiscountRate"/>, with a month as the period).</summary>
    /// <value>The default value is <see cref="CustomerLifetimeValueOptions.DefaultMonthlyDiscountRate"/>.</value>
    public double MonthlyDiscountRate { get; init; } = CustomerLifetimeValueOptions.DefaultMonthlyDiscountRate;

    /// <summary>Churn is "no purchase in the next this many days".</summary>
    /// <value>The default value is 90.</value>
    public int ChurnDays { get; init; } = 90;

    /// <summary>The value class of new customers looks at their first this many days.</summary>
    /// <value>The default value is 30.</value>
    public int ValueClassFirstDays { get; init; } = 30;

    /// <summary>… and predicts high value in the following this many days (shortened when the history is too short).</summary>
    /// <value>The default value is 365.</value>
    public int ValueClassHorizonDays { get; init; } = 365;

    /// <summary>L2 penalty on the model parameters (lifetimes' penalizer_coef).</summary>
    /// <value>The default value is 0.</value>
    public double Penalizer { get; init; }

    /// <summary>The clock of the registry's fitted_at.</summary>
    /// <value>The default value is the system clock.</value>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the job is, for a progress bar; null reports nowhere.</summary>
    /// <value>The default value is null.</value>
    public IProgress<JobStep>? Progress { get; init; }
}

/// <summary>A fitted transaction model, and the penaliser it took (see <see cref="ValueJob.FallbackPenalizers"/>).</summary>
public sealed record TransactionFit(ITransactionModel Model, IReadOnlyList<ParameterEstimate> Parameters, double LogLikelihood, double Penalizer);

/// <summary>What a value run produced and where it was written.</summary>
public sealed record ValueResult(
    string Store,
    DateOnly AsOf,
    int HorizonDays,
    TransactionFit Transactions,
    GammaGammaModel SpendModel,
    IReadOnlyList<CustomerValue> Customers,
    ChurnResult? Churn,
    string? ChurnSkipped,
    ValueClassResult? ValueClass,
    string? ValueClassSkipped,
    string CustomersFile,
    string ModelFile,
    bool CustomersFileExtended)
{
    /// <summary>What the data cannot carry, in the order found (<see cref="DataSupport"/>): empty when all is well.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<DataCheck> Checks { get; init; } = [];

    /// <summary>The sentence that tells P(alive) from churn risk, whenever both are given; null without churn_risk.</summary>
    /// <value>The default value is null.</value>
    public string? AliveVersusChurn { get; init; }

    /// <summary>The model version the registry keeps this run as; 0 before it is saved.</summary>
    public long Version { get; init; }

    /// <summary>The segmentation version whose rows customers.csv joins.</summary>
    public long Segmentation { get; init; }
}

/// <summary>
/// Purchase histories from the store (weeks) → BG/NBD or Pareto/NBD and Gamma-Gamma → expected purchases, P(alive),
/// expected spend and CLV per customer → columns of customers.csv and value-model.json.
/// </summary>
public static class ValueJob
{
    public const string ModelFileName = "value-model.json";
    public const int FormatVersion = 1;

    /// <summary>CLV is summed over months of this many days.</summary>
    public const int DaysPerMonth = 30;

    public static IReadOnlyList<string> ValueColumns => CustomersCsv.ValueColumns;

    public static ValueResult Run(ValueRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HorizonDays < 1)
        {
            throw new ClienteleException($"--horizon-days {request.HorizonDays}: the horizon must be at least one day.");
        }
        var steps = new JobSteps(request.Progress, 7);
        using var store = ClienteleStore.OpenExisting(request.StorePath);
        steps.Next("reading the customers' purchase histories");
        CustomerInputs.Prepare(store);
        var asOf = request.AsOf ?? CustomerFeatureQuery.DefaultAsOf(store);
        // Churn and the value class read the summaries on connections of their own and run beside the transaction
        // models: each is a few grouped queries and single-threaded fits, so on two cores the three fill each other's
        // gaps. Each gives the same result as alone; the job waits for both before it leaves, whatever happened.
        var churnTask = SideConnection.Run(request.StorePath, side => (Result: ChurnJob.Run(side, asOf, request.ChurnDays, out var skipped), Skipped: skipped));
        var valueClassTask = SideConnection.Run(request.StorePath, side => (Result: ValueClassJob.Run(side, asOf, request.ValueClassFirstDays, request.ValueClassHorizonDays, out var skipped), Skipped: skipped));
        try
        {
            return Run(request, store, steps, asOf, churnTask, valueClassTask);
        }
        finally
        {
            SideConnection.Settle(churnTask, valueClassTask);
        }
    }

    private static ValueResult Run(
        ValueRequest request,
        ClienteleStore store,
        JobSteps steps,
        DateOnly asOf,
        Task<(ChurnResult? Result, string? Skipped)> churnTask,
        Task<(ValueClassResult? Result, string? Skipped)> valueClassTask)
    {
        var periods = new SummaryPeriods(asOf, Unit: TimeUnit.Weeks);
        var summaries = CustomerInputs.PurchaseHistories(store, periods).Select(ToSummary).ToArray();
        steps.Next(request.Model == TransactionModelKind.ParetoNbd ? "fitting Pareto/NBD and Gamma-Gamma" : "fitting BG/NBD and Gamma-Gamma");

        var fit = FitWithFallback(summaries, request.Model, request.Penalizer);
        var model = fit.Model;
        ModelFits.Count("gamma-gamma");
        // Gamma-Gamma needs a positive mean spend from every repeat buyer it is fitted on; a repeat buyer whose repeat
        // purchases cost nothing (CDNOW's $0 lines, free orders) stays out of the fit, is said to, and gets the model's
        // expected spend for a mean of 0 like everyone else.
        var spendable = summaries.Where(c => !(c.Frequency > 0 && c.MonetaryValue == 0)).ToArray();
        GammaGammaModel spend;
        try
        {
            spend = new GammaGammaFitter(new GammaGammaOptions { PenalizerCoefficient = request.Penalizer }).Fit(spendable);
        }
        catch (ValueModelException e) when (e.Advice is not null)
        {
            throw NotIdentified(e, [request.Penalizer]);
        }
        var horizon = request.HorizonDays / periods.DaysPerUnit;
        var months = Months(request.HorizonDays);
        var clv = new CustomerLifetimeValue(model, spend, ClvOptions(request.HorizonDays, request.MonthlyDiscountRate, periods)).Values(summaries);
        var expected = TransactionModelBatch.ConditionalExpectedPurchases(model, horizon, summaries);
        var values = summaries.Select((c, i) => new CustomerValue(
            c.CustomerId,
            expected[i],
            model.ProbabilityAlive(c.Frequency, c.Recency, c.Age),
            spend.ConditionalExpectedAverageSpend(c),
            clv[i])).ToArray();

        steps.Next($"churn risk (no purchase in {request.ChurnDays} days)");
        var (churn, churnSkipped) = churnTask.GetAwaiter().GetResult();
        steps.Next("value class of new customers");
        var (valueClass, valueClassSkipped) = valueClassTask.GetAwaiter().GetResult();

        var customersFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, SegmentationJob.CustomersFileName));
        var modelFile = Path.GetFullPath(Path.Combine(request.OutputDirectory, ModelFileName));
        var betaGeo = request.Model == TransactionModelKind.BetaGeo;
        // customers.csv joins the current segmentation of the same day; without one, the RFM segmentation is made first.
        var segmentation = ModelRegistry.Current(store, ModelKinds.Segmentation) is { } segmented && segmented.AsOf == asOf ? segmented.Version : 0;
        var extended = segmentation != 0;
        if (!extended)
        {
            steps.Next("RFM segments for customers.csv");
            segmentation = SegmentationJob.Run(new SegmentRequest { StorePath = request.StorePath, OutputDirectory = request.OutputDirectory, AsOf = asOf, Time = request.Time }).Version;
        }
        var result = new ValueResult(store.Path, asOf, request.HorizonDays, fit, spend, values, churn, churnSkipped, valueClass, valueClassSkipped, customersFile, modelFile, extended)
        {
            Checks = new[]
            {
                DataSupport.OneTimeBuyers(summaries, betaGeo),
                DataSupport.RepeatBuyersWithoutSpend(summaries.Length - spendable.Length, summaries.Count(c => c.Frequency > 0)),
                churn?.BaseRateCheck, churn?.NotUsed, valueClass?.NotUsed,
            }.OfType<DataCheck>().ToArray(),
            AliveVersusChurn = churn is { Support.Usable: true } ? DataSupport.AliveVersusChurn(churn.HorizonDays, betaGeo) : null,
        };
        steps.At(6, "saving the values to the store");
        var version = StoredValue.Save(store, result, request, JsonSerializer.Serialize(Document(result, request, months), SegmentsJson.Options), segmentation);
        steps.At(7, $"writing {SegmentationJob.CustomersFileName} and {ModelFileName}");
        StoreExports.Value(store, segmentation, version, request.OutputDirectory);
        return result with { Version = version, Segmentation = segmentation };
    }

    /// <summary>
    /// The penalisers tried in turn when plain maximum likelihood is not identified (e.g. Online Retail, where almost no
    /// one seems to drop out and BG/NBD's a runs to 0): the smallest that gives an identified fit is kept, so that
    /// well-identified fits are left unchanged and a weakly identified one is shrunk no more than it needs.
    /// </summary>
    public static readonly IReadOnlyList<double> FallbackPenalizers = [0.001, 0.01];

    /// <summary>
    /// Fits with the penaliser asked for; when that is 0 and the fit is not identified, with each of
    /// <see cref="FallbackPenalizers"/> in turn. <c>value</c>, <c>evaluate value</c> and the churn comparison all fit this way.
    /// </summary>
    /// <exception cref="ValueModelException">
    /// The summaries break a rule of the model (as the fitter says), or no penaliser tried identifies the parameters: the
    /// last fit's reason, the penalisers tried, and what to try next in the command's words (<see cref="NotIdentified"/>).
    /// </exception>
    public static TransactionFit FitWithFallback(CustomerSummary[] summaries, TransactionModelKind kind, double penalizer)
    {
        try
        {
            return FitTransactions(summaries, kind, penalizer);
        }
        // An error with advice is the optimum's (not identified, not converged); one without is the input's, which no
        // penaliser mends.
        catch (ValueModelException e) when (e.Advice is not null)
        {
            if (penalizer != 0)
            {
                throw NotIdentified(e, [penalizer]);
            }
            var last = e;
            foreach (var fallback in FallbackPenalizers)
            {
                try
                {
                    return FitTransactions(summaries, kind, fallback);
                }
                catch (ValueModelException next) when (next.Advice is not null)
                {
                    last = next;
                }
            }
            throw NotIdentified(last, [0, .. FallbackPenalizers]);
        }
    }

    /// <summary>
    /// A fit's failure as the CLI says it: the library's reason, the penalisers already tried, and the advice in
    /// <c>value</c>'s words (<c>--penalizer</c>, ten times the largest tried) instead of the library's (its
    /// <c>PenalizerCoefficient</c>, and values the fallbacks may already have tried).
    /// </summary>
    internal static ValueModelException NotIdentified(ValueModelException error, IReadOnlyList<double> tried)
    {
        var largest = tried.Max();
        var next = largest > 0 ? largest * 10 : FallbackPenalizers[0];
        var how = tried.Count == 1
            ? (largest > 0 ? $"with --penalizer {Number(largest)}" : "without a penaliser")
            : $"without a penaliser, then with {string.Join(" and ", tried.Where(p => p > 0).Select(Number))}";
        return new ValueModelException(
            $"{error.Reason.TrimEnd('.')}; fitted {how}.",
            $"Try a larger penaliser (--penalizer {Number(next)}; it shrinks the parameters towards 0), or more customers with repeat purchases.");

        static string Number(double p) => p.ToString("G3", CultureInfo.InvariantCulture);
    }

    internal static TransactionFit FitTransactions(CustomerSummary[] summaries, TransactionModelKind kind, double penalizer)
    {
        ModelFits.Count(kind == TransactionModelKind.ParetoNbd ? "pareto-nbd" : "bg-nbd");
        if (kind == TransactionModelKind.ParetoNbd)
        {
            var pareto = new ParetoNbdFitter(new ParetoNbdOptions { PenalizerCoefficient = penalizer }).Fit(summaries);
            return new TransactionFit(pareto, pareto.Parameters, pareto.LogLikelihood, penalizer);
        }
        var bgnbd = new BetaGeoFitter(new BetaGeoOptions { PenalizerCoefficient = penalizer }).Fit(summaries);
        return new TransactionFit(bgnbd, bgnbd.Parameters, bgnbd.LogLikelihood, penalizer);
    }

    /// <summary>The whole 30-day months of a horizon, at least one: the periods CLV is discounted over.</summary>
    internal static int Months(int horizonDays) => Math.Max(1, (int)Math.Round(horizonDays / (double)DaysPerMonth));

    /// <summary>CLV over <paramref name="horizonDays"/> in 30-day months discounted at <paramref name="monthlyDiscountRate"/>, in the periods' time unit: the batch run's and the live profile's.</summary>
    internal static CustomerLifetimeValueOptions ClvOptions(int horizonDays, double monthlyDiscountRate, SummaryPeriods periods) => new()
    {
        PeriodLength = DaysPerMonth / periods.DaysPerUnit,
        NumberOfPeriods = Months(horizonDays),
        DiscountRate = monthlyDiscountRate,
    };

    internal static CustomerSummary ToSummary(PurchaseHistory h) => new(h.CustomerId, h.Frequency, h.Recency, h.Age, h.MonetaryValue);

    private static ValueModelDocument Document(ValueResult result, ValueRequest request, int months) => new(
        FormatVersion,
        result.Store,
        result.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "weeks",
        result.HorizonDays,
        result.Customers.Count,
        new ModelSection(
            request.Model == TransactionModelKind.ParetoNbd ? "pareto-nbd" : "bg-nbd",
            result.Transactions.Parameters,
            result.Transactions.LogLikelihood,
            result.Customers.Count,
            result.Transactions.Penalizer),
        new ModelSection("gamma-gamma", result.SpendModel.Parameters, result.SpendModel.LogLikelihood, result.SpendModel.NumberOfCustomers, request.Penalizer),
        new ClvSection(DaysPerMonth, months, request.MonthlyDiscountRate, result.Customers.Sum(c => c.Clv)),
        result.Checks,
        result.AliveVersusChurn,
        result.Churn is not { } churn ? new { Skipped = result.ChurnSkipped } : new
        {
            churn.HorizonDays,
            Definition = $"no purchase in the {churn.HorizonDays} days after the cutoff",
            Model = "LightGbm on recency, frequency, monetary, tenure, average order value, distinct products, return rate"
                + (churn.Behaviour is { } b ? $", {string.Join(", ", b.Columns)}" : string.Empty) + "; Platt-calibrated",
            TrainCutoff = churn.TrainCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TestCutoff = churn.TestCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TrainingRows = churn.Test.TrainingRows,
            churn.TrainingCustomers,
            churn.Test.TrainingChurnRate,
            TestRows = churn.Test.Test.Count,
            churn.TestCustomers,
            churn.Sample,
            Test = ChurnJob.Describe(churn.Test.Test),
            Comparison = new
            {
                churn.Comparison.Customers,
                churn.Comparison.WithoutSummary,
                BgNbdPenalizer = churn.ComparisonPenalizer,
                Supervised = ChurnJob.Describe(churn.Comparison.Supervised),
                OneMinusPAlive = ChurnJob.Describe(churn.Comparison.NotAlive),
                BgNbdNoPurchase = churn.Comparison.NoPurchase is null ? null : ChurnJob.Describe(churn.Comparison.NoPurchase),
            },
            Behaviour = churn.Behaviour is not { } behaviour ? (object?)(churn.BehaviourSkipped is null ? null : new { Skipped = churn.BehaviourSkipped }) : new
            {
                behaviour.Columns,
                behaviour.TrainingCustomersWithEvents,
                behaviour.TestCustomersWithEvents,
                AucWithBehaviour = churn.Test.Test.Auc,
                AucWithoutBehaviour = behaviour.WithoutBehaviour.Auc,
                WithoutBehaviour = ChurnJob.Describe(behaviour.WithoutBehaviour),
            },
            ScoredCustomers = churn.Risk.Count,
            UsedForDecisions = churn.Support.Usable,
            NotUsedBecause = churn.Support.NotUsedBecause,
            AucInterval95 = new[] { churn.Support.Lower, churn.Support.Upper },
        },
        result.ValueClass is not { } vc ? new { Skipped = result.ValueClassSkipped } : new
        {
            vc.FirstDays,
            vc.HorizonDays,
            vc.RequestedHorizonDays,
            Definition = $"purchase value in the {vc.HorizonDays} days after the first {vc.FirstDays} is in the top {vc.Model.HighValueShare:P0} (≥ {vc.Model.HighValueThreshold:0.00})",
            Algorithm = vc.Model.Algorithm.ToString(),
            vc.Model.TrainingRows,
            CrossValidation = vc.Model.CrossValidation.Select(c => new { Algorithm = c.Algorithm.ToString(), c.Mean, c.StandardDeviation, c.FoldAuc }),
            ScoredCustomers = vc.Probability.Count,
            UsedForDecisions = vc.Support.Usable,
            NotUsedBecause = vc.Support.NotUsedBecause,
            AucInterval95 = new[] { vc.Support.Lower, vc.Support.Upper },
        });
}

public sealed record ValueModelDocument(
    int FormatVersion,
    string Store,
    string AsOf,
    string TimeUnit,
    int HorizonDays,
    int Customers,
    ModelSection TransactionModel,
    ModelSection SpendModel,
    ClvSection Clv,
    IReadOnlyList<DataCheck> DataChecks,
    string? AliveVersusChurn,
    object Churn,
    object ValueClass);

public sealed record ModelSection(string Kind, IReadOnlyList<ParameterEstimate> Parameters, double LogLikelihood, int Customers, double Penalizer);

public sealed record ClvSection(int PeriodDays, int Periods, double DiscountRatePerPeriod, double TotalClv);
