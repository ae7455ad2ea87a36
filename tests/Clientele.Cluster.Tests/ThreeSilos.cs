using Orleans.TestingHost;

namespace Clientele.Cluster.Tests;

/// <summary>An in-process cluster of three silos (Orleans' test host), shared by the tests of a collection.</summary>
public sealed class ThreeSilos : IAsyncLifetime
{
    public const short Silos = 3;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(Silos);
        builder.ConfigureSilo((_, silo) => silo.Services.AddClienteleSerialization());
        builder.ConfigureClient(client => client.Services.AddClienteleSerialization());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ThreeSilosGroup : ICollectionFixture<ThreeSilos>
{
    public const string Name = "three silos";
}
