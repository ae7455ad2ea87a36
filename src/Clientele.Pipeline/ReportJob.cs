using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language.Briefs;
using Clientele.Pipeline.State;
using Clientele.Reports;
using Clientele.Segmentation;
using Clientele.Value;

namespace Clientele.Pipeline;

/// <summary>What <c>clientele report</c> should do.</summary>
public sealed record ReportRequest
{
    public required string StorePath { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>The first day not observed; null for the day after the last order in the store.</summary>
    /// <value>The default value is null.</value>
    public DateOnly? AsOf { get; init; }

    /// <summary>Show the current value model (BG/NBD, Gamma-Gamma, churn) in its section.</summary>
    /// <value>The default value is true.</value>
    public bool IncludeValue { get; init; } = true;

    /// <summary>Show the current recommendations (examples, and how they were made).</summary>
    /// <value>The default value is true.</value>
    public bool IncludeRecommendations { get; init; } = true;

    /// <summary>When set, also fit on the orders before this day and compare with the holdout after it.</summary>
    /// <value>The default value is null (no holdout comparison).</value>
    public DateOnly? CalibrationEnd { get; init; }

    /// <summary>Where the job is, for a progress bar; null reports nowhere.</summary>
    /// <value>The default value is null.</value>
    public IProgress<JobStep>? Progress { get; init; }
}

/// <summary>What a report run produced.</summary>
/// <param name="Value">The value run, or null when it was not asked for or could not be fitted (see <paramref name="ValueSkipped"/>).</param>
public sealed record ReportResult(ReportFiles Files, SegmentResult Segments, ValueResult? Value, string? ValueSkipped, ValueEvaluation? Evaluation, string? HoldoutSkipped)
{
    /// <summary>The recommendations written beside the report, or null (see <see cref="RecommendationsSkipped"/>).</summary>
    /// <value>The default value is null.</value>
    public RecommendResult? Recommendations { get; init; }

    /// <summary>Why there is no recommendations section (e.g. no product ids in the store), or null.</summary>
    /// <value>The default value is null.</value>
    public string? RecommendationsSkipped { get; init; }
}

/// <summary>
/// The report: the store's current segmentation, value model and recommendations, laid out in report.html
/// (<see cref="HtmlReport"/>) with the data section read from the store, and their files exported beside it. Nothing is
/// fitted (but the holdout comparison asked for with a calibration end): a missing model is named with the command that
/// makes it.
/// </summary>
public static class ReportJob
{
    public static ReportResult Run(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SegmentResult segments;
        ValueResult? value = null;
        string? valueSkipped = null;
        var additional = new List<ReportSection>();
        RecommendResult? recommended = null;
        string? recommendationsSkipped = null;
        IReadOnlyDictionary<string, ValueRow>? values = null;
        Task<(DataOverview Overview, SegmentProductRows Products)> queries;
        var steps = new JobSteps(request.Progress, 6);
        using (var store = ClienteleStore.OpenExisting(request.StorePath))
        {
            var version = ModelRegistry.Require(store, ModelKinds.Segmentation, ModelKinds.CommandFor(ModelKinds.Segmentation));
            // The value version of the segmentation's day is read on a third connection while this one reads the segmentation.
            var valueVersion = request.IncludeValue ? ModelRegistry.Current(store, ModelKinds.Value) : null;
            var valueLoad = valueVersion is not null && valueVersion.AsOf == version.AsOf
                ? SideConnection.Run(request.StorePath, reader =>
                {
                    var rows = ResultTables.ReadValues(reader, valueVersion.Version);
                    return (Result: StoredValue.Load(reader, valueVersion, request.OutputDirectory, rows), Rows: StoreExports.ValueRows(rows));
                })
                : null;
            // The store's two grouped queries over many rows run on a second connection while this one reads the rows of
            // the segmentation and value versions and the files are written.
            queries = SideConnection.Run(request.StorePath, side =>
            {
                var asOf = version.AsOf ?? throw new InvalidOperationException($"segmentation version {version.Version} has no as-of date");
                var current = Features.Summaries.CustomerSummaryTables.IsCurrent(side); // once for both queries
                return (DataOverviewQuery(side, current), new SegmentProductRows(version.Version, asOf, StoredSegmentation.Products(side, version, asOf, current)));
            });
            try
            {
                steps.Next("reading the segmentation");
                segments = StoredSegmentation.Load(store, version, request.OutputDirectory);
                if (request.AsOf is { } asOf && asOf != segments.AsOf)
                {
                    throw new ClienteleException(
                        $"--as-of {asOf:yyyy-MM-dd}: the current segmentation is as of {segments.AsOf:yyyy-MM-dd}; segment as of that day first (clientele segment --as-of {asOf:yyyy-MM-dd} --store {store.Path}), or leave --as-of out");
                }
                if (!request.IncludeValue)
                {
                    valueSkipped = "not asked for (--no-value).";
                }
                else if (ModelRegistry.Current(store, ModelKinds.Value) is not { } current)
                {
                    valueSkipped = $"the store has no value model yet; clientele value --store {store.Path} makes one (or clientele refresh).";
                }
                else if (current.AsOf != segments.AsOf)
                {
                    valueSkipped = $"the current value model is as of {current.AsOf:yyyy-MM-dd} and the segmentation as of {segments.AsOf:yyyy-MM-dd}; run clientele value --store {store.Path} (or clientele refresh) to value the same customers.";
                }
                else
                {
                    // The rows once: for the value result and for customers.csv's and the briefs' value columns.
                    steps.Next("reading the values");
                    if (valueLoad is not null && valueVersion!.Version == current.Version)
                    {
                        (value, values) = valueLoad.GetAwaiter().GetResult();
                    }
                    else
                    {
                        var rows = ResultTables.ReadValues(store, current.Version);
                        value = StoredValue.Load(store, current, request.OutputDirectory, rows);
                        values = StoreExports.ValueRows(rows);
                    }
                }
                steps.At(3, $"writing {SegmentationJob.CustomersFileName}");
                StoreExports.Segmentation(store, segments.Version, segments.Customers, request.OutputDirectory, value?.Version, values);
                if (request.IncludeRecommendations)
                {
                    if (ModelRegistry.Current(store, ModelKinds.Recommender) is { } lists)
                    {
                        steps.At(4, "reading and writing the recommendations");
                        recommended = StoredRecommendations.Load(store, lists, request.OutputDirectory);
                        StoreExports.Recommendations(store, lists.Version, request.OutputDirectory);
                        additional.Add(new RecommendationsReportSection(StoredRecommendations.CurrentEvaluation(store), recommended, ProductNames.Load(store)));
                    }
                    else
                    {
                        recommendationsSkipped = RecommendJob.WhyNoInteractions(store, segments.AsOf)
                            ?? $"the store has no recommendations yet; clientele recommend --store {store.Path} makes them (or clientele refresh).";
                        additional.Add(new SkippedReportSection("recommendations", "Recommendations", recommendationsSkipped));
                    }
                }
                if (FunnelQuery.HasEvents(store))
                {
                    var clusterMethod = segments.Clustering is { } c ? SegmentsJson.MethodName(c.Outcome.Method) : "kmeans";
                    additional.Add(new FunnelReportSection(FunnelQuery.Compute(store, segments.Version, clusterMethod)));
                }
            }
            finally
            {
                // The queries and the value rows on the other connections end first, whatever happened here.
                SideConnection.Settle(queries, valueLoad);
            }
        }
        ValueEvaluation? evaluation = null;
        string? holdoutSkipped = null;
        if (value is not null && request.CalibrationEnd is { } calibrationEnd)
        {
            // Asked for by name: the one fit a report makes, on the orders before the calibration end.
            try
            {
                evaluation = ValueEvaluationJob.Run(new ValueEvaluationRequest { StorePath = request.StorePath, CalibrationEnd = calibrationEnd, ObservationEnd = segments.AsOf });
            }
            catch (Exception e) when (e is ClienteleException or ArgumentException)
            {
                holdoutSkipped = $"the model could not be fitted on the orders before {calibrationEnd:yyyy-MM-dd} ({e.Message})";
            }
        }
        steps.At(5, "the store's overview and each segment's products");
        var (overview, products) = queries.GetAwaiter().GetResult();
        steps.At(6, "writing report.html and its figures");
        var files = Write(request.StorePath, request.OutputDirectory, segments, value, valueSkipped, evaluation, holdoutSkipped, additional, values, overview, products);
        return new ReportResult(files, segments, value, valueSkipped, evaluation, holdoutSkipped)
        {
            Recommendations = recommended,
            RecommendationsSkipped = recommendationsSkipped,
        };
    }

    /// <summary>Writes report.html and figures/ from results already computed (e.g. at the end of the demo).</summary>
    public static ReportFiles Write(
        string storePath,
        string outputDirectory,
        SegmentResult segments,
        ValueResult? value = null,
        string? valueSkipped = null,
        ValueEvaluation? evaluation = null,
        string? holdoutSkipped = null,
        IReadOnlyList<ReportSection>? additionalSections = null,
        IReadOnlyDictionary<string, ValueRow>? valueRows = null,
        DataOverview? overview = null,
        SegmentProductRows? segmentProducts = null)
    {
        using var store = ClienteleStore.OpenExisting(storePath);
        // The value section's rows (every customer joined to their segments; no store) are made on the other core while
        // this one gathers the briefs' facts from the store.
        var valueOverview = value is null ? null : Task.Run(() => ValueOverview(value, segments, evaluation, holdoutSkipped));
        var behaviour = SegmentBehaviourProfiles.Compute(store, segments);
        var briefs = SegmentBriefs(store, storePath, segments, valueRows, behaviour.Behaviour, segmentProducts);
        var data = Build(store, segments, value, valueSkipped, evaluation, holdoutSkipped, briefs, behaviour, overview, valueOverview?.GetAwaiter().GetResult()) with { AdditionalSections = additionalSections ?? [] };
        return HtmlReport.Write(data, outputDirectory);
    }

    /// <summary>
    /// The report's data: the store's account of its rows and months, and the segmentation and value results as computed
    /// (the value section's rows from <c>valueOverview</c> when given, else made here from <c>value</c>).
    /// </summary>
    public static ReportData Build(
        ClienteleStore store,
        SegmentResult segments,
        ValueResult? value = null,
        string? valueSkipped = null,
        ValueEvaluation? evaluation = null,
        string? holdoutSkipped = null,
        IReadOnlyDictionary<(string Method, int Id), string>? briefs = null,
        (SegmentBehaviours? Behaviour, string? Skipped)? behaviour = null,
        DataOverview? overview = null,
        ValueOverview? valueOverview = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(segments);
        overview ??= DataOverviewQuery(store);
        var files = overview.Files.Select(f => f.File).ToList();
        var name = files.Count == 1 ? files[0] : Path.GetFileName(store.Path);
        return new ReportData
        {
            Title = $"Customer report: {name}",
            AsOf = segments.AsOf,
            Source = $"{(files.Count == 1 ? files[0] : $"{files.Count} files")}, {ReportFormat.Count(segments.Customers.Count)} customers",
            Data = overview,
            Segments = SegmentsOverview(segments, briefs, behaviour ?? SegmentBehaviourProfiles.Compute(store, segments)),
            Value = value is null ? null : valueOverview ?? ValueOverview(value, segments, evaluation, holdoutSkipped),
            ValueSkipped = value is null ? valueSkipped ?? "the value models were not run." : null,
        };
    }

    /// <summary>Rows read, accepted and rejected (by reason) over all files, the period, totals and activity per month.</summary>
    /// <remarks>
    /// The period, totals and months come from the customer summaries when they are current (they hold every order line,
    /// <see cref="Features.Summaries.CustomerSummaryTables.IsCurrent"/>), else from the order lines; the same numbers.
    /// </remarks>
    public static DataOverview DataOverviewQuery(ClienteleStore store) =>
        DataOverviewQuery(store, Features.Summaries.CustomerSummaryTables.IsCurrent(store));

    /// <summary>As <see cref="DataOverviewQuery(ClienteleStore)"/>, from the summaries or from the order lines as asked.</summary>
    internal static DataOverview DataOverviewQuery(ClienteleStore store, bool fromSummaries)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Order files make the order-line account; product and review files are listed apart, with their own account.
        var files = new List<SourceFileSummary>();
        var otherFiles = new List<SourceFileSummary>();
        using (var command = store.Command("SELECT path, layout, rows_read, rows_accepted, rows_rejected, return_lines FROM source_files ORDER BY file_id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var file = new SourceFileSummary(Path.GetFileName(reader.GetString(0)), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
                (IsCatalogueLayout(file.Layout) ? otherFiles : files).Add(file);
            }
        }
        var rejects = new List<RejectTally>();
        using (var command = store.Command($"""
            SELECT r.reason, r.column_name, CAST(sum(r.rows) AS BIGINT)
            FROM source_file_rejects r JOIN source_files f ON f.file_id = r.file_id
            WHERE f.layout NOT IN ('{CatalogIngestor.ProductsLayout}', '{CatalogIngestor.ReviewsLayout}', '{EventIngestor.EventsLayout}')
            GROUP BY r.reason, r.column_name ORDER BY 3 DESC, 1, 2
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var code = reader.GetString(0);
                var description = RejectReason.Precedence.FirstOrDefault(r => r.Code == code)?.Description ?? code;
                rejects.Add(new RejectTally(description, reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)));
            }
        }
        DateTime first, last;
        long customers, orders;
        decimal purchased, returned;
        using (var command = store.Command(fromSummaries ? """
            SELECT min(first_line_at), max(last_line_at), count(*),
                   CAST(0 AS BIGINT),
                   coalesce(sum(purchased), 0),
                   coalesce(sum(returned), 0)
            FROM customer_summaries
            """ : """
            SELECT min(ordered_at), max(ordered_at), count(DISTINCT customer_id),
                   count(DISTINCT order_id) FILTER (WHERE NOT is_return),
                   coalesce(sum(amount) FILTER (WHERE NOT is_return), 0),
                   coalesce(-sum(amount) FILTER (WHERE is_return), 0)
            FROM order_lines
            """))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            if (reader.IsDBNull(0))
            {
                throw new ClienteleException($"The store {store.Path} has no orders yet. Ingest some with: clientele ingest orders FILE --store {store.Path}");
            }
            first = reader.GetDateTime(0);
            last = reader.GetDateTime(1);
            customers = reader.GetInt64(2);
            orders = reader.GetInt64(3);
            purchased = reader.GetDecimal(4);
            returned = reader.GetDecimal(5);
        }
        var byMonth = new Dictionary<DateOnly, (decimal Revenue, long Orders, long Active)>();
        if (fromSummaries)
        {
            (orders, byMonth) = MonthsFromSummaries(store);
        }
        else
        {
            using var command = store.Command("""
                SELECT CAST(date_trunc('month', ordered_at) AS DATE) AS month, sum(amount),
                       count(DISTINCT order_id) FILTER (WHERE NOT is_return),
                       count(DISTINCT customer_id) FILTER (WHERE NOT is_return)
                FROM order_lines GROUP BY month ORDER BY month
                """);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                byMonth[DateOnly.FromDateTime(reader.GetDateTime(0))] = (reader.GetDecimal(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }
        var months = new List<MonthlyActivity>();
        var firstMonth = new DateOnly(first.Year, first.Month, 1);
        var lastMonth = new DateOnly(last.Year, last.Month, 1);
        for (var m = firstMonth; m <= lastMonth; m = m.AddMonths(1))
        {
            var (revenue, monthOrders, active) = byMonth.GetValueOrDefault(m);
            var partial = (m == firstMonth && first.Day > 1) || (m == lastMonth && last.Day < DateTime.DaysInMonth(m.Year, m.Month));
            months.Add(new MonthlyActivity(m, revenue, monthOrders, active, partial));
        }
        return new DataOverview(files, rejects, first, last, customers, orders, purchased, returned, months) { CatalogueFiles = otherFiles };
    }

    /// <summary>
    /// Orders in all and each month's net revenue, orders and active customers (with a purchase line), from the summaries:
    /// revenue and customers from the customer-day rows; orders from the customer-order rows, by the month of their lines
    /// where all of an order's lines fall in one month, and from its purchase lines where they do not (an order counts
    /// in each month it has a purchase line, as it does over the order lines). Only the lines of orders that span months
    /// are read, joined to those orders (an IN over a shared CTE had DuckDB take 4 s over every line of a million customers).
    /// </summary>
    private static (long Orders, Dictionary<DateOnly, (decimal Revenue, long Orders, long Active)> Months) MonthsFromSummaries(ClienteleStore store)
    {
        var months = new Dictionary<DateOnly, (decimal Revenue, long Orders, long Active)>();
        using (var command = store.Command("""
            SELECT CAST(date_trunc('month', day) AS DATE) AS month, sum(purchased - returned), count(DISTINCT customer_id) FILTER (WHERE purchase_lines > 0)
            FROM customer_days GROUP BY month
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                months[DateOnly.FromDateTime(reader.GetDateTime(0))] = (reader.GetDecimal(1), 0, reader.GetInt64(2));
            }
        }
        long orders = 0;
        using (var command = store.Command("""
            WITH spanning AS (
                SELECT DISTINCT order_id FROM customer_orders
                WHERE purchase_lines > 0 AND date_trunc('month', first_line_at) <> date_trunc('month', last_line_at)
            ),
            order_months AS (
                SELECT CAST(date_trunc('month', first_line_at) AS DATE) AS month, order_id FROM customer_orders
                WHERE purchase_lines > 0 AND date_trunc('month', first_line_at) = date_trunc('month', last_line_at)
                UNION ALL
                SELECT CAST(date_trunc('month', l.ordered_at) AS DATE), l.order_id FROM order_lines l JOIN spanning s ON s.order_id = l.order_id
                WHERE NOT l.is_return
            )
            SELECT GROUPING(month) = 1, month, count(DISTINCT order_id) FROM order_months GROUP BY GROUPING SETS ((month), ())
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.GetBoolean(0))
                {
                    orders = reader.GetInt64(2);
                    continue;
                }
                var month = DateOnly.FromDateTime(reader.GetDateTime(1));
                var m = months.GetValueOrDefault(month);
                months[month] = (m.Revenue, reader.GetInt64(2), m.Active);
            }
        }
        return (orders, months);
    }

    private static bool IsCatalogueLayout(string layout) => layout is CatalogIngestor.ProductsLayout or CatalogIngestor.ReviewsLayout or EventIngestor.EventsLayout;

    /// <summary>
    /// Each segment's English template brief (description and marketing angle, <see cref="BriefJob"/>), by method and
    /// segment id, from the segmentation's rows (with value facts from <paramref name="valueRows"/>, the value version of
    /// the same day); null when the facts cannot be gathered, and the report keeps its short built-in descriptions.
    /// </summary>
    /// <param name="behaviour">The segments' behaviour when already computed (the report's), else computed here from the store.</param>
    public static IReadOnlyDictionary<(string Method, int Id), string>? SegmentBriefs(
        ClienteleStore store, string storePath, SegmentResult segments, IReadOnlyDictionary<string, ValueRow>? valueRows = null, SegmentBehaviours? behaviour = null,
        SegmentProductRows? segmentProducts = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        try
        {
            var horizon = valueRows is null ? null : BriefFactsBuilder.ValueHorizon(segments.CustomersFile);
            return BriefFactsBuilder.Build(store, storePath, segments, valueRows, horizon, new BriefExtras { Behaviour = behaviour, SegmentProducts = segmentProducts }).Segments.ToDictionary(
                f => (f.Method, f.SegmentId),
                f => TemplateBriefWriter.Write(f, BriefLanguage.English) is var b ? $"{b.Description} {b.AngleText}" : "");
        }
        catch (ClienteleException)
        {
            return null;
        }
    }

    /// <summary>RFM segments and clusters from a segmentation, with revenue from the same customer rows as customers.csv.</summary>
    /// <param name="briefs">Generated briefs by (method, segment id) to show instead of the built-in descriptions (see <see cref="SegmentBriefs"/>).</param>
    /// <param name="behaviour">Each segment's behaviour and everyone's (<see cref="SegmentBehaviourProfiles.Compute(ClienteleStore, SegmentResult)"/>), or why there is none; none by default.</param>
    public static SegmentsOverview SegmentsOverview(
        SegmentResult segments, IReadOnlyDictionary<(string Method, int Id), string>? briefs = null, (SegmentBehaviours? Behaviour, string? Skipped) behaviour = default)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var byName = behaviour.Behaviour?.Rfm;
        var byCluster = behaviour.Behaviour?.Clusters;
        var customers = segments.Customers;
        var totalRevenue = customers.Sum(c => c.Features.Monetary);
        // Each segment's and cluster's revenue in one pass, added in row order (as summing each group does).
        var revenueBySegment = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var revenueByCluster = new Dictionary<int, decimal>();
        foreach (var c in customers)
        {
            revenueBySegment[c.RfmSegment] = revenueBySegment.GetValueOrDefault(c.RfmSegment) + c.Features.Monetary;
            revenueByCluster[c.Cluster ?? 0] = revenueByCluster.GetValueOrDefault(c.Cluster ?? 0) + c.Features.Monetary;
        }
        var rfm = new SegmentGroup(
            "RFM segments",
            "Every customer gets three scores from 1 to 5 by rank among all customers: R for recency (5 = bought most recently), F for frequency " +
            "(5 = most orders) and M for monetary value (5 = spent most). The named segment comes from R and FM, the mean of F and M rounded up.",
            segments.RfmProfiles.Select(p => Row(p, p.Name, revenueBySegment.GetValueOrDefault(p.Name), totalRevenue, briefs?.GetValueOrDefault(("rfm", p.Id)) ?? RfmBrief(p)) with { Behaviour = byName?.GetValueOrDefault(p.Name) }).ToList(),
            Ranked: true);

        SegmentGroup? clusters = null;
        ClusterSpace? space = null;
        KChoice? choice = null;
        if (segments.Clustering is { } clustering)
        {
            var outcome = clustering.Outcome;
            var method = SegmentsJson.MethodName(outcome.Method);
            var chosen = outcome.Selection is { } selection ? $"k = {outcome.K}, chosen by the highest mean silhouette from {selection.Table.Min(r => r.K)} to {selection.Table.Max(r => r.K)}" : $"k = {outcome.K}";
            clusters = new SegmentGroup(
                $"{(method == "kmeans" ? "k-means" : method)} clusters",
                $"{(method == "kmeans" ? "k-means" : method)} ({chosen}) on recency, frequency and monetary value after log1p and standardising, " +
                "so that no feature dominates by its units; cluster 1 has the highest mean spend. A cluster's name says where its centre sits: value, recency, frequency.",
                segments.ClusterProfiles.Select(p => Row(p, p.Id.ToString(CultureInfo.InvariantCulture), revenueByCluster.GetValueOrDefault(p.Id), totalRevenue, briefs?.GetValueOrDefault((method, p.Id)) ?? ClusterBrief(p)) with { Behaviour = byCluster?.GetValueOrDefault(p.Id) }).ToList(),
                Ranked: false);
            space = ClusteringSpace(segments, clustering);
            if (outcome.Selection is { } s)
            {
                choice = new KChoice(s.ChosenK, SelectionRule(s.Rule), s.Table.Select(r => new KChoiceRow(r.K, r.Inertia, r.Silhouette)).ToList());
            }
        }

        var counts = new int[5, 5];
        var revenue = new decimal[5, 5];
        foreach (var c in customers)
        {
            counts[c.RScore - 1, c.FScore - 1]++;
            revenue[c.RScore - 1, c.FScore - 1] += c.Features.Monetary;
        }
        return new SegmentsOverview(customers.Count, segments.Features.CustomersWithoutPurchases, rfm, new RfmGrid(counts, revenue), clusters, space, choice)
        {
            Behaviour = behaviour.Behaviour?.Everyone,
            BehaviourSkipped = behaviour.Skipped,
        };
    }

    /// <summary>Lifetime value per customer, joined to the customer's features and segments.</summary>
    public static ValueOverview ValueOverview(ValueResult value, SegmentResult segments, ValueEvaluation? evaluation = null, string? holdoutSkipped = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(segments);
        var byId = segments.Customers.ToDictionary(c => c.Features.CustomerId, StringComparer.Ordinal);
        var clusterNames = segments.ClusterProfiles.ToDictionary(p => p.Id, p => $"{p.Id}: {p.Label}");
        var transactionModel = value.Transactions.Model is ParetoNbdModel ? "Pareto/NBD" : "BG/NBD";
        var rows = value.Customers.Select(v =>
        {
            var c = byId.GetValueOrDefault(v.CustomerId);
            return new CustomerValueRow(
                v.CustomerId,
                c?.Features.RecencyDays ?? -1,
                c?.Features.Frequency ?? 0,
                c?.Features.Monetary ?? 0,
                c?.RfmSegment ?? "–",
                c?.Cluster is { } id ? clusterNames.GetValueOrDefault(id, $"cluster {id}") : null,
                v.ExpectedPurchases,
                v.ProbabilityAlive,
                v.Clv);
        }).ToList();
        var parameters = value.Transactions.Parameters.Select(p => new ModelParameter(transactionModel, p.Name, p.Value, p.StandardError))
            .Concat(value.SpendModel.Parameters.Select(p => new ModelParameter("Gamma-Gamma", p.Name, p.Value, p.StandardError)))
            .ToList();
        HoldoutComparison? holdout = evaluation is null ? null : new HoldoutComparison(
            evaluation.CalibrationEnd,
            evaluation.ObservationEnd,
            evaluation.Model == "pareto-nbd" ? "Pareto/NBD" : "BG/NBD",
            evaluation.Customers,
            evaluation.PredictedTotal,
            evaluation.ActualTotal,
            evaluation.MeanAbsoluteError,
            evaluation.ByFrequency.Select(r => new HoldoutGroup(r.Frequency, r.Customers, r.PredictedMean, r.ActualMean)).ToList());
        ChurnSummary? churn = value.Churn is not { } c ? null : new ChurnSummary(
            $"no purchase in the {c.HorizonDays} days after the cutoff",
            c.TrainCutoff,
            c.TestCutoff,
            c.Comparison.Customers,
            c.Comparison.Supervised.BaseRate,
            new[]
            {
                Score("churn model (LightGbm on the customer features)", c.Comparison.Supervised),
                Score($"1 − P(alive) ({transactionModel})", c.Comparison.NotAlive),
                c.Comparison.NoPurchase is null ? null : Score($"P(no purchase in {c.HorizonDays} days) ({transactionModel})", c.Comparison.NoPurchase),
            }.OfType<ChurnScore>().ToList());
        return new ValueOverview(
            $"{transactionModel} (how often customers buy and whether they are still active) and Gamma-Gamma (how much they spend per order)",
            value.HorizonDays,
            DiscountRate(value.ModelFile),
            parameters,
            rows,
            holdout,
            evaluation is null ? holdoutSkipped : null,
            churn,
            value.ChurnSkipped)
        {
            Cautions = value.Checks.Select(c => c.Message).ToList(),
            AliveVersusChurn = value.AliveVersusChurn,
        };
    }

    private static ChurnScore Score(string name, Value.Classification.BinaryEvaluation e) => new(name, e.Auc, e.BrierScore, e.Threshold, e.Precision, e.Recall);

    /// <summary>The discount rate as value-model.json records it (ValueResult does not carry it).</summary>
    private static double? DiscountRate(string modelFile)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(modelFile));
            return document.RootElement.TryGetProperty("clv", out var clv) && clv.TryGetProperty("discount_rate_per_period", out var rate) ? rate.GetDouble() : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every customer in the clustering's space: log1p of recency, frequency and monetary (floored at 0), standardised as the clustering was.</summary>
    private static ClusterSpace ClusteringSpace(SegmentResult segments, RfmClusteringResult clustering)
    {
        var customers = segments.Customers;
        var points = new double[customers.Count * 3];
        for (var i = 0; i < customers.Count; i++)
        {
            var f = customers[i].Features;
            Span<double> row = [Math.Log(1 + Math.Max(f.RecencyDays, 0)), Math.Log(1 + Math.Max(f.Frequency, 0)), Math.Log(1 + Math.Max((double)f.Monetary, 0))];
            clustering.Scaling.Apply(row);
            row.CopyTo(points.AsSpan(i * 3, 3));
        }
        return new ClusterSpace(RfmClustering.FeatureNames, "log1p, then standardised", points, clustering.ClusterOf, clustering.Centroids);
    }

    private static SegmentRow Row(SegmentProfile p, string key, decimal revenue, decimal totalRevenue, string brief) => new(
        key,
        p.Name,
        p.Label,
        brief,
        p.Size,
        p.Share,
        revenue,
        totalRevenue == 0 ? double.NaN : (double)(revenue / totalRevenue),
        p.Features.Select(f => new FeatureLift(f.Feature, f.Mean, f.Median, f.Lift)).ToList());

    private static string SelectionRule(string rule) => rule.EndsWith('.') ? rule : rule + ".";

    /// <summary>What each named RFM segment is, and the usual thing to do about it.</summary>
    public static readonly IReadOnlyDictionary<string, string> RfmBriefs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RfmSegments.Champions] = "Bought recently, buy often and spend the most. Reward them: early access, loyalty perks; ask for reviews.",
        [RfmSegments.Loyal] = "Buy regularly and spend well. Upsell higher-value products; invite them into a loyalty programme.",
        [RfmSegments.PotentialLoyalist] = "Recent customers with a few orders. Give them a reason to come back soon: membership, recommendations.",
        [RfmSegments.New] = "Bought for the first time very recently. Welcome them and help them to a second order.",
        [RfmSegments.Promising] = "Recent, but have bought little so far. Build the relationship with useful content and small offers.",
        [RfmSegments.NeedAttention] = "Middling recency, frequency and spend. Time-limited offers based on what they bought before.",
        [RfmSegments.AboutToSleep] = "Slipping away after few orders. Reactivate with popular products or a discount before they go.",
        [RfmSegments.AtRisk] = "Used to buy often and spend well, but not lately. Win them back with personal messages and offers.",
        [RfmSegments.CantLoseThem] = "Were among the best customers and have not bought for a long time. Reach out personally; find out why.",
        [RfmSegments.Hibernating] = "Last bought long ago, with few orders. Offer something relevant; otherwise keep costs low.",
        [RfmSegments.Lost] = "Lowest recency, frequency and spend. One reactivation attempt at most; do not spend more on them.",
    };

    private static string RfmBrief(SegmentProfile p) =>
        $"{RfmBriefs.GetValueOrDefault(p.Name, "")} ({p.Label}; median {Median(p, "recency_days")} days since the last order, {Mean(p, "frequency", "0.0")} orders and {Mean(p, "monetary", "N0")} spent on average.)".TrimStart();

    private static string ClusterBrief(SegmentProfile p)
    {
        if (p.Id < 0)
        {
            return "Customers in no dense group (DBSCAN's noise).";
        }
        var spend = p.Features.FirstOrDefault(f => f.Feature == "monetary");
        var lift = spend is null || !double.IsFinite(spend.Lift) ? "" : $" ({spend.Lift.ToString("0.00", CultureInfo.InvariantCulture)}× everyone's)";
        return $"Median {Median(p, "recency_days")} days since the last order, {Mean(p, "frequency", "0.0")} orders and {Mean(p, "monetary", "N0")} spent on average{lift}. " +
            $"Stands out most by {string.Join(" and ", p.SeparatingFeatures.Take(2).Select(f => f.Replace('_', ' ')))}.";
    }

    private static string Median(SegmentProfile p, string feature) =>
        p.Features.FirstOrDefault(f => f.Feature == feature) is { } f ? f.Median.ToString("N0", CultureInfo.InvariantCulture) : "–";

    private static string Mean(SegmentProfile p, string feature, string format) =>
        p.Features.FirstOrDefault(f => f.Feature == feature) is { } f ? f.Mean.ToString(format, CultureInfo.InvariantCulture) : "–";
}
