using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

public sealed class StoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    /// <summary>DuckDB may take half the machine's memory (its own default is 80 %, which leaves the .NET heap no room).</summary>
    [Fact]
    public void Open_DuckDb_MemoryLimitHalfTheMachine()
    {
        using var store = ClienteleStore.Open(_folder.File("memory.duckdb"));

        // DuckDB prints the limit in GiB or MiB with up to three significant digits ("11.7 GiB").
        var text = store.Scalar<string>("SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'");
        var parts = text!.Split(' ');
        var bytes = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * (parts[1] == "GiB" ? 1 << 30 : 1 << 20);
        var expected = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.5;
        Assert.InRange(bytes, expected * 0.99, expected * 1.01);
    }

    /// <summary>An apostrophe in a comment opens no string: the markers after it are still parameters (they were not).</summary>
    [Fact]
    public void PostgresSql_ApostrophesInComments_MarkersAfterThemRewritten()
    {
        var engine = new PostgresEngine(StoreLocation.Parse("postgres://shop@localhost/sales"));

        var sql = engine.Sql("SELECT $a -- the customer's $b\n, '$c', /* don't $d */ $e::INTEGER, $1");

        Assert.Equal("SELECT @a -- the customer's $b\n, '$c', /* don't $d */ @e::INTEGER, $1", sql);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Open_NewStore_AppliesEveryMigrationOnce(string engine)
    {
        var path = _stores.Location(engine);
        using (var store = ClienteleStore.Open(path))
        {
            Assert.Equal(ClienteleStore.LatestSchemaVersion, store.SchemaVersion);
            Assert.Equal(1L, store.Scalar<long>("SELECT count(*) FROM schema_version WHERE version = 1"));
        }
        using (var reopened = ClienteleStore.Open(path))
        {
            // Reopening must not apply migration 1 again (it would fail on CREATE TABLE, or duplicate the version row).
            // One row per migration: their versions need not be contiguous (a branch's migration may wait for another's number).
            Assert.Equal((long)Migrations.All.Count, reopened.Scalar<long>("SELECT count(*) FROM schema_version"));
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void ReadFirstRecommendations_ManyCustomers_TheFirstByCodePointWithWholeListsAsReadRecommendationsStarts(string engine)
    {
        using var store = ClienteleStore.Open(_stores.Location(engine));
        // Written out of order, with a customer above U+FFFF and another version's lists: by code point Z < a < ab < b < é < 😀.
        ResultTables.WriteRecommendations(store, 5,
        [
            new("b", 1, "p1", 0.9, "als"), new("ab", 2, "p3", 0.2, "als"), new("\U0001F600", 1, "p1", 0.5, "als"), new("a", 2, "p2", 0.4, "popular"),
            new("é", 1, "p4", 0.3, "als"), new("Z", 1, "p5", 0.8, "als"), new("a", 1, "p1", 0.6, "popular"), new("ab", 1, "p2", 0.7, "als"),
            new("Z", 2, "p6", 0.1, "als"),
        ]);
        ResultTables.WriteRecommendations(store, 6, [new("A", 1, "p1", 0.9, "als")]);
        var all = ResultTables.ReadRecommendations(store, 5);

        var first = ResultTables.ReadFirstRecommendations(store, 5, 3);

        Assert.Equal(["Z", "Z", "a", "a", "ab", "ab"], first.Select(r => r.CustomerId));
        Assert.Equal(all.Take(6), first);
        Assert.Equal(all, ResultTables.ReadFirstRecommendations(store, 5, 10));
        Assert.Empty(ResultTables.ReadFirstRecommendations(store, 5, 0));
    }

    [Fact]
    public void Open_VersionOneStoreWithData_MigratesToLatestKeepingProductsAndAcceptingCatalogues()
    {
        var path = _folder.File("v1.duckdb");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}"))
        {
            // A store as clientele wrote it before version 2: migration 1 only, with a product from order lines.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL);"
                + Migrations.All[0].Sql
                + "INSERT INTO schema_version VALUES (1, 'v1', TIMESTAMP '2026-01-01'); INSERT INTO products VALUES ('85123A', 'WHITE HANGING HEART T-LIGHT HOLDER');";
            command.ExecuteNonQuery();
        }

        using var store = ClienteleStore.Open(path);
        var catalogue = _folder.Write("catalogue.csv", "product_id,title,category,price\n85123A,Heart holder,home,2.55\n");
        new Ingest.CatalogIngestor(store).IngestProducts(catalogue, new Ingest.TableIngestOptions { RejectsPath = _folder.File("r.csv") });

        Assert.Equal(ClienteleStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM campaigns"));
        Assert.Equal("WHITE HANGING HEART T-LIGHT HOLDER", store.Scalar<string>("SELECT description FROM products"));
        Assert.Equal("Heart holder", store.Scalar<string>("SELECT title FROM products"));
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM reviews"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Open_StoreFromNewerVersion_ThrowsWithAdvice(string engine)
    {
        var path = _stores.Location(engine);
        using (var store = ClienteleStore.Open(path))
        {
            store.Execute("INSERT INTO schema_version VALUES (999, 'from the future', TIMESTAMP '2030-01-01')");
        }
        var error = Assert.Throws<ClienteleException>(() => ClienteleStore.Open(path));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade clientele", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Open_StoreBeforeProductSummariesWithLinesAndEvents_FillsTheirRows(string engine)
    {
        var path = _stores.Location(engine);
        var kind = engine == StoreEngines.DuckDb ? StoreKind.DuckDb : StoreKind.PostgreSql;
        using (System.Data.Common.DbConnection connection = engine == StoreEngines.DuckDb
            ? new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}")
            : new Npgsql.NpgsqlConnection(path))
        {
            // A store as clientele wrote it before migration 16, with current customer summaries (so no rebuild will come)
            // and two customers' lines of p1 (one a return), a line of p2, a line without a product, and views.
            connection.Open();
            using var command = connection.CreateCommand();
            var before = Migrations.All.Where(m => m.Version < 16).ToList();
            command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL);"
                + string.Concat(before.Where(m => m.RunsOn(kind)).Select(m => m.Sql + ";"))
                + string.Concat(before.Select(m => $"INSERT INTO schema_version VALUES ({m.Version}, 'v{m.Version}', TIMESTAMP '2026-01-01');"))
                + """
                INSERT INTO order_lines VALUES
                    (1, 1, 'o1', 'c1', 'p1', NULL, 2, 1.5, 3.0, TIMESTAMP '2026-01-02 10:00:00', FALSE, NULL),
                    (1, 2, 'o1', 'c1', 'p1', NULL, 1, 1.5, 1.5, TIMESTAMP '2026-01-02 10:00:00', FALSE, NULL),
                    (1, 3, 'o2', 'c2', 'p1', NULL, 1, 1.5, 1.5, TIMESTAMP '2026-01-05 09:00:00', FALSE, NULL),
                    (1, 4, 'C3', 'c2', 'p1', NULL, -1, 1.5, -1.5, TIMESTAMP '2026-01-06 09:00:00', TRUE, NULL),
                    (1, 5, 'o2', 'c2', 'p2', NULL, 4, 0.5, 2.0, TIMESTAMP '2026-01-05 09:00:00', FALSE, NULL),
                    (1, 6, 'o2', 'c2', NULL, NULL, 1, 9.0, 9.0, TIMESTAMP '2026-01-05 09:00:00', FALSE, NULL);
                INSERT INTO events (file_id, line_number, event_id, event_type, customer_id, visitor_id, product_id, occurred_at) VALUES
                    (2, 1, 'e1', 'view', NULL, 'v1', 'p1', TIMESTAMP '2026-01-01 08:00:00'),
                    (2, 2, 'e2', 'cart_add', 'c1', NULL, 'p3', TIMESTAMP '2026-01-01 08:01:00'),
                    (2, 3, 'e3', 'search', 'c1', NULL, 'p3', TIMESTAMP '2026-01-01 08:02:00');
                """;
            command.ExecuteNonQuery();
        }

        using var store = ClienteleStore.Open(path);

        Assert.Equal(ClienteleStore.LatestSchemaVersion, store.SchemaVersion);
        using var read = store.Command($"SELECT {ProductSummarySchema.Columns} FROM product_summaries ORDER BY product_id");
        using var reader = read.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
            {
                DBNull => "-",
                decimal money => money.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                DateTime at => at.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            })));
        }
        // p1: 3 purchase lines in 2 orders of 2 buyers, 4 units for 6.00, one return of 1 unit for 1.50, a view.
        Assert.Equal(
        [
            "p1 3 1 4 1 6.00 1.50 2 2 2026-01-02T10:00 2026-01-05T09:00 1 0 0",
            "p2 1 0 4 0 2.00 0.00 1 1 2026-01-05T09:00 2026-01-05T09:00 0 0 0",
            "p3 0 0 0 0 0.00 0.00 0 0 - - 0 1 0",
        ], rows);
        // The lines came through migration 19's copy on DuckDB (and its view of orders with them), unchanged.
        reader.Close();
        Assert.Equal(6L, store.Scalar<long>("SELECT count(*) FROM order_lines"));
        Assert.Equal(3L, store.Scalar<long>("SELECT count(*) FROM orders"));
        Assert.Equal(15.5m, store.Scalar<decimal>("SELECT sum(amount) FROM order_lines")); // 3.0 + 1.5 + 1.5 − 1.5 + 2.0 + 9.0
        if (engine == StoreEngines.DuckDb)
        {
            store.Execute("CHECKPOINT");
            Assert.Equal(
                ["country Dictionary", "customer_id FSST", "description Dictionary", "order_id FSST", "product_id Dictionary"],
                StringColumnCompression(store, "order_lines"));
        }
    }

    /// <summary>Each string column of a DuckDB table with the compression its stored segments use (after a checkpoint).</summary>
    private static List<string> StringColumnCompression(ClienteleStore store, string table)
    {
        using var storage = store.Command(
            $"SELECT column_name || ' ' || compression FROM pragma_storage_info('{table}') WHERE segment_type = 'VARCHAR' GROUP BY ALL ORDER BY 1");
        using var reader = storage.ExecuteReader();
        var named = new List<string>();
        while (reader.Read())
        {
            named.Add(reader.GetString(0));
        }
        return named;
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Open_VersionTenStoreWithRecommendations_KeepsTheListsAndTheKeyOnlyOnPostgres(string engine)
    {
        var path = _stores.Location(engine);
        using (System.Data.Common.DbConnection connection = engine == StoreEngines.DuckDb
            ? new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}")
            : new Npgsql.NpgsqlConnection(path))
        {
            // A store as clientele wrote it before migration 11: migrations 1 to 10, and a current recommender's lists.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL);"
                + string.Concat(Migrations.All.Where(m => m.Version <= 10).Select(m => m.Sql + ";"))
                + string.Concat(Enumerable.Range(1, 10).Select(v => $"INSERT INTO schema_version VALUES ({v}, 'v{v}', TIMESTAMP '2026-01-01');"))
                + "INSERT INTO model_versions VALUES (4, 'recommender', TIMESTAMP '2026-01-01', NULL, '{}', '{}', '{}', '{}', TRUE);"
                + "INSERT INTO recommendation_results VALUES (4, 'c2', 1, 'p9', 0.5, 'als'), (4, 'c1', 2, 'p8', 0.25, 'als'), (4, 'c1', 1, 'p7', 0.75, 'popular');";
            command.ExecuteNonQuery();
        }

        using var store = ClienteleStore.Open(path);

        Assert.Equal(ClienteleStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.Equal(
            [new("c1", 1, "p7", 0.75, "popular"), new("c1", 2, "p8", 0.25, "als"), new RecommendationRow("c2", 1, "p9", 0.5, "als")],
            ResultTables.ReadRecommendations(store, 4));
        Assert.Equal(3L, store.Scalar<long>("SELECT count(*) FROM current_recommendations"));
        // The key: PostgreSQL refuses a second first place for c1, DuckDB (without the key since migration 11) takes it.
        const string duplicate = "INSERT INTO recommendation_results VALUES (4, 'c1', 1, 'p6', 0.1, 'als')";
        if (engine == StoreEngines.DuckDb)
        {
            store.Execute(duplicate);
            Assert.Equal(4L, store.Scalar<long>("SELECT count(*) FROM recommendation_results"));
            // Migration 18: the ids are stored with FSST and the basis with a dictionary, as named, not as DuckDB would choose.
            store.Execute("CHECKPOINT");
            Assert.Equal(["basis Dictionary", "customer_id FSST", "product_id FSST"], StringColumnCompression(store, "recommendation_results"));
        }
        else
        {
            var error = Assert.ThrowsAny<Exception>(() => store.Execute(duplicate));
            Assert.Contains("recommendation_results_pkey", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OpenExisting_MissingFile_ThrowsAndCreatesNothing()
    {
        var path = _folder.File("missing.duckdb");
        var error = Assert.Throws<ClienteleException>(() => ClienteleStore.OpenExisting(path));
        Assert.Contains("No store at", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Command_ValueWithQuotes_IsBoundAsParameterNotSql(string engine)
    {
        using var store = _stores.Open(engine);
        store.Execute("INSERT INTO customers VALUES ($id, $country)", ("id", "O'Brien'); DROP TABLE customers; --"), ("country", "EIRE"));
        Assert.Equal("EIRE", store.Scalar<string>("SELECT country FROM customers WHERE customer_id = $id", ("id", "O'Brien'); DROP TABLE customers; --")));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Command_DollarInsideQuotes_IsTextNotAParameter(string engine)
    {
        using var store = _stores.Open(engine);
        // '$x' and "$y" are a literal and an identifier on both engines; only $id outside quotes is a parameter.
        store.Execute("INSERT INTO customers VALUES ($id, '$x')", ("id", "c1"));
        Assert.Equal("$x", store.Scalar<string>("SELECT country AS \"$y\" FROM customers WHERE customer_id = $id", ("id", "c1")));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void BulkWriter_EveryType_ReadsBackAsWritten(string engine)
    {
        using var store = _stores.Open(engine);
        store.Execute("""
            CREATE TABLE bulk_probe (t VARCHAR, i INTEGER, l BIGINT, d DOUBLE PRECISION, m DECIMAL(18, 6), b BOOLEAN, stamp TIMESTAMP, day DATE, bytes BYTEA)
            """);
        var at = new DateTime(2011, 12, 9, 12, 50, 0, DateTimeKind.Utc);
        using (var transaction = store.BeginTransaction())
        {
            using (var writer = store.BulkWriter("bulk_probe", "t", "i", "l", "d", "m", "b", "stamp", "day", "bytes"))
            {
                writer.Add("O'Brien ü").Add(-7).Add(5_000_000_000L).Add(0.1).Add(2.55m).Add(true).Add(at).Add(at.Date).Add(new byte[] { 0, 1, 255 }).EndRow();
                writer.Add((string?)null).Add((int?)null).Add((long?)null).Add((double?)null).Add((decimal?)null).Add((bool?)null).Add((DateTime?)null).AddNull().Add((byte[]?)null).EndRow();
                Assert.Equal(2, writer.Rows);
                writer.Complete();
            }
            transaction.Commit();
        }

        using var command = store.Command("SELECT t, i, l, d, m, b, stamp, day, bytes FROM bulk_probe ORDER BY t NULLS LAST");
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("O'Brien ü", reader.GetString(0));
        Assert.Equal(-7, reader.GetInt32(1));
        Assert.Equal(5_000_000_000L, reader.GetInt64(2));
        Assert.Equal(0.1, reader.GetDouble(3));
        Assert.Equal(2.55m, reader.GetDecimal(4));
        Assert.True(reader.GetBoolean(5));
        // A TIMESTAMP keeps the UTC wall-clock time as written, on both engines (no time-zone shift).
        Assert.Equal(new DateTime(2011, 12, 9, 12, 50, 0), reader.GetDateTime(6));
        Assert.Equal(new DateTime(2011, 12, 9), reader.GetDateTime(7));
        using (var bytes = new MemoryStream())
        {
            reader.GetStream(8).CopyTo(bytes);
            Assert.Equal(new byte[] { 0, 1, 255 }, bytes.ToArray());
        }
        Assert.True(reader.Read());
        Assert.All(Enumerable.Range(0, 9), i => Assert.True(reader.IsDBNull(i)));
        Assert.False(reader.Read());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void BulkWriter_RowWithTooFewValues_Throws(string engine)
    {
        using var store = _stores.Open(engine);
        using var transaction = store.BeginTransaction();
        using var writer = store.BulkWriter("customers", "customer_id", "country");
        writer.Add("c1");
        var error = Assert.Throws<InvalidOperationException>(writer.EndRow);
        Assert.Contains("1 values for its 2 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BulkWriter_DuckDbColumnsNotTheTables_Throws()
    {
        using var store = _stores.Open(StoreEngines.DuckDb);
        // DuckDB's appender fills every column in order: naming fewer, or another order, is a mistake caught at once.
        var error = Assert.Throws<InvalidOperationException>(() => store.BulkWriter("customers", "country", "customer_id"));
        Assert.Contains("customer_id, country", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Exists_BeforeAndAfterOpen_FollowsTheSchema(string engine)
    {
        var location = _stores.Location(engine);
        Assert.False(ClienteleStore.Exists(location));
        var error = Assert.Throws<ClienteleException>(() => ClienteleStore.OpenExisting(location));
        Assert.StartsWith("No store at ", error.Message, StringComparison.Ordinal);
        Assert.False(ClienteleStore.Exists(location)); // OpenExisting created nothing
        ClienteleStore.Open(location).Dispose();
        Assert.True(ClienteleStore.Exists(location));
        using var store = ClienteleStore.OpenExisting(location);
        Assert.Equal(engine == StoreEngines.DuckDb ? StoreKind.DuckDb : StoreKind.PostgreSql, store.Kind);
    }

    [PostgresFact]
    public void Open_PostgresWithPassword_PathNamesTheDatabaseWithoutThePassword()
    {
        var location = _stores.Location(StoreEngines.Postgres);
        // trust authentication ignores the password; the store must still never show it.
        using var store = ClienteleStore.Open(location + ";Password=s3cret-pw");
        Assert.StartsWith("postgres://postgres@127.0.0.1:", store.Path, StringComparison.Ordinal);
        Assert.EndsWith("/" + new Npgsql.NpgsqlConnectionStringBuilder(location).Database, store.Path, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", store.Path, StringComparison.Ordinal);
        Assert.Contains("s3cret", store.Location, StringComparison.Ordinal);
        Assert.Equal(Directory.GetCurrentDirectory(), store.LocalFolder);
    }

    [PostgresFact]
    public void Open_PostgresByEightProcessesAtOnce_MigratesOnce()
    {
        var location = _stores.Location(StoreEngines.Postgres);
        // Eight connections opening a new database together, as eight clientele commands started at once would.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => ClienteleStore.Open(location).Dispose());
        using var store = ClienteleStore.Open(location);
        Assert.Equal((long)Migrations.All.Count, store.Scalar<long>("SELECT count(*) FROM schema_version"));
    }

    [PostgresFact]
    public void Open_PostgresUserWithoutCreateRights_OneLineNamingTheStore()
    {
        var location = _stores.Location(StoreEngines.Postgres);
        var role = "reader_" + Guid.NewGuid().ToString("N")[..8];
        using (var admin = new Npgsql.NpgsqlConnection(location))
        {
            admin.Open();
            using var command = new Npgsql.NpgsqlCommand($"CREATE ROLE {role} LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC", admin);
            command.ExecuteNonQuery();
        }
        try
        {
            var asReader = new Npgsql.NpgsqlConnectionStringBuilder(location) { Username = role }.ConnectionString;
            var error = Assert.Throws<ClienteleException>(() => ClienteleStore.Open(asReader));
            Assert.StartsWith($"Cannot create or update the tables of the store postgres://{role}@", error.Message, StringComparison.Ordinal);
            Assert.Contains("permission denied", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            using var admin = new Npgsql.NpgsqlConnection(location);
            admin.Open();
            using var command = new Npgsql.NpgsqlCommand($"DROP OWNED BY {role}; DROP ROLE {role}", admin);
            command.ExecuteNonQuery();
        }
    }
}
