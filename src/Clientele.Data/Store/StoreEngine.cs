using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Clientele.Core;
using DuckDB.NET.Data;
using Npgsql;

namespace Clientele.Data.Store;

/// <summary>
/// What differs between the two engines, in one place each: how a connection opens and what its failures say, how a
/// parameter is bound, how bulk rows are written, and whether a store exists. The SQL itself is written once in the
/// dialect both accept (see the rules at the top of <see cref="Migrations"/>); the only rewriting is of parameter
/// markers for PostgreSQL (<c>$name</c> → <c>@name</c>).
/// </summary>
internal abstract class StoreEngine
{
    public static StoreEngine For(StoreLocation location) => location.Kind switch
    {
        StoreKind.DuckDb => new DuckDbEngine(location),
        StoreKind.PostgreSql => new PostgresEngine(location),
        _ => throw new ArgumentOutOfRangeException(nameof(location)),
    };

    protected StoreEngine(StoreLocation location) => Location = location;

    public StoreLocation Location { get; }

    /// <summary>Where files that go with the store (rejects reports) are written by default.</summary>
    public abstract string LocalFolder { get; }

    /// <summary>Whether the store has been created (a DuckDB file; a PostgreSQL database with the store's schema).</summary>
    public abstract bool Exists();

    /// <summary>An open connection; failures are one-line <see cref="ClienteleException"/>s naming the store, never a password.</summary>
    public abstract DbConnection Connect();

    /// <summary>The SQL as the engine takes it (written with <c>$name</c> parameters).</summary>
    public abstract string Sql(string sql);

    public abstract DbParameter Parameter(string name, object? value);

    public abstract StoreBulkWriter BulkWriter(DbConnection connection, string table, IReadOnlyList<string> columns);

    /// <summary>Serialises migrations of the same store by concurrent processes (inside the migration's transaction).</summary>
    public abstract void LockForMigration(ClienteleStore store);

    protected static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}

internal sealed class DuckDbEngine(StoreLocation location) : StoreEngine(location)
{
    /// <summary>
    /// The share of the machine's memory DuckDB may take before it spills to disk. DuckDB's own default, 80 %, counts
    /// only DuckDB: with the .NET heap beside it, the 10-million-customer ingest reached 90 % of 24 GB and the machine
    /// ran out; half leaves the rest of the command (and the rest of the machine) room.
    /// </summary>
    internal const double MemoryShare = 0.5;

    public override string LocalFolder => Path.GetDirectoryName(Location.Connection)!;

    public override bool Exists() => File.Exists(Location.Connection);

    public override DbConnection Connect()
    {
        var full = Location.Connection;
        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new ClienteleException($"Cannot open the store {full}: the folder {directory} does not exist.");
        }
        var connection = new DuckDBConnection($"Data Source={full}");
        try
        {
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                var mebibytes = (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * MemoryShare / (1 << 20));
                command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SET memory_limit = '{mebibytes}MiB'");
                command.ExecuteNonQuery();
            }
            return connection;
        }
        catch (DuckDBException e) when (ClienteleStore.InUse(e.Message) is { } holder)
        {
            connection.Dispose();
            throw new ClienteleException($"the store {full} is in use by another process ({holder}), perhaps another clientele command; try again when it finishes", e);
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw new ClienteleException($"Cannot open the store {full}: {FirstLine(e.Message)}", e);
        }
    }

    public override string Sql(string sql) => sql;

    public override DbParameter Parameter(string name, object? value) => new DuckDBParameter(name, value ?? DBNull.Value);

    public override StoreBulkWriter BulkWriter(DbConnection connection, string table, IReadOnlyList<string> columns) =>
        new DuckDbBulkWriter((DuckDBConnection)connection, table, columns);

    // DuckDB locks the file for one process.
    public override void LockForMigration(ClienteleStore store)
    {
    }
}

internal sealed class PostgresEngine(StoreLocation location) : StoreEngine(location)
{
    // Any constant shared by every clientele process: pg_advisory_xact_lock's key for "migrating this database".
    private const long MigrationLock = 0x436C69656E74656C;

    /// <summary>Rejects reports of a PostgreSQL store go under the current folder (there is no store file to sit beside).</summary>
    public override string LocalFolder => Directory.GetCurrentDirectory();

    public override bool Exists()
    {
        using var connection = (NpgsqlConnection)Connect();
        using var command = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL", connection);
        return command.ExecuteScalar() is true;
    }

    public override DbConnection Connect()
    {
        var connection = new NpgsqlConnection(Location.Connection);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ArgumentException)
        {
            connection.Dispose();
            throw new ClienteleException($"Cannot connect to the PostgreSQL store {Location.DisplayName}: {Reason(e)}", e);
        }
    }

    /// <summary>
    /// Rewrites <c>$name</c> markers as <c>@name</c>, outside quoted strings, identifiers and comments (an apostrophe in
    /// a <c>--</c> comment opens no string); <c>$1</c> (positional) and <c>::</c> casts are left alone.
    /// </summary>
    public override string Sql(string sql)
    {
        if (!sql.Contains('$', StringComparison.Ordinal))
        {
            return sql;
        }
        var result = new StringBuilder(sql.Length);
        var quote = '\0';
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length : end;
                result.Append(sql, i, end - i);
                i = end - 1;
                continue;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + 2;
                result.Append(sql, i, end - i);
                i = end - 1;
                continue;
            }
            else if (c == '$' && i + 1 < sql.Length && (char.IsAsciiLetter(sql[i + 1]) || sql[i + 1] == '_'))
            {
                c = '@';
            }
            result.Append(c);
        }
        return result.ToString();
    }

    public override DbParameter Parameter(string name, object? value) => new NpgsqlParameter(name, value switch
    {
        null => DBNull.Value,
        // The store's columns are TIMESTAMP (without time zone) and hold UTC as it reads; Npgsql would send a UTC
        // DateTime as timestamptz and have the server shift it by its time zone.
        DateTime { Kind: DateTimeKind.Utc } utc => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified),
        _ => value,
    });

    public override StoreBulkWriter BulkWriter(DbConnection connection, string table, IReadOnlyList<string> columns) =>
        new PostgresBulkWriter((NpgsqlConnection)connection, table, columns);

    public override void LockForMigration(ClienteleStore store) =>
        store.Execute("SELECT pg_advisory_xact_lock($key)", ("key", MigrationLock));

    /// <summary>Npgsql's failure as one line: the server's message, or the network's reason (host and port are in the store's name).</summary>
    private static string Reason(Exception e)
    {
        if (e is PostgresException postgres)
        {
            return $"{FirstLine(postgres.MessageText)} ({postgres.SqlState})";
        }
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return FirstLine(socket.Message);
            }
            if (inner is TimeoutException)
            {
                return "the connection timed out";
            }
        }
        return FirstLine(e.Message);
    }
}
