using System.Security.Cryptography;
using System.Text;
using Clientele.Core;

namespace Clientele.Data.Store;

/// <summary>What a key may do: write events only, read profiles and lists, or everything (refit, erase, keys).</summary>
public enum ApiKeyRole
{
    Ingest,
    Read,
    Admin,
}

/// <summary>A key as the store lists it: never the key itself, which is shown once when it is made.</summary>
/// <param name="KeyId">The key's public id: the characters after <c>clk_</c> up to the first 8, which <c>keys revoke</c> takes.</param>
public sealed record ApiKeyEntry(string KeyId, ApiKeyRole Role, DateTime CreatedAt, DateTime? RevokedAt);

/// <summary>A new key: the secret, shown once, and its entry.</summary>
public sealed record NewApiKey(string Key, ApiKeyEntry Entry);

/// <summary>
/// The service's API keys in <c>api_keys</c>. A key is <c>clk_</c> and 43 characters of 32 random bytes (base64url);
/// the store holds its SHA-256, not the key, so a copy of the store gives no working key. A key with 256 bits of
/// randomness needs no slow hash: guessing one is as hard as guessing the hash's input.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "clk_";
    private const int IdLength = 8;

    public static string RoleName(ApiKeyRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The role named <paramref name="name"/> (ingest, read or admin), or an error naming them.</summary>
    public static ApiKeyRole ParseRole(string name) => name switch
    {
        "ingest" => ApiKeyRole.Ingest,
        "read" => ApiKeyRole.Read,
        "admin" => ApiKeyRole.Admin,
        _ => throw new ClienteleException($"unknown role \"{name}\": a key's role is ingest (write events), read (profiles and lists) or admin (everything)"),
    };

    /// <summary>Makes a key of <paramref name="role"/>; the returned key is the only copy.</summary>
    public static NewApiKey Create(ClienteleStore store, ApiKeyRole role, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var key = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var entry = new ApiKeyEntry(key.Substring(Prefix.Length, IdLength), role, time.GetUtcNow().UtcDateTime, null);
        store.Execute(
            "INSERT INTO api_keys (key_id, key_hash, role, created_at) VALUES ($id, $hash, $role, $at)",
            ("id", entry.KeyId), ("hash", Hash(key)), ("role", RoleName(role)), ("at", entry.CreatedAt));
        return new NewApiKey(key, entry);
    }

    /// <summary>Every key, oldest first, revoked ones too.</summary>
    public static IReadOnlyList<ApiKeyEntry> List(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var keys = new List<ApiKeyEntry>();
        using var command = store.Command("SELECT key_id, role, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id COLLATE \"C\"");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(new ApiKeyEntry(reader.GetString(0), ParseRole(reader.GetString(1)), reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3)));
        }
        return keys;
    }

    /// <summary>Revokes the key whose id is <paramref name="keyId"/>; an error when there is none or it was revoked before.</summary>
    public static ApiKeyEntry Revoke(ClienteleStore store, string keyId, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var entry = List(store).SingleOrDefault(k => k.KeyId == keyId)
            ?? throw new ClienteleException($"no key with id {keyId} in {store.Path}; clientele keys list --store {store.Path} shows them");
        if (entry.RevokedAt is not null)
        {
            throw new ClienteleException($"the key {keyId} was revoked on {entry.RevokedAt:yyyy-MM-dd HH:mm:ss} UTC");
        }
        var at = time.GetUtcNow().UtcDateTime;
        store.Execute("UPDATE api_keys SET revoked_at = $at WHERE key_id = $id", ("at", at), ("id", keyId));
        return entry with { RevokedAt = at };
    }

    /// <summary>The role of <paramref name="key"/> when it is a key of the store that is not revoked; else null.</summary>
    public static ApiKeyRole? Verify(ClienteleStore store, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 100)
        {
            return null;
        }
        var role = store.Scalar<string>("SELECT role FROM api_keys WHERE key_hash = $hash AND revoked_at IS NULL", ("hash", Hash(key)));
        return role is null ? null : ParseRole(role);
    }

    /// <summary>The SHA-256 of the key, in lowercase hex: what the store keeps.</summary>
    internal static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
