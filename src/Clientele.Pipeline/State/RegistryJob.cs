using Clientele.Data.Store;

namespace Clientele.Pipeline.State;

/// <summary><c>clientele models list|show|use</c>: the registry's versions, one in full, and making an earlier (or later) one current.</summary>
public static class RegistryJob
{
    public static IReadOnlyList<ModelVersion> List(string storePath, string? kind = null)
    {
        using var store = ClienteleStore.OpenExisting(storePath);
        return ModelRegistry.List(store, kind);
    }

    public static ModelVersion Show(string storePath, long version)
    {
        using var store = ClienteleStore.OpenExisting(storePath);
        return ModelRegistry.Get(store, version);
    }

    /// <summary>Makes <paramref name="version"/> current for its kind; the exports and every reader follow at once.</summary>
    public static ModelVersion Use(string storePath, long version)
    {
        using var store = ClienteleStore.OpenExisting(storePath);
        using var transaction = store.BeginTransaction();
        var model = ModelRegistry.MakeCurrent(store, version);
        transaction.Commit();
        return model;
    }
}
