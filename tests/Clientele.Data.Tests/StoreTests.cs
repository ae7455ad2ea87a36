using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

public sealed class StoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Open_NewFile_AppliesEveryMigrationOnce()
    {
        var path = _folder.File("shop.duckdb");
        using (var store = ClienteleStore.Open(path))
        {
            Assert.Equal(ClienteleStore.LatestSchemaVersion, store.SchemaVersion);
            Assert.Equal(1L, store.Scalar<long>("SELECT count(*) FROM schema_version WHERE version = 1"));
        }
        using (var reopened = ClienteleStore.Open(path))
        {
            // Reopening must not apply migration 1 again (it would fail on CREATE TABLE, or duplicate the version row).
            Assert.Equal((long)ClienteleStore.LatestSchemaVersion, reopened.Scalar<long>("SELECT count(*) FROM schema_version"));
        }
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

    [Fact]
    public void Open_StoreFromNewerVersion_ThrowsWithAdvice()
    {
        var path = _folder.File("future.duckdb");
        using (var store = ClienteleStore.Open(path))
        {
            store.Execute("INSERT INTO schema_version VALUES (999, 'from the future', TIMESTAMP '2030-01-01')");
        }
        var error = Assert.Throws<ClienteleException>(() => ClienteleStore.Open(path));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade clientele", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenExisting_MissingFile_ThrowsAndCreatesNothing()
    {
        var path = _folder.File("missing.duckdb");
        var error = Assert.Throws<ClienteleException>(() => ClienteleStore.OpenExisting(path));
        Assert.Contains("No store at", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Command_ValueWithQuotes_IsBoundAsParameterNotSql()
    {
        using var store = ClienteleStore.Open(_folder.File("p.duckdb"));
        store.Execute("INSERT INTO customers VALUES ($id, $country)", ("id", "O'Brien'); DROP TABLE customers; --"), ("country", "EIRE"));
        Assert.Equal("EIRE", store.Scalar<string>("SELECT country FROM customers WHERE customer_id = $id", ("id", "O'Brien'); DROP TABLE customers; --")));
    }
}
