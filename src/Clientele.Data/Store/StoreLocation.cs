using System.Text.RegularExpressions;
using Clientele.Core;
using Npgsql;

namespace Clientele.Data.Store;

/// <summary>The database engine a store lives in.</summary>
public enum StoreKind
{
    /// <summary>An embedded DuckDB file.</summary>
    DuckDb,

    /// <summary>A PostgreSQL database, reached through Npgsql.</summary>
    PostgreSql,
}

/// <summary>
/// Where a store lives, as <c>--store</c> (or <c>CLIENTELE_STORE</c>) gives it: a PostgreSQL connection string — a
/// <c>postgres://</c> or <c>postgresql://</c> URI, or Npgsql's <c>Host=…;Database=…</c> form (recognised by its
/// <c>Host=</c> or <c>Server=</c> key) — or else the path of a DuckDB file.
/// </summary>
public sealed partial record StoreLocation
{
    private StoreLocation(StoreKind kind, string connection, string displayName)
    {
        Kind = kind;
        Connection = connection;
        DisplayName = displayName;
    }

    public StoreKind Kind { get; }

    /// <summary>The DuckDB file's full path, or the Npgsql connection string (which may hold a password: never print it).</summary>
    public string Connection { get; }

    /// <summary>What messages name: the DuckDB file's full path, or <c>postgres://user@host:port/database</c> (never a password).</summary>
    public string DisplayName { get; }

    public override string ToString() => DisplayName;

    /// <summary>Reads a location; a malformed connection string is a <see cref="ClienteleException"/> that shows no password.</summary>
    public static StoreLocation Parse(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        var text = location.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return Postgres(FromUri(text), timeoutGiven: false);
        }
        if (KeyValueHost().IsMatch(text))
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException e)
            {
                throw new ClienteleException($"the PostgreSQL connection string given as the store is malformed: {Redact(e.Message)}", e);
            }
            return Postgres(builder, CommandTimeout().IsMatch(text));
        }
        return new StoreLocation(StoreKind.DuckDb, Path.GetFullPath(text), Path.GetFullPath(text));
    }

    private static StoreLocation Postgres(NpgsqlConnectionStringBuilder builder, bool timeoutGiven)
    {
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ClienteleException("the PostgreSQL connection string given as the store names no host");
        }
        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new ClienteleException($"the PostgreSQL connection string given as the store (host {builder.Host}) names no database");
        }
        // Bulk SQL over millions of order lines can take longer than Npgsql's default 30 s command timeout.
        if (!timeoutGiven)
        {
            builder.CommandTimeout = 0;
        }
        var user = string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username) + "@";
        var display = $"postgres://{user}{builder.Host}:{builder.Port}/{Uri.EscapeDataString(builder.Database)}";
        return new StoreLocation(StoreKind.PostgreSql, builder.ConnectionString, display);
    }

    /// <summary><c>postgres://user:password@host:port/database?sslmode=require</c> as Npgsql's key-value form.</summary>
    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ClienteleException("the PostgreSQL URI given as the store is malformed: expected postgres://user:password@host:port/database");
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        builder.Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            var name = key.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "connect_timeout" => "Timeout",
                "application_name" => "Application Name",
                "options" => "Options",
                _ => throw new ClienteleException($"the PostgreSQL URI given as the store has the parameter {key}, which clientele does not know (it knows sslmode, connect_timeout, application_name, options)"),
            };
            try
            {
                builder[name] = name == "SSL Mode" ? SslMode(value) : value;
            }
            catch (ArgumentException e)
            {
                throw new ClienteleException($"the PostgreSQL URI given as the store has {key}={value}, which Npgsql refuses: {Redact(e.Message)}", e);
            }
        }
        return builder;
    }

    // libpq's spellings (verify-full) as Npgsql's (VerifyFull).
    private static string SslMode(string value) => value.Replace("-", "", StringComparison.Ordinal);

    private static string Redact(string message) => PasswordValue().Replace(message, "${key}=***");

    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueHost();

    [GeneratedRegex(@"(^|;)\s*command\s*timeout\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommandTimeout();

    [GeneratedRegex(@"(?<key>password|pwd)\s*=\s*[^;]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordValue();
}
