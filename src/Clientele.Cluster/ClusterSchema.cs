using System.Reflection;
using Npgsql;

namespace Clientele.Cluster;

/// <summary>
/// The tables and queries Orleans' ADO.NET clustering and grain storage need in the PostgreSQL database, from Orleans'
/// own scripts (Sql/SOURCE.md names each one's source, and the one script of ours), run in order Main → Clustering →
/// Persistence, each once: a run is recorded in <c>cluster_schema_migrations</c> in the same transaction as the script.
/// </summary>
public static class ClusterSchema
{
    // pg_advisory_xact_lock's key for "migrating the cluster's tables", shared by every node.
    private const long MigrationLock = 0x436C7573746572;

    /// <summary>The scripts in the order they run.</summary>
    public static IReadOnlyList<string> Scripts { get; } =
    [
        "PostgreSQL-Main.sql",
        "PostgreSQL-Clustering.sql",
        "PostgreSQL-Persistence.sql",
        "PostgreSQL-Persistence-3.6.0.sql",
        "Clientele-Persistence-Queries.sql",
    ];

    /// <summary>Runs the scripts the database has not run yet; answers the ones it ran now.</summary>
    public static IReadOnlyList<string> Migrate(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var ran = new List<string>();
        foreach (var script in Scripts)
        {
            using var transaction = connection.BeginTransaction();
            // Nodes of a new cluster start together: the lock makes the others wait, then find the script recorded.
            // It is taken before the record's table is created, since two concurrent CREATE TABLE IF NOT EXISTS can
            // both find no table and the second fail on the catalogue's unique index.
            using (var lockSchema = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                lockSchema.Parameters.AddWithValue("key", MigrationLock);
                lockSchema.ExecuteNonQuery();
            }
            using (var create = new NpgsqlCommand(
                "CREATE TABLE IF NOT EXISTS cluster_schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", connection, transaction))
            {
                create.ExecuteNonQuery();
            }
            using (var done = new NpgsqlCommand("SELECT count(*) FROM cluster_schema_migrations WHERE name = @name", connection, transaction))
            {
                done.Parameters.AddWithValue("name", script);
                if ((long)done.ExecuteScalar()! > 0)
                {
                    transaction.Commit();
                    continue;
                }
            }
            using (var run = new NpgsqlCommand(Text(script), connection, transaction))
            {
                run.ExecuteNonQuery();
            }
            using (var record = new NpgsqlCommand("INSERT INTO cluster_schema_migrations (name) VALUES (@name)", connection, transaction))
            {
                record.Parameters.AddWithValue("name", script);
                record.ExecuteNonQuery();
            }
            transaction.Commit();
            ran.Add(script);
        }
        return ran;
    }

    private static string Text(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Sql." + script)
            ?? throw new InvalidOperationException($"The cluster's script {script} is not embedded.");
        using var reader = new StreamReader(stream);
        // A migration of Orleans' that opens and commits its own transaction runs inside ours instead, so that it and
        // its record commit together (its own COMMIT would commit ours half-way).
        return string.Join('\n', reader.ReadToEnd().Split('\n').Where(line => line.Trim() is not ("BEGIN;" or "COMMIT;")));
    }
}
