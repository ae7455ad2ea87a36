using System.Net;
using Clientele.Cluster.Als;
using Clientele.Cluster.Customers;
using Clientele.Cluster.Registry;
using Clientele.Pipeline.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clientele.Cluster;

/// <summary>
/// The service as a node of the cluster (docs/cluster.md): a silo co-hosted with the API, joining the cluster named by
/// the setting <see cref="IdSetting"/> through the store's PostgreSQL, and the API's per-customer work sent to the
/// customers' grains (<see cref="ClusterCustomers"/>) and its per-product reads to the products' grains
/// (<see cref="Products.ClusterProducts"/>) wherever they live, and its models moved with every other silo's by
/// the model registry (<see cref="IModelRegistryGrain"/>). Without the setting the service runs in one
/// process on the store, with the same routes and answers.
/// </summary>
public static class ClusterServe
{
    /// <summary>The setting that turns the cluster on: the cluster's id (nodes with the same id and store form one cluster).</summary>
    public const string IdSetting = "Clientele:Cluster:Id";

    /// <summary>The address other silos reach this one at (default 127.0.0.1: a cluster on one machine).</summary>
    public const string AddressSetting = "Clientele:Cluster:Address";

    /// <summary>The silo-to-silo port (default 11111).</summary>
    public const string SiloPortSetting = "Clientele:Cluster:SiloPort";

    /// <summary>The port Orleans clients connect to (default 30000).</summary>
    public const string GatewayPortSetting = "Clientele:Cluster:GatewayPort";

    /// <summary>
    /// When <see cref="IdSetting"/> is set: co-hosts a silo (membership in <paramref name="postgres"/>) and routes the
    /// service's per-customer work to the grains. Answers whether it did.
    /// </summary>
    /// <exception cref="Core.ClienteleException">The cluster is asked for on a store that is not PostgreSQL.</exception>
    public static bool CoHost(IHostBuilder host, IServiceCollection services, IConfiguration configuration, string postgres)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[IdSetting] is not { Length: > 0 } clusterId)
        {
            return false;
        }
        var location = Data.Store.StoreLocation.Parse(postgres);
        if (location.Kind != Data.Store.StoreKind.PostgreSql)
        {
            throw new Core.ClienteleException($"the cluster ({IdSetting} {clusterId}) needs a PostgreSQL store: its silos find each other and share the customers' rows there");
        }
        var address = IPAddress.Parse(configuration[AddressSetting] ?? "127.0.0.1");
        var siloPort = int.Parse(configuration[SiloPortSetting] ?? "11111", System.Globalization.CultureInfo.InvariantCulture);
        var gatewayPort = int.Parse(configuration[GatewayPortSetting] ?? "30000", System.Globalization.CultureInfo.InvariantCulture);
        host.UseOrleans(silo => silo
            .UseClienteleClustering(location.Connection, clusterId)
            .ConfigureEndpoints(address, siloPort, gatewayPort)
            .AddClienteleModelRegistry()
            .Services.AddClienteleSerialization());
        services.AddSingleton<ILiveCustomers>(provider => new ClusterCustomers(provider.GetRequiredService<IGrainFactory>()));
        services.AddSingleton<ILiveProducts>(provider => new Products.ClusterProducts(provider.GetRequiredService<IGrainFactory>()));
        services.AddSingleton<ClusterAlsFitter>();
        services.AddSingleton(provider => new RefitAls(provider.GetRequiredService<ClusterAlsFitter>().With));
        return true;
    }
}
