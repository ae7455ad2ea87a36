using Clientele.Tests;

namespace Clientele.Cluster.Tests;

/// <summary>
/// Orleans' scripts run once per database however many nodes start at the same moment: the nodes of a new cluster
/// all migrate the schema as they start, and none may fail because another is creating the same table.
/// </summary>
public sealed class ClusterSchemaTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [PostgresFact]
    public async Task Migrate_FourNodesStartingTogetherOnANewDatabase_EachScriptRunsOnceAndNoneFails()
    {
        for (var round = 0; round < 5; round++)
        {
            var postgres = _stores.Location(StoreEngines.Postgres, $"schema_race_{round}");
            using var start = new Barrier(4);
            var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return ClusterSchema.Migrate(postgres);
            })));
            Assert.Equal(ClusterSchema.Scripts.Order(), runs.SelectMany(ran => ran).Order());
        }
    }
}
