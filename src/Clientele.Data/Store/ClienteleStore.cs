using Clientele.Core;
using DuckDB.NET.Data;

namespace Clientele.Data.Store;

/// <summary>
/// The embedded store: one DuckDB file. Opening it creates the file if needed and brings its schema
/// up to date (<see cref="Migrations"/>). All SQL that takes a value takes it as a parameter.
/// </summary>
public sealed class ClienteleStore : IDisposable
{
    private ClienteleStore(DuckDBConnection connection, string path)
    {
        Connection = connection;
        Path = path;
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <summary>The open connection, for the feature queries; owned by the store.</summary>
    public DuckDBConnection Connection { get; }

    /// <summary>The schema version after opening (always <see cref="LatestSchemaVersion"/>).</summary>
    public int SchemaVersion { get; private set; }

    public static int LatestSchemaVersion => Migrations.Latest;

    /// <summary>Opens (or creates) the store at <paramref name="path"/> and migrates it.</summary>
    public static ClienteleStore Open(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new ClienteleException($"Cannot open the store {path}: the folder {directory} does not exist.");
        }
        DuckDBConnection connection;
        try
        {
            connection = new DuckDBConnection($"Data Source={full}");
            connection.Open();
        }
        catch (DuckDBException e) when (InUse(e.Message) is { } holder)
        {
            throw new ClienteleException($"the store {path} is in use by another process ({holder}), perhaps another clientele command; try again when it finishes", e);
        }
        catch (DuckDBException e)
        {
            throw new ClienteleException($"Cannot open the store {path}: {FirstLine(e.Message)}", e);
        }
        var store = new ClienteleStore(connection, full);
        try
        {
            store.Migrate(time ?? TimeProvider.System);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    /// <summary>Opens an existing store; a missing file is an error (commands that only read must not create one).</summary>
    public static ClienteleStore OpenExisting(string path)
    {
        if (!File.Exists(path))
        {
            throw new ClienteleException($"No store at {path}. Create one with: clientele ingest orders FILE --store {path}");
        }
        return Open(path);
    }

    /// <summary>A command with named parameters ($name) bound from <paramref name="parameters"/>.</summary>
    public DuckDBCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
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

    public void Dispose() => Connection.Dispose();

    private void Migrate(TimeProvider time)
    {
        Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
        var current = Scalar<int?>("SELECT max(version) FROM schema_version") ?? 0;
        if (current > Migrations.Latest)
        {
            throw new ClienteleException($"The store {Path} has schema version {current}, newer than this clientele understands ({Migrations.Latest}). Upgrade clientele.");
        }
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            using var transaction = Connection.BeginTransaction();
            Execute(migration.Sql);
            Execute(
                "INSERT INTO schema_version VALUES ($version, $description, $at)",
                ("version", migration.Version),
                ("description", migration.Description),
                ("at", time.GetUtcNow().UtcDateTime));
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

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
