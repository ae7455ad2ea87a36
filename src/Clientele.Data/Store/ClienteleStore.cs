using System.Data.Common;
using Clientele.Core;

namespace Clientele.Data.Store;

/// <summary>
/// The store: a DuckDB file or a PostgreSQL database (<see cref="StoreLocation"/>). Opening it creates it if needed and
/// brings its schema up to date (<see cref="Migrations"/>). Callers see <c>System.Data.Common</c> types only; all SQL
/// that takes a value takes it as a <c>$name</c> parameter, and is written once for both engines (<see cref="StoreEngine"/>).
/// </summary>
public sealed class ClienteleStore : IDisposable
{
    private readonly StoreEngine _engine;

    private ClienteleStore(StoreEngine engine, DbConnection connection)
    {
        _engine = engine;
        Connection = connection;
    }

    /// <summary>
    /// What messages name the store by: the DuckDB file's full path, or <c>postgres://user@host:port/database</c>
    /// (never a password). To open the same store again use <see cref="Location"/>.
    /// </summary>
    public string Path => _engine.Location.DisplayName;

    /// <summary>What <see cref="Open"/> takes to reach this store again (for PostgreSQL it may hold a password: never print it).</summary>
    public string Location => _engine.Location.Connection;

    public StoreKind Kind => _engine.Location.Kind;

    /// <summary>Where files that go with the store are written by default (rejects reports): the DuckDB file's folder, else the current folder.</summary>
    public string LocalFolder => _engine.LocalFolder;

    /// <summary>The open connection, owned by the store.</summary>
    public DbConnection Connection { get; }

    /// <summary>The schema version after opening (always <see cref="LatestSchemaVersion"/>).</summary>
    public int SchemaVersion { get; private set; }

    public static int LatestSchemaVersion => Migrations.Latest;

    /// <summary>Opens (or creates) the store at <paramref name="location"/> (a DuckDB file path or a PostgreSQL connection string) and migrates it.</summary>
    public static ClienteleStore Open(string location, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        var engine = StoreEngine.For(StoreLocation.Parse(location));
        var store = new ClienteleStore(engine, engine.Connect());
        try
        {
            store.Migrate(time ?? TimeProvider.System);
        }
        catch (DbException e)
        {
            // E.g. a PostgreSQL user without the right to create tables in the database.
            store.Dispose();
            throw new ClienteleException($"Cannot create or update the tables of the store {store.Path}: {e.Message.Split('\n', 2)[0].Trim()}", e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    /// <summary>Opens an existing store; a missing one is an error (commands that only read must not create one).</summary>
    public static ClienteleStore OpenExisting(string location)
    {
        if (!Exists(location))
        {
            var name = StoreLocation.Parse(location).DisplayName;
            throw new ClienteleException($"No store at {name}. Create one with: clientele ingest orders FILE --store {(name.StartsWith("postgres://", StringComparison.Ordinal) ? name : location)}");
        }
        return Open(location);
    }

    /// <summary>Whether a store was created at <paramref name="location"/> (a DuckDB file; a PostgreSQL database holding the store's schema).</summary>
    public static bool Exists(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return StoreEngine.For(StoreLocation.Parse(location)).Exists();
    }

    public DbTransaction BeginTransaction() => Connection.BeginTransaction();

    /// <summary>A command with named parameters ($name) bound from <paramref name="parameters"/>.</summary>
    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = _engine.Sql(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(_engine.Parameter(name, value));
        }
        return command;
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public T? Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A fast writer of many rows into <paramref name="table"/> (DuckDB's appender, PostgreSQL's binary COPY); the
    /// columns are all of the table's, in its order. Call <see cref="StoreBulkWriter.Complete"/> after the last row.
    /// </summary>
    public StoreBulkWriter BulkWriter(string table, params string[] columns) => _engine.BulkWriter(Connection, table, columns);

    public void Dispose() => Connection.Dispose();

    private void Migrate(TimeProvider time)
    {
        using (var transaction = BeginTransaction())
        {
            _engine.LockForMigration(this);
            Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
            transaction.Commit();
        }
        // Each migration in its own transaction; on PostgreSQL several processes may open the store at once, so each
        // takes the migration lock and reads the version again under it.
        foreach (var migration in Migrations.All)
        {
            using var transaction = BeginTransaction();
            _engine.LockForMigration(this);
            var current = Scalar<int?>("SELECT max(version) FROM schema_version") ?? 0;
            if (current > Migrations.Latest)
            {
                throw new ClienteleException($"The store {Path} has schema version {current}, newer than this clientele understands ({Migrations.Latest}). Upgrade clientele.");
            }
            if (migration.Version > current)
            {
                if (migration.RunsOn(Kind))
                {
                    Execute(migration.Sql);
                }
                Execute(
                    "INSERT INTO schema_version VALUES ($version, $description, $at)",
                    ("version", migration.Version),
                    ("description", migration.Description),
                    ("at", time.GetUtcNow().UtcDateTime));
            }
            transaction.Commit();
        }
        SchemaVersion = Migrations.Latest;
    }

    /// <summary>
    /// For DuckDB's lock error ("Could not set lock on file …: Conflicting lock is held in PROGRAM (PID N) …"), the
    /// holder as "pid N, PROGRAM"; null for any other error.
    /// </summary>
    internal static string? InUse(string message)
    {
        if (!message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var match = System.Text.RegularExpressions.Regex.Match(message, @"held in (?<program>.+?) \(PID (?<pid>\d+)\)");
        return match.Success ? $"pid {match.Groups["pid"].Value}, {System.IO.Path.GetFileName(match.Groups["program"].Value)}" : "DuckDB could not lock the file";
    }
}
