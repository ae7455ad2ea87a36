using Clientele.Data.Store;

namespace Clientele.Pipeline.Live;

/// <summary><c>clientele keys create|list|revoke</c>: the service's API keys in the store.</summary>
public static class KeysJob
{
    public static NewApiKey Create(string storePath, string role, TimeProvider time)
    {
        using var store = ClienteleStore.Open(storePath);
        return ApiKeys.Create(store, ApiKeys.ParseRole(role), time);
    }

    public static IReadOnlyList<ApiKeyEntry> List(string storePath)
    {
        using var store = ClienteleStore.OpenExisting(storePath);
        return ApiKeys.List(store);
    }

    public static ApiKeyEntry Revoke(string storePath, string keyId, TimeProvider time)
    {
        using var store = ClienteleStore.OpenExisting(storePath);
        return ApiKeys.Revoke(store, keyId, time);
    }
}
