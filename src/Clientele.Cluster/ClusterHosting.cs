using Orleans.Configuration;

namespace Clientele.Cluster;

/// <summary>
/// How a Clientele silo joins its cluster: membership and grain state in the PostgreSQL database (Orleans' ADO.NET
/// clustering and grain storage, on the tables <see cref="ClusterSchema"/> makes), so that silos on other machines find
/// each other, and a grain its state, through the store they already share.
/// </summary>
public static class ClusterHosting
{
    /// <summary>The Orleans service id of every Clientele cluster (the cluster id tells deployments apart).</summary>
    public const string ServiceId = "clientele";

    /// <summary>ADO.NET's name for Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Membership and grain storage in <paramref name="postgres"/> for the cluster <paramref name="clusterId"/> (the schema migrated first).</summary>
    public static ISiloBuilder UseClienteleClustering(this ISiloBuilder silo, string postgres, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(postgres);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ClusterSchema.Migrate(postgres);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = ServiceId;
        });
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = postgres;
        });
        // A cleared state is a deleted row: erasing a customer leaves no row naming it (Clientele-Persistence-Queries.sql).
        silo.AddAdoNetGrainStorage(Customers.CustomerGrain.Storage, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = postgres;
            options.DeleteStateOnClear = true;
        });
        // A lost silo is declared dead after three missed probes two seconds apart (Orleans' defaults take about
        // 15 s), and a call into it gives up after ten seconds instead of thirty: its customers' grains come back on
        // the other silos while the clients' retries are still waiting.
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 3;
        });
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10));
        return silo;
    }
}
