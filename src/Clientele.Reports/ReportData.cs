using Clientele.Core;

namespace Clientele.Reports;

/// <summary>
/// Everything the report shows, already computed: the report only lays it out and draws it. Each capability has an
/// optional section; a section that is null is left out (with <see cref="ValueSkipped"/>-style notes saying why).
/// </summary>
/// <remarks>
/// A later capability (recommendations, campaigns) plugs in either with a typed optional property here and its own
/// <see cref="ReportSection"/>, or, without touching this record, by passing its sections in
/// <see cref="AdditionalSections"/>; they follow the built-in sections in the order given.
/// </remarks>
public sealed record ReportData
{
    /// <summary>The page title, e.g. "Customer report: online_retail.csv.gz".</summary>
    public required string Title { get; init; }

    /// <summary>The first day not observed: every number is as of this date.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Where the numbers come from (the store), shown under the title.</summary>
    /// <value>The default value is null.</value>
    public string? Source { get; init; }

    public required DataOverview Data { get; init; }

    /// <value>The default value is null (no segments section).</value>
    public SegmentsOverview? Segments { get; init; }

    /// <value>The default value is null (no value section).</value>
    public ValueOverview? Value { get; init; }

    /// <summary>Why there is no value section (shown in its place), or null.</summary>
    /// <value>The default value is null.</value>
    public string? ValueSkipped { get; init; }

    /// <summary>Sections of later capabilities, after the built-in ones.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<ReportSection> AdditionalSections { get; init; } = [];
}

/// <summary>
/// The order lines behind the report: what was read from order files, kept and why rows were rejected, and activity
/// over time; product and review files apart (<see cref="CatalogueFiles"/>).
/// </summary>
/// <param name="Customers">Distinct customers with any accepted line.</param>
/// <param name="Orders">Distinct purchase orders (returns and cancellations excluded).</param>
/// <param name="PurchaseValue">Sum of purchase lines (quantity × unit price).</param>
/// <param name="ReturnValue">Value of returned or cancelled lines, as a positive amount.</param>
/// <param name="Months">Calendar months from the first order to the last, each with its activity.</param>
public sealed record DataOverview(
    IReadOnlyList<SourceFileSummary> Files,
    IReadOnlyList<RejectTally> RejectedByReason,
    DateTime FirstOrder,
    DateTime LastOrder,
    long Customers,
    long Orders,
    decimal PurchaseValue,
    decimal ReturnValue,
    IReadOnlyList<MonthlyActivity> Months)
{
    /// <summary>Product catalogue and review files in the store: not order lines, so outside the account above.</summary>
    public IReadOnlyList<SourceFileSummary> CatalogueFiles { get; init; } = [];

    public long RowsRead => Files.Sum(f => f.RowsRead);

    public long RowsAccepted => Files.Sum(f => f.RowsAccepted);

    public long RowsRejected => Files.Sum(f => f.RowsRejected);

    public long ReturnLines => Files.Sum(f => f.ReturnLines);

    /// <summary>Purchases less returns.</summary>
    public decimal NetRevenue => PurchaseValue - ReturnValue;
}

/// <summary>One ingested file: its rows read = accepted + rejected.</summary>
public sealed record SourceFileSummary(string File, string Layout, long RowsRead, long RowsAccepted, long RowsRejected, long ReturnLines);

/// <summary>Rows rejected for one reason (and column, for unparsable values), summed over files.</summary>
public sealed record RejectTally(string Reason, string? Column, long Rows);

/// <summary>One calendar month: net revenue (purchases less returns), purchase orders and customers with a purchase.</summary>
/// <param name="Partial">The data covers only part of the month (the first or the last month).</param>
public sealed record MonthlyActivity(DateOnly Month, decimal Revenue, long Orders, long ActiveCustomers, bool Partial);

/// <summary>The segmentation: RFM segments, the clusters of the chosen method, and what justified them.</summary>
/// <param name="Customers">Customers with at least one purchase before the as-of date: the rows of customers.csv.</param>
/// <param name="CustomersWithoutPurchases">Customers with only returns, who get no RFM scores.</param>
/// <param name="Grid">Customers and revenue by R score × F score.</param>
/// <param name="Clusters">The clusters of the chosen method, or null when only RFM ran.</param>
/// <param name="Space">The clustering space of every customer, for the 2-d projection; null without clusters.</param>
/// <param name="KChoice">How k was chosen (silhouette by k), or null when k was given.</param>
public sealed record SegmentsOverview(
    int Customers,
    int CustomersWithoutPurchases,
    SegmentGroup Rfm,
    RfmGrid Grid,
    SegmentGroup? Clusters,
    ClusterSpace? Space,
    KChoice? KChoice)
{
    /// <summary>Everyone's behaviour (all <see cref="Customers"/>), against which each segment's <see cref="SegmentRow.Behaviour"/> is lifted; null without behaviour events.</summary>
    /// <value>The default value is null (no behaviour columns).</value>
    public SegmentBehaviour? Behaviour { get; init; }

    /// <summary>Why the profiles have no behaviour columns though the store has events (e.g. none before the as-of date), or null.</summary>
    /// <value>The default value is null.</value>
    public string? BehaviourSkipped { get; init; }
}

/// <summary>The segments of one method, in the order to show them.</summary>
/// <param name="Title">e.g. "RFM segments" or "k-means clusters".</param>
/// <param name="Method">How the segments were made, in a sentence.</param>
/// <param name="Ranked">The segments are ordered from the best customers to the worst (coloured green to grey), not just numbered.</param>
public sealed record SegmentGroup(string Title, string Method, IReadOnlyList<SegmentRow> Segments, bool Ranked);

/// <summary>One segment and how it differs from everyone.</summary>
/// <param name="Key">The segment as customers.csv names it (the rfm_segment value, or the cluster number).</param>
/// <param name="Name">The name to show, e.g. "Champions" or "cluster 1".</param>
/// <param name="Label">A short description, e.g. "high value, recent, frequent" or "R 4–5, FM 4–5".</param>
/// <param name="Brief">What the segment is and what to do about it, for a marketer, or null.</param>
/// <param name="Revenue">Sum of the customers' monetary value (net of returns).</param>
/// <param name="RevenueShare">Revenue / everyone's revenue.</param>
/// <param name="Features">Mean, median and lift of each profile feature, in the order of the profile.</param>
public sealed record SegmentRow(
    string Key,
    string Name,
    string Label,
    string? Brief,
    int Customers,
    double Share,
    decimal Revenue,
    double RevenueShare,
    IReadOnlyList<FeatureLift> Features)
{
    /// <summary>How the segment's customers behaved on the site, or null when the store has no behaviour events.</summary>
    /// <value>The default value is null.</value>
    public SegmentBehaviour? Behaviour { get; init; }
}

/// <summary>One feature of a segment: its mean and median, and lift = segment mean / everyone's mean.</summary>
public sealed record FeatureLift(string Feature, double Mean, double Median, double Lift);

/// <summary>Customers and revenue per R score (rows, 1–5) × F score (columns, 1–5); index [r − 1, f − 1].</summary>
public sealed record RfmGrid(int[,] Customers, decimal[,] Revenue);

/// <summary>Every customer in the space the clustering ran in (row-major, customers × features), and the clusters' centroids there.</summary>
/// <param name="Transform">How the features were transformed, e.g. "log1p, then standardised".</param>
/// <param name="ClusterOf">Each row's cluster id (1…k; −1 for noise).</param>
/// <param name="Centroids">Each cluster's centroid (index = id − 1).</param>
public sealed record ClusterSpace(
    IReadOnlyList<string> FeatureNames,
    string Transform,
    double[] Points,
    IReadOnlyList<int> ClusterOf,
    IReadOnlyList<double[]> Centroids)
{
    public int Rows => ClusterOf.Count;

    public int Dimensions => FeatureNames.Count;
}

/// <summary>The k-selection table that justified k.</summary>
public sealed record KChoice(int ChosenK, string Rule, IReadOnlyList<KChoiceRow> Table);

public sealed record KChoiceRow(int K, double Inertia, double Silhouette);

/// <summary>Lifetime value: the fitted models, every customer's value, and how well it predicts.</summary>
/// <param name="Model">e.g. "BG/NBD + Gamma-Gamma".</param>
/// <param name="HorizonDays">The horizon of expected purchases and CLV.</param>
/// <param name="MonthlyDiscountRate">The CLV discount rate per 30-day month, when known.</param>
/// <param name="Holdout">Predicted versus actual purchases in a holdout period, when an evaluation ran.</param>
/// <param name="HoldoutSkipped">Why there is no holdout comparison, or null.</param>
/// <param name="Churn">The churn models' evaluation, when churn could be modelled.</param>
/// <param name="ChurnSkipped">Why churn could not be modelled, or null.</param>
public sealed record ValueOverview(
    string Model,
    int HorizonDays,
    double? MonthlyDiscountRate,
    IReadOnlyList<ModelParameter> Parameters,
    IReadOnlyList<CustomerValueRow> Customers,
    HoldoutComparison? Holdout,
    string? HoldoutSkipped,
    ChurnSummary? Churn,
    string? ChurnSkipped)
{
    /// <summary>What the data cannot carry (most customers bought once, an extreme churn rate, a model not used), as sentences.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> Cautions { get; init; } = [];

    /// <summary>The sentence that tells P(alive) from churn risk, shown wherever both are; null without churn risk.</summary>
    /// <value>The default value is null.</value>
    public string? AliveVersusChurn { get; init; }
}

public sealed record ModelParameter(string Model, string Name, double Value, double StandardError);

/// <summary>One customer's value, as customers.csv has it, with the features the charts put it against.</summary>
/// <param name="Segment">The customer's RFM segment.</param>
/// <param name="Cluster">The customer's cluster name, or null.</param>
public sealed record CustomerValueRow(
    string CustomerId,
    int RecencyDays,
    int Frequency,
    decimal Monetary,
    string Segment,
    string? Cluster,
    double ExpectedPurchases,
    double ProbabilityAlive,
    double Clv);

/// <summary>The transaction model fitted on a calibration period against the purchases customers made in the holdout.</summary>
public sealed record HoldoutComparison(
    DateOnly CalibrationEnd,
    DateOnly ObservationEnd,
    string Model,
    int Customers,
    double PredictedTotal,
    double ActualTotal,
    double MeanAbsoluteError,
    IReadOnlyList<HoldoutGroup> ByFrequency);

/// <summary>Customers with a given number of calibration repeat purchases ("7+" pools the rest).</summary>
public sealed record HoldoutGroup(string Frequency, int Customers, double PredictedMean, double ActualMean);

/// <summary>The churn scores of the same held-out customers, side by side.</summary>
/// <param name="Definition">e.g. "no purchase in the 90 days after the cutoff".</param>
public sealed record ChurnSummary(
    string Definition,
    DateOnly TrainCutoff,
    DateOnly TestCutoff,
    int TestCustomers,
    double ChurnRate,
    IReadOnlyList<ChurnScore> Scores);

/// <param name="Precision">Precision at <paramref name="Threshold"/>.</param>
public sealed record ChurnScore(string Score, double Auc, double BrierScore, double Threshold, double Precision, double Recall);
