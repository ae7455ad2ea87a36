using System.Net;
using Clientele.Cluster.Als;
using Clientele.Recommend;
using Clientele.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Clientele.Cluster.Tests;

/// <summary>
/// Two silos, each its own host, that find each other through PostgreSQL (Orleans' ADO.NET clustering on the tables
/// of Orleans' own scripts, ClusterSchema): both active in the membership table, and work placed on both.
/// </summary>
public sealed class PostgresMembershipTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    private static IHost Silo(string postgres, string clusterId) => new HostBuilder()
        .UseOrleans(silo => silo
            .UseClienteleClustering(postgres, clusterId)
            .ConfigureEndpoints(IPAddress.Loopback, Ports.Free(), Ports.Free()))
        .Build();

    [PostgresFact]
    public async Task TwoSilos_MembershipInPostgres_BothActiveAndShardsSolvedOnBoth()
    {
        var postgres = _stores.Location(StoreEngines.Postgres, "cluster");
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(ClusterSchema.Scripts, ClusterSchema.Migrate(postgres));
        Assert.Empty(ClusterSchema.Migrate(postgres));
        using var first = Silo(postgres, clusterId);
        using var second = Silo(postgres, clusterId);
        await first.StartAsync();
        await second.StartAsync();
        try
        {
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            var management = grains.GetGrain<IManagementGrain>(0);
            for (var wait = 0; (await management.GetHosts(onlyActive: true)).Count < 2; wait++)
            {
                Assert.True(wait < 100, "the second silo did not become active in the first silo's view within 10 s");
                await Task.Delay(100);
            }
            await using (var connection = new NpgsqlConnection(postgres))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Status = 3", connection);
                command.Parameters.AddWithValue("cluster", clusterId);
                Assert.Equal(2L, await command.ExecuteScalarAsync());
            }

            // Eighteen shards at random over two silos: all on one would happen about once in 130,000 runs.
            Interaction[] interactions = [.. Enumerable.Range(0, 9).SelectMany(u => Enumerable.Range(0, 9).Where(i => (u + i) % 3 != 0).Select(i => new Interaction($"u{u}", $"i{i}", 1f + ((u * i) % 4), 0)))];
            var matrix = InteractionMatrix.FromInteractions(interactions);
            var options = new AlsOptions { Factors = 4, Iterations = 4, Regularization = 0.5f };
            var fit = await DistributedAls.Fit(grains, matrix, options, shards: 9);

            Assert.Equal(2, fit.ShardsPerSilo.Count);
            var single = new AlsFitter(options).Fit(matrix);
            for (var u = 0; u < matrix.Users; u++)
            {
                Assert.Equal(single.UserFactors(u).ToArray(), fit.Model.UserFactors(u).ToArray());
            }
        }
        finally
        {
            await second.StopAsync();
            await first.StopAsync();
        }
    }
}
