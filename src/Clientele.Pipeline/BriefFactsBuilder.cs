using System.Globalization;
using System.Text.Json;
using Clientele.Core;
using Clientele.Core.Maths;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language.Briefs;
using Clientele.Segmentation;

namespace Clientele.Pipeline;

/// <summary>Optional facts from other capabilities (themes from text features, review sentiment), looked up per segment.</summary>
public sealed record BriefExtras
{
    /// <summary>A segment's distinctive words, most distinctive first; null or empty for none.</summary>
    /// <value>The default value is null: the themes segments.json holds for the segment (see <see cref="SegmentsFileReader.ThemeMinimumZ"/>).</value>
    public Func<SegmentFacts, IReadOnlyList<string>?>? Themes { get; init; }

    /// <summary>A segment's review sentiment, or null.</summary>
    /// <value>The default value is null: from <see cref="CustomerSentiment"/> when it is given, else none.</value>
    public Func<SegmentFacts, SentimentFacts?>? Sentiment { get; init; }

    /// <summary>Each reviewing customer's sentiment (summed per segment when <see cref="Sentiment"/> is null) and star ratings.</summary>
    /// <value>The default value is null (no sentiment).</value>
    public CustomerSentimentResult? CustomerSentiment { get; init; }

    /// <summary>
    /// The segmentation's products by segment (<see cref="SegmentProductQuery.ForVersion"/>), already queried for the
    /// same version and as-of (the report queries them beside its other work); used only when both match.
    /// </summary>
    /// <value>The default value is null: queried here.</value>
    public SegmentProductRows? SegmentProducts { get; init; }

    /// <summary>Each segment's behaviour, already computed for the same customers and as-of (the report's, to compute it once).</summary>
    /// <value>The default value is null: computed from the store's behaviour events (<see cref="SegmentBehaviourProfiles"/>), none without events.</value>
    public SegmentBehaviours? Behaviour { get; init; }
}

/// <summary>The rows of <see cref="SegmentProductQuery.ForVersion"/> for segmentation <paramref name="Version"/> as of <paramref name="AsOf"/>.</summary>
public sealed record SegmentProductRows(long Version, DateOnly AsOf, IReadOnlyList<SegmentProduct> Rows);

/// <summary>A segmentation's outputs as briefs read them: where they are, and every segment's facts.</summary>
/// <param name="Store">The store the segmentation came from, as messages name it (a file's path, or postgres://user@host:port/database: never a password).</param>
/// <param name="ValueColumns">The value columns customers.csv held (clv, p_alive, churn_risk), empty when no value run had added them.</param>
public sealed record BriefFactsSet(
    string SegmentsFile,
    string CustomersFile,
    string? Store,
    DateOnly AsOf,
    IReadOnlyList<SegmentFacts> Segments,
    IReadOnlyList<string> ValueColumns);

/// <summary>
/// Gathers every segment's <see cref="SegmentFacts"/> from a segmentation's outputs and the store: names and labels from
/// segments.json; size, revenue, the profile features against everyone, a cluster's RFM mix and (when a value run has
/// added them) mean CLV, P(alive) and churn risk from customers.csv; top products and cross-sell candidates by SQL over
/// the store's order lines before the as-of date.
/// </summary>
public static class BriefFactsBuilder
{
    /// <summary>Products named per segment as its top products (by net revenue).</summary>
    public const int TopProducts = 3;

    /// <summary>Cross-sell candidates per segment.</summary>
    public const int CrossSellProducts = 3;

    /// <summary>Cross-sell candidates come from this many products bought by the most customers.</summary>
    public const int BestsellerPool = 20;


    private static readonly string[] FeatureColumns =
    [
        SegmentFeatures.RecencyDays, SegmentFeatures.Frequency, SegmentFeatures.Monetary, SegmentFeatures.TenureDays,
        SegmentFeatures.AverageOrderValue, SegmentFeatures.DistinctProducts, SegmentFeatures.ReturnRate,
    ];

    private static readonly string[] ValueColumnNames = ["clv", "p_alive", "churn_risk"];

    /// <summary>The order interval (the shop's rhythm) needs at least this many repeat customers; with fewer, the rules use everyone's median recency.</summary>
    public const int MinimumRepeatCustomers = 20;

    /// <summary>The facts of every segment of segments.json (RFM segments first, then clusters), from the store at <paramref name="storePath"/>.</summary>
    /// <param name="storePath">The store, or null for the one segments.json names.</param>
    public static BriefFactsSet Build(string segmentsFile, string? storePath, BriefExtras? extras = null) =>
        Build(segmentsFile, SegmentsFileReader.Read(segmentsFile), storePath, extras);

    /// <summary>As <see cref="Build(string, string?, BriefExtras?)"/>, with segments.json already read.</summary>
    public static BriefFactsSet Build(string segmentsFile, SegmentsFileContents segments, string? storePath, BriefExtras? extras = null)
    {
        ArgumentNullException.ThrowIfNull(segmentsFile);
        ArgumentNullException.ThrowIfNull(segments);
        var customersFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(segmentsFile))!, SegmentationJob.CustomersFileName);
        if (!File.Exists(customersFile))
        {
            throw new ClienteleException($"no {SegmentationJob.CustomersFileName} beside {segmentsFile}: briefs need both files of one segmentation");
        }
        var customers = ReadCustomers(customersFile);
        var location = storePath ?? segments.Store ?? throw new ClienteleException("segments.json names no store; give one with --store", segmentsFile);
        using var store = ClienteleStore.OpenExisting(location);
        return Build(segmentsFile, customersFile, segments, store, location, version: null, customers, ValueHorizon(customersFile), extras);
    }

    /// <summary>
    /// The facts of a segmentation loaded from <paramref name="store"/> (its segments.json exported beside its customers.csv),
    /// with a value version's rows when <paramref name="values"/> is given: the numbers customers.csv shows, taken from the
    /// rows it was written from instead of parsing the file back.
    /// </summary>
    /// <param name="storeName">The store as the user named it (a path or connection string), for the facts' <see cref="BriefFactsSet.Store"/>.</param>
    public static BriefFactsSet Build(
        ClienteleStore store, string storeName, SegmentResult segmentation, IReadOnlyDictionary<string, ValueRow>? values, int? horizonDays, BriefExtras? extras = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(segmentation);
        var segments = SegmentsFileReader.Read(segmentation.SegmentsFile);
        return Build(segmentation.SegmentsFile, segmentation.CustomersFile, segments, store, storeName, segmentation.Version > 0 ? segmentation.Version : null, FromRows(segmentation.Customers, values), horizonDays, extras);
    }

    private static BriefFactsSet Build(
        string segmentsFile, string customersFile, SegmentsFileContents segments, ClienteleStore store, string storeName, long? version, CustomerColumns customers, int? horizon, BriefExtras? extras)
    {
        var groupings = new List<Grouping>();
        if (segments.Rfm.Count > 0)
        {
            var idByName = segments.Rfm.ToDictionary(s => s.Name, s => s.Id, StringComparer.Ordinal);
            var ids = customers.RfmSegments.Select((name, i) => idByName.TryGetValue(name, out var id)
                ? id
                : throw new ClienteleException($"RFM segment \"{name}\" is not in {Path.GetFileName(segmentsFile)}", customersFile, i + 2, "rfm_segment")).ToArray();
            groupings.Add(new Grouping("rfm", ids, segments.Rfm));
        }
        if (segments.Clusters.Count > 0)
        {
            var ids = customers.Clusters.Select((c, i) => c ?? throw new ClienteleException("no cluster for this customer, though segments.json has clusters", customersFile, i + 2, "cluster")).ToArray();
            groupings.Add(new Grouping(segments.ClusterMethod ?? "kmeans", ids, segments.Clusters));
        }

        var products = ProductStats.Query(store, segments.AsOf, version, customers, groupings, extras?.SegmentProducts);
        var interval = OrderInterval(customers);
        var behaviour = extras?.Behaviour ?? (FunnelQuery.HasEvents(store) ? SegmentBehaviourProfiles.Compute(
            store, segments.AsOf, [.. customers.Ids.Select((id, i) => new SegmentMember(id, customers.RfmSegments[i], customers.Clusters[i]))]).Behaviour : null);
        var facts = new List<SegmentFacts>();
        var overallMeanClv = MeanOfPresent(customers, "clv", null);
        // Each segment's rows in one pass over the customers, not one pass per segment.
        var present = groupings
            .Select(grouping => (Grouping: grouping, RowsBySegment: RowsBySegment(grouping.SegmentOf)))
            .SelectMany(g => g.Grouping.Segments.Where(s => g.RowsBySegment.ContainsKey(s.Id)).Select(s => (g.Grouping, Segment: s, Rows: g.RowsBySegment[s.Id])))
            .ToArray();
        // The segments' figures (means and medians of a million rows' features) are independent: computed in parallel,
        // then taken in order.
        var figures = new SegmentFacts[present.Length];
        Parallel.For(0, present.Length, i => figures[i] = Facts(present[i].Grouping, present[i].Segment, present[i].Rows, customers, products, horizon, overallMeanClv));
        for (var k = 0; k < present.Length; k++)
        {
            var (grouping, segment, rows) = present[k];
            var f = figures[k];
            var segmentBehaviour = behaviour is null ? null
                : grouping.Method == "rfm" ? behaviour.Rfm.GetValueOrDefault(segment.Name) : behaviour.Clusters.GetValueOrDefault(segment.Id);
            f = f with
            {
                Behaviour = segmentBehaviour,
                BehaviourLifts = segmentBehaviour?.LiftsAgainst(behaviour!.Everyone),
                OrderIntervalDays = interval,
                Themes = extras?.Themes?.Invoke(f) ?? segment.Themes,
                Sentiment = extras?.Sentiment is { } sentiment ? sentiment(f) : extras?.CustomerSentiment?.For(rows.Select(i => customers.Ids[i])),
                Ratings = extras?.CustomerSentiment?.RatingsFor(rows.Select(i => customers.Ids[i])),
            };
            facts.Add(f);
        }
        return new BriefFactsSet(Path.GetFullPath(segmentsFile), customersFile, StoreLocation.Parse(storeName).DisplayName, segments.AsOf, facts, customers.ValueColumns);
    }

    /// <summary>Each segment's rows, in row order (as grouping the rows by segment gives them), from one count and one pass.</summary>
    private static Dictionary<int, int[]> RowsBySegment(int[] segmentOf)
    {
        var sizes = new Dictionary<int, int>();
        foreach (var segment in segmentOf)
        {
            sizes[segment] = sizes.GetValueOrDefault(segment) + 1;
        }
        var rows = sizes.ToDictionary(p => p.Key, p => new int[p.Value]);
        var filled = sizes.Keys.ToDictionary(k => k, _ => 0);
        for (var i = 0; i < segmentOf.Length; i++)
        {
            var segment = segmentOf[i];
            var at = filled[segment];
            rows[segment][at] = i;
            filled[segment] = at + 1;
        }
        return rows;
    }

    private static SegmentFacts Facts(Grouping grouping, SegmentName segment, int[] rows, CustomerColumns customers, ProductStats products, int? horizon, double? overallMeanClv)
    {
        var features = new List<FeatureFact>();
        for (var j = 0; j < FeatureColumns.Length; j++)
        {
            var all = customers.Features[j];
            var values = rows.Select(i => all[i]).ToArray();
            var mean = values.Average();
            var overallMean = customers.FeatureMeans[j];
            var sd = customers.FeatureStandardDeviations[j];
            features.Add(new FeatureFact(
                FeatureColumns[j],
                mean,
                Medians.Of(values),
                overallMean,
                customers.FeatureMedians[j],
                overallMean == 0 ? null : mean / overallMean,
                sd == 0 ? 0 : (mean - overallMean) / sd));
        }
        var monetary = customers.Features[Array.IndexOf(FeatureColumns, SegmentFeatures.Monetary)];
        var revenue = rows.Sum(i => monetary[i]);
        var totalRevenue = monetary.Sum();
        var kind = grouping.Method == "rfm" ? SegmentKind.RfmSegment : segment.Id < 0 ? SegmentKind.Noise : SegmentKind.Cluster;
        var mix = kind == SegmentKind.RfmSegment
            ? []
            : rows.GroupBy(i => customers.RfmSegments[i], StringComparer.Ordinal)
                .Select(g => new SegmentMixEntry(g.Key, g.Count(), (double)g.Count() / rows.Length))
                .OrderByDescending(m => m.Customers).ThenBy(m => m.Segment, StringComparer.Ordinal).ToArray();
        var (top, crossSell) = products.For(grouping.Method, segment.Id, rows.Length, customers.Count);
        return new SegmentFacts
        {
            Method = grouping.Method,
            SegmentId = segment.Id,
            Name = segment.Name,
            Label = segment.Label,
            Kind = kind,
            Customers = rows.Length,
            TotalCustomers = customers.Count,
            CustomerShare = (double)rows.Length / customers.Count,
            Revenue = Math.Round(revenue, 2),
            RevenueShare = totalRevenue > 0 ? revenue / totalRevenue : null,
            Features = features,
            RfmMix = mix,
            TopProducts = top,
            CrossSellProducts = crossSell,
            Value = ValueFacts(customers, rows, horizon, overallMeanClv),
        };
    }

    /// <summary>
    /// Median days between consecutive orders of the customers with at least two: (first to last order) / (orders − 1),
    /// where first to last is tenure − recency; null with fewer than <see cref="MinimumRepeatCustomers"/>.
    /// </summary>
    private static double? OrderInterval(CustomerColumns customers)
    {
        var recency = customers.Features[Array.IndexOf(FeatureColumns, SegmentFeatures.RecencyDays)];
        var frequency = customers.Features[Array.IndexOf(FeatureColumns, SegmentFeatures.Frequency)];
        var tenure = customers.Features[Array.IndexOf(FeatureColumns, SegmentFeatures.TenureDays)];
        var gaps = Enumerable.Range(0, customers.Count).Where(i => frequency[i] >= 2).Select(i => (tenure[i] - recency[i]) / (frequency[i] - 1)).ToArray();
        return gaps.Length >= MinimumRepeatCustomers ? Medians.Of(gaps) : null;
    }

    private static ValueFacts? ValueFacts(CustomerColumns customers, int[] rows, int? horizon, double? overallMeanClv)
    {
        if (customers.ValueColumns.Count == 0)
        {
            return null;
        }
        var facts = new ValueFacts(
            MeanOfPresent(customers, "clv", rows),
            overallMeanClv,
            MeanOfPresent(customers, "p_alive", rows),
            MeanOfPresent(customers, "churn_risk", rows),
            horizon);
        return facts.MeanClv is null && facts.MeanProbabilityAlive is null && facts.MeanChurnRisk is null ? null : facts;
    }

    /// <summary>The mean of a value column over <paramref name="rows"/> (every row when null), of the rows that have a value; null for none.</summary>
    private static double? MeanOfPresent(CustomerColumns customers, string column, int[]? rows)
    {
        if (!customers.Values.TryGetValue(column, out var values))
        {
            return null;
        }
        var present = new List<double>(rows?.Length ?? values.Length);
        var count = rows?.Length ?? values.Length;
        for (var k = 0; k < count; k++)
        {
            if (values[rows is null ? k : rows[k]] is { } v)
            {
                present.Add(v);
            }
        }
        // Summed in row order, as Enumerable.Average does.
        return present.Count == 0 ? null : present.Average();
    }

    /// <summary>The CLV horizon from value-model.json beside customers.csv, when a value run wrote one.</summary>
    internal static int? ValueHorizon(string customersFile)
    {
        var file = Path.Combine(Path.GetDirectoryName(customersFile)!, ValueJob.ModelFileName);
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return document.RootElement.TryGetProperty("horizon_days", out var h) && h.TryGetInt32(out var days) ? days : null;
        }
        catch (JsonException)
        {
            return null; // the horizon only words a sentence; an unreadable model file does not stop the briefs
        }
    }

    private static CustomerColumns ReadCustomers(string file)
    {
        var table = CustomerTable.Read(file);
        var columns = table.Columns;
        foreach (var required in FeatureColumns.Append("rfm_segment").Append("cluster"))
        {
            if (!columns.Contains(required))
            {
                throw new ClienteleException(
                    $"no column {required}: briefs need the customers.csv of a segmentation of the store's customers (clientele segment), not of a feature table", file, 1);
            }
        }
        var ids = table.CustomerIds;
        if (ids.Count == 0)
        {
            throw new ClienteleException("no customers", file);
        }
        double? Parse(int row, string column, bool optional)
        {
            var text = table.Value(ids[row], column);
            if (text.Length == 0 && optional)
            {
                return null;
            }
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v
                : throw new ClienteleException($"\"{text}\" is not a number", file, row + 2, column);
        }
        var features = FeatureColumns.Select(c => Enumerable.Range(0, ids.Count).Select(i => Parse(i, c, optional: false)!.Value).ToArray()).ToArray();
        var clusters = Enumerable.Range(0, ids.Count).Select(i => Parse(i, "cluster", optional: true) is { } c ? (int?)(int)c : null).ToArray();
        var valueColumns = ValueColumnNames.Where(columns.Contains).ToArray();
        var values = valueColumns.ToDictionary(c => c, c => Enumerable.Range(0, ids.Count).Select(i => Parse(i, c, optional: true)).ToArray(), StringComparer.Ordinal);
        return Columns(ids, features, ids.Select(id => table.Value(id, "rfm_segment")).ToArray(), clusters, valueColumns, values);
    }

    /// <summary>
    /// The columns of customers.csv from the rows it is written from (<see cref="CustomersCsv.Write(string, IReadOnlyList{CustomerSegments}, IReadOnlyDictionary{string, Data.Store.ValueRow}?)"/>), each number as
    /// the file shows it (cents, six decimals), so that briefs from the store and from the files agree to the digit.
    /// </summary>
    private static CustomerColumns FromRows(IReadOnlyList<CustomerSegments> rows, IReadOnlyDictionary<string, ValueRow>? values)
    {
        if (rows.Count == 0)
        {
            throw new ClienteleException("the segmentation has no customers");
        }
        var features = FeatureColumns.Select(_ => new double[rows.Count]).ToArray();
        IReadOnlyList<string> valueColumns = values is null ? [] : ValueColumnNames;
        var valuesByColumn = valueColumns.ToDictionary(c => c, _ => new double?[rows.Count], StringComparer.Ordinal);
        double?[]? clv = null, alive = null, churn = null;
        if (values is not null)
        {
            (clv, alive, churn) = (valuesByColumn["clv"], valuesByColumn["p_alive"], valuesByColumn["churn_risk"]);
        }
        // Each row fills its own slots: ranges of rows in parallel give the same arrays as one pass.
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, rows.Count, 65_536), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var f = rows[i].Features;
                // In FeatureColumns' order: recency, frequency, monetary, tenure, average order value, distinct products, return rate.
                features[0][i] = f.RecencyDays;
                features[1][i] = f.Frequency;
                features[2][i] = Shown(f.Monetary);
                features[3][i] = f.TenureDays;
                features[4][i] = Shown(Math.Round(f.AverageOrderValue, 2, MidpointRounding.ToEven));
                features[5][i] = f.DistinctProducts;
                features[6][i] = f.ReturnRate == 0 && double.IsPositive(f.ReturnRate) ? 0 : Shown(f.ReturnRate, "0.######")!.Value; // most customers return nothing
                if (values is not null && values.TryGetValue(f.CustomerId, out var v))
                {
                    clv![i] = Shown(v.Clv, "0.00");
                    alive![i] = Shown(v.ProbabilityAlive, "0.######");
                    churn![i] = Shown(v.ChurnRisk, "0.######");
                }
            }
        });
        return Columns(rows.Select(r => r.Features.CustomerId).ToArray(), features, rows.Select(r => r.RfmSegment).ToArray(), rows.Select(r => r.Cluster).ToArray(), valueColumns, valuesByColumn);
    }

    /// <summary>
    /// An amount as customers.csv shows it (<see cref="CustomersCsv.Money"/>) read back as a double: with at most six
    /// decimals and a coefficient below 2^53, the coefficient divided by the power of ten (both exact, the division
    /// correctly rounded, as parsing is), else through the text.
    /// </summary>
    internal static double Shown(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = value.Scale;
        var high = unchecked((uint)bits[2]);
        var middle = unchecked((uint)bits[1]);
        if (scale <= 6 && high == 0 && middle < (1u << 21))
        {
            var coefficient = ((ulong)middle << 32) | unchecked((uint)bits[0]);
            if (coefficient == 0)
            {
                return 0; // "0.00", also of a negative zero
            }
            var magnitude = coefficient / PowersOfTen[scale];
            return value < 0 ? -magnitude : magnitude;
        }
        return Number(CustomersCsv.Money(value));
    }

    /// <summary>
    /// A number as customers.csv shows it with <paramref name="format"/> (<see cref="CustomersCsv.Cents"/>,
    /// <see cref="CustomersCsv.Decimal6"/>, <see cref="CustomersCsv.ReturnRate"/>), read back: rounded without the text where
    /// that is certain to agree (<see cref="Rounded"/>), else the same text, formatted into a buffer rather than a string;
    /// null for an empty cell.
    /// </summary>
    internal static double? Shown(double? value, string format)
    {
        if (value is not { } v)
        {
            return null;
        }
        var decimals = format switch { "0.00" => 2, "0.######" => 6, _ => -1 };
        if (decimals >= 0 && Rounded(v, decimals) is { } rounded)
        {
            return rounded;
        }
        Span<char> text = stackalloc char[64];
        return v.TryFormat(text, out var written, format, CultureInfo.InvariantCulture)
            ? double.Parse(text[..written], NumberStyles.Float, CultureInfo.InvariantCulture)
            : Number(v.ToString(format, CultureInfo.InvariantCulture));
    }

    private static readonly double[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    /// <summary>
    /// A positive number rounded to <paramref name="decimals"/> places as its text reads back, without the text: the
    /// text rounds the value's first 15 significant digits, which lie within 5e-15 of it (relative), so where the value
    /// times 10^decimals is further than that from a half, its nearest whole number k is the text's digits and k / 10^decimals
    /// (both exact, the division correctly rounded) is what parsing gives. Null where in doubt (near a half, zero, negative
    /// or large): the caller then goes through the text.
    /// </summary>
    private static double? Rounded(double value, int decimals)
    {
        if (!(value > 0) || value >= 1e9)
        {
            return null;
        }
        var scaled = value * PowersOfTen[decimals];
        var whole = Math.Floor(scaled);
        var fraction = scaled - whole; // exact
        if (Math.Abs(fraction - 0.5) <= (scaled * 1e-13) + 1e-9)
        {
            return null;
        }
        return (fraction > 0.5 ? whole + 1 : whole) / PowersOfTen[decimals];
    }

    /// <summary>A number as customers.csv shows it; an empty cell (a model that did not score the customer) is null.</summary>
    private static double? Shown(string text) => text.Length == 0 ? null : Number(text);

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static CustomerColumns Columns(
        IReadOnlyList<string> ids, double[][] features, string[] rfmSegments, int?[] clusters, IReadOnlyList<string> valueColumns, IReadOnlyDictionary<string, double?[]> values) => new(
        ids,
        features,
        features.Select(f => f.Average()).ToArray(),
        features.Select(f => Medians.Of(f)).ToArray(),
        features.Select(StandardDeviation).ToArray(),
        rfmSegments,
        clusters,
        valueColumns,
        values);

    /// <summary>Sample standard deviation (n − 1), as <see cref="SegmentProfiler"/> measures standardised differences.</summary>
    private static double StandardDeviation(double[] values)
    {
        if (values.Length < 2)
        {
            return 0;
        }
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    private sealed record CustomerColumns(
        IReadOnlyList<string> Ids,
        double[][] Features,
        double[] FeatureMeans,
        double[] FeatureMedians,
        double[] FeatureStandardDeviations,
        string[] RfmSegments,
        int?[] Clusters,
        IReadOnlyList<string> ValueColumns,
        IReadOnlyDictionary<string, double?[]> Values)
    {
        public int Count => Ids.Count;
    }

    internal sealed record Grouping(string Method, int[] SegmentOf, IReadOnlyList<SegmentName> Segments);

    /// <summary>Per segment and product: net revenue and buyers, from one query; and the store's product names.</summary>
    private sealed class ProductStats
    {
        private readonly Dictionary<(string Method, int Segment), List<(string Product, double Revenue, int Buyers)>> _bySegment = [];
        private readonly Dictionary<string, int> _overallBuyers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
        private readonly HashSet<string> _merchandise = new(StringComparer.Ordinal);
        private string[] _bestsellers = [];

        /// <param name="version">The stored segmentation the groupings come from, or null for one read from files (its members are uploaded).</param>
        /// <param name="queried">The rows already queried, used when they are of <paramref name="version"/> as of <paramref name="asOf"/>.</param>
        public static ProductStats Query(ClienteleStore store, DateOnly asOf, long? version, CustomerColumns customers, List<Grouping> groupings, SegmentProductRows? queried)
        {
            var stats = new ProductStats();
            foreach (var (id, name) in ProductNames.Load(store))
            {
                stats._names[id] = name;
            }
            stats._merchandise.UnionWith(ServiceLines.Merchandise(stats._names.Keys));
            var rows = version is { } v
                ? queried is { } q && q.Version == v && q.AsOf == asOf ? q.Rows : State.StoredSegmentation.Products(store, ModelRegistry.Get(store, v), asOf)
                : SegmentProductQuery.ForMembers(store, customers.Ids.Select((id, i) => new SegmentMember(id, customers.RfmSegments[i], customers.Clusters[i])), asOf);
            var first = groupings.Count > 0 ? groupings[0].Method : "";
            var rfmIds = groupings.FirstOrDefault(g => g.Method == "rfm")?.Segments.ToDictionary(s => s.Name, s => s.Id, StringComparer.Ordinal);
            var clusterMethod = groupings.FirstOrDefault(g => g.Method != "rfm")?.Method;
            foreach (var row in rows)
            {
                if (!stats._merchandise.Contains(row.ProductId))
                {
                    continue;
                }
                (string Method, int Segment) key;
                if (row.RfmSegment is { } name && rfmIds is not null && rfmIds.TryGetValue(name, out var id))
                {
                    key = ("rfm", id);
                }
                else if (row.Cluster is { } cluster && clusterMethod is not null)
                {
                    key = (clusterMethod, cluster);
                }
                else
                {
                    continue;
                }
                if (!stats._bySegment.TryGetValue(key, out var list))
                {
                    stats._bySegment[key] = list = [];
                }
                list.Add((row.ProductId, row.Revenue, checked((int)row.Buyers)));
                if (key.Method == first)
                {
                    // Every customer is in exactly one segment of a grouping: its segments' buyers add up to everyone's.
                    stats._overallBuyers[row.ProductId] = stats._overallBuyers.GetValueOrDefault(row.ProductId) + (int)row.Buyers;
                }
            }
            stats._bestsellers = stats._overallBuyers.Where(p => p.Value > 0)
                .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Take(BestsellerPool).Select(p => p.Key).ToArray();
            return stats;
        }

        /// <summary>
        /// Top products: the largest positive net revenue in the segment. Cross-sell candidates: of the
        /// <see cref="BestsellerPool"/> products bought by the most customers, those that a smaller share of this segment
        /// bought than of everyone, most widely bought first.
        /// </summary>
        public (ProductFact[] Top, ProductFact[] CrossSell) For(string method, int segment, int size, int total)
        {
            var lines = _bySegment.GetValueOrDefault((method, segment)) ?? [];
            var byProduct = lines.ToDictionary(l => l.Product, StringComparer.Ordinal);
            ProductFact Fact(string product, double revenue, int buyers) => new(
                product,
                _names.GetValueOrDefault(product) ?? ProductNames.Fallback(product),
                Math.Round(revenue, 2),
                buyers,
                (double)buyers / size,
                _overallBuyers.TryGetValue(product, out var all) ? (double)all / total : null);
            var top = lines.Where(l => l.Revenue > 0)
                .OrderByDescending(l => l.Revenue).ThenBy(l => l.Product, StringComparer.Ordinal)
                .Take(TopProducts).Select(l => Fact(l.Product, l.Revenue, l.Buyers)).ToArray();
            var topIds = top.Select(t => t.ProductId).ToHashSet(StringComparer.Ordinal);
            var crossSell = _bestsellers
                .Where(p => !topIds.Contains(p))
                .Select(p => byProduct.TryGetValue(p, out var l) ? Fact(p, l.Revenue, l.Buyers) : Fact(p, 0, 0))
                .Where(f => f.Penetration < f.OverallPenetration)
                .Take(CrossSellProducts).ToArray();
            return (top, crossSell);
        }
    }
}
