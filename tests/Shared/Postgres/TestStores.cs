using Clientele.Data.Store;
using Npgsql;

namespace Clientele.Tests;

/// <summary>
/// The engines a store test runs on, as theory data: DuckDB always, PostgreSQL when <see cref="PostgresTestServer"/>
/// has a server or requires one (each test project also has a <see cref="PostgresFactAttribute"/> test that shows the
/// skip reason when it has neither).
/// </summary>
public static class StoreEngines
{
    public const string DuckDb = "duckdb";
    public const string Postgres = "postgres";

    public static TheoryData<string> All => PostgresTestServer.SkipReason is null ? new TheoryData<string> { DuckDb, Postgres } : new TheoryData<string> { DuckDb };

    /// <summary>The same engines as a list, for theory data that pairs each engine with other values.</summary>
    public static IReadOnlyList<string> Names => PostgresTestServer.SkipReason is null ? [DuckDb, Postgres] : [DuckDb];
}

/// <summary>
/// Fresh stores for one test, on either engine: a DuckDB file in a temporary folder, or a new database on the test
/// PostgreSQL server; disposing drops the databases and deletes the folder.
/// </summary>
public sealed class TestStores : IDisposable
{
    private readonly List<string> _databases = [];
    private int _reports;
    private ClienteleStore? _files;

    public TempFolder Folder { get; } = new();

    /// <summary>Where a new, empty store lives: a file path or a connection string.</summary>
    public string Location(string engine, string name = "shop")
    {
        switch (engine)
        {
            case StoreEngines.DuckDb:
                return Folder.File(name + ".duckdb");
            case StoreEngines.Postgres:
                var database = $"clientele_test_{name.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];
                using (var connection = new NpgsqlConnection(Server().ConnectionString))
                {
                    connection.Open();
                    using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
                    command.ExecuteNonQuery();
                }
                _databases.Add(database);
                return new NpgsqlConnectionStringBuilder(Server().ConnectionString) { Database = database, Pooling = false }.ConnectionString;
            default:
                throw new ArgumentOutOfRangeException(nameof(engine), engine, "duckdb or postgres");
        }
    }

    public ClienteleStore Open(string engine, string name = "shop") => ClienteleStore.Open(Location(engine, name));

    /// <summary>
    /// A new path for a rejects report in the temporary folder (a PostgreSQL store would otherwise put it under the
    /// current folder, shared by the tests running in parallel).
    /// </summary>
    public string RejectsPath() => Folder.File($"rejects-{Interlocked.Increment(ref _reports)}.csv");

    /// <summary>
    /// A DuckDB store in the temporary folder for reading files in a test's own checks (read_csv, COPY … TO), whichever
    /// engine the store under test is: DuckDB reads files, PostgreSQL cannot.
    /// </summary>
    public ClienteleStore Files() => _files ??= ClienteleStore.Open(Folder.File("files.duckdb"));

    public void Dispose()
    {
        _files?.Dispose();
        if (_databases.Count > 0)
        {
            using var connection = new NpgsqlConnection(Server().ConnectionString);
            connection.Open();
            foreach (var database in _databases)
            {
                using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                command.ExecuteNonQuery();
            }
        }
        Folder.Dispose();
    }

    private static NpgsqlConnectionStringBuilder Server()
    {
        var server = PostgresTestServer.ConnectionString;
        if (server is null)
        {
            Assert.Fail($"{PostgresTestServer.RequiredVariable} is set but {PostgresTestServer.ConnectionVariable} is not: the test PostgreSQL did not start (see scripts/postgres.sh's output).");
        }
        return new NpgsqlConnectionStringBuilder(server) { Pooling = false };
    }
}
