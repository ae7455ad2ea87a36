using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Pipeline.State;
using Clientele.Marketing.Audience;
using Clientele.Marketing.Campaigns;

namespace Clientele.Pipeline.Campaigns;

/// <summary>
/// The customer profiles a campaign targets: customers.csv as <c>segment</c> and <c>value</c> write it (the RFM
/// features and segment, the cluster, and the value columns expected_purchases, p_alive, clv, churn_risk, …), either
/// read from a previous run's file or computed from the store by those same jobs.
/// </summary>
public static class CampaignProfiles
{
    /// <summary>The columns computed from the store, with whether each is numeric; the value columns cost a value run.</summary>
    public static IReadOnlyDictionary<string, bool> StoreColumns { get; } = CustomersCsv.Columns
        .Select(c => (c, c is not ("customer_id" or "first_purchase" or "last_purchase" or "rfm_segment")))
        .Concat(ValueJob.ValueColumns.Select(c => (c, true)))
        .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Reads a customers.csv (the first column customer_id) into a profile table.</summary>
    public static ProfileTable FromCustomersCsv(string path)
    {
        if (!File.Exists(path))
        {
            throw new ClienteleException($"No profile at {path}: write one with clientele segment (and clientele value) --out DIR, or plan from --store.");
        }
        return FromTable(CustomerTable.Read(path));
    }

    public static ProfileTable FromTable(CustomerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var ids = table.CustomerIds;
        var columns = table.Columns.Select(c => ids.Select(id => table.Value(id, c) ?? "").ToArray()).ToArray();
        return ProfileTable.FromText(ids, table.Columns, columns);
    }

    /// <summary>
    /// The profile from the store's current models: the current segmentation's rows, with the current value model's
    /// columns when the audience reads one. Both must be as of <paramref name="asOf"/>; nothing is fitted here, and a
    /// missing or older model is an error that names the command that makes it. Checks the audience against the columns
    /// first, so a spec naming an unknown column fails before any work.
    /// </summary>
    public static ProfileTable FromStore(CampaignSpec spec, ClienteleStore store, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(store);
        var needsValue = Columns(spec).Overlaps(ValueJob.ValueColumns);
        var segmentation = Current(store, ModelKinds.Segmentation, asOf);
        var values = needsValue
            ? ResultTables.ReadValues(store, Current(store, ModelKinds.Value, asOf).Version).ToDictionary(v => v.CustomerId, StringComparer.Ordinal)
            : null;
        return FromRows(ResultTables.ReadSegments(store, segmentation.Version), values);
    }

    /// <summary>
    /// The RFM profile as of an earlier day, computed and kept nowhere (a back-test's audience): RFM scores are ranks,
    /// not a fit. An audience that reads value columns would need the value models fitted as of that day, which is not
    /// done on every plan: that is an error the back-test reports as its reason.
    /// </summary>
    public static ProfileTable Historical(CampaignSpec spec, ClienteleStore store, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(store);
        if (Columns(spec).Overlaps(ValueJob.ValueColumns))
        {
            throw new ClienteleException("the audience reads value columns, which would mean fitting the value models as of that day; that is not done on every plan");
        }
        var segments = SegmentationJob.Compute(store, new SegmentRequest { StorePath = store.Path, OutputDirectory = "", AsOf = asOf });
        return FromRows(segments.Customers, null);
    }

    private static HashSet<string> Columns(CampaignSpec spec)
    {
        var predicate = CampaignSpecValidator.CheckAudience(spec, StoreColumns.Keys.ToArray(), c => StoreColumns.TryGetValue(c, out var numeric) ? numeric : null);
        var columns = predicate?.Columns().Select(c => c.Column).ToHashSet(StringComparer.Ordinal) ?? [];
        columns.Add(spec.Audience.SegmentColumn);
        return columns;
    }

    private static ModelVersion Current(ClienteleStore store, string kind, DateOnly asOf)
    {
        var model = ModelRegistry.Require(store, kind, ModelKinds.CommandFor(kind));
        return model.AsOf == asOf
            ? model
            : throw new ClienteleException(
                $"the current {kind} model of {store.Path} is as of {model.AsOf:yyyy-MM-dd}, the campaign as of {asOf:yyyy-MM-dd}: run clientele {ModelKinds.CommandFor(kind)} --as-of {asOf:yyyy-MM-dd} --store {store.Path} (or plan as of {model.AsOf:yyyy-MM-dd})");
    }

    /// <summary>The rows as customers.csv holds them, read through the same writer so that a profile from the store equals one from the file.</summary>
    private static ProfileTable FromRows(IReadOnlyList<CustomerSegments> customers, IReadOnlyDictionary<string, ValueRow>? values)
    {
        var work = Directory.CreateTempSubdirectory("clientele-campaign-").FullName;
        try
        {
            var file = Path.Combine(work, SegmentationJob.CustomersFileName);
            CustomersCsv.Write(file, customers, values);
            return FromTable(CustomerTable.Read(file));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
