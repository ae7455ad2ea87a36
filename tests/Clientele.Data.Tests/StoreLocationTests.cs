using System.Net;
using System.Net.Sockets;
using Clientele.Core;
using Clientele.Data.Store;

namespace Clientele.Data.Tests;

public sealed class StoreLocationTests
{
    [Fact]
    public void Parse_PostgresUri_KeyValueFormWithoutPasswordInItsName()
    {
        var location = StoreLocation.Parse("postgres://shop%40owner:p%3Ass@db.example.com:6543/sales?sslmode=verify-full&application_name=clientele");

        Assert.Equal(StoreKind.PostgreSql, location.Kind);
        Assert.Equal("postgres://shop%40owner@db.example.com:6543/sales", location.DisplayName);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(location.Connection);
        Assert.Equal(("shop@owner", "p:ss", "db.example.com", 6543, "sales"), (builder.Username, builder.Password, builder.Host, builder.Port, builder.Database));
        Assert.Equal(Npgsql.SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("clientele", builder.ApplicationName);
        Assert.Equal(0, builder.CommandTimeout); // bulk SQL may run longer than Npgsql's default 30 s
    }

    [Theory]
    [InlineData("Host=localhost;Database=shop;Username=ana;Password=secret", "postgres://ana@localhost:5432/shop")]
    [InlineData("Server=10.0.0.5;Port=5544;Database=shop", "postgres://10.0.0.5:5544/shop")]
    [InlineData("postgresql://localhost/shop", "postgres://localhost:5432/shop")]
    public void Parse_PostgresForms_DisplayName(string text, string expected)
    {
        var location = StoreLocation.Parse(text);
        Assert.Equal(StoreKind.PostgreSql, location.Kind);
        Assert.Equal(expected, location.DisplayName);
    }

    [Theory]
    [InlineData("shop.duckdb")]
    [InlineData("data/my shop=2024.duckdb")]
    public void Parse_AnythingElse_DuckDbFileByFullPath(string text)
    {
        var location = StoreLocation.Parse(text);
        Assert.Equal(StoreKind.DuckDb, location.Kind);
        Assert.Equal(Path.GetFullPath(text), location.Connection);
        Assert.Equal(Path.GetFullPath(text), location.DisplayName);
    }

    [Theory]
    [InlineData("Host=localhost;Password=hunter2;Colour=blue;Database=shop", "malformed")]
    [InlineData("Host=localhost;Password=hunter2", "names no database")]
    [InlineData("postgres://ana:hunter2@localhost/shop?flavour=mint", "flavour")]
    public void Parse_BadConnectionString_OneLineWithoutThePassword(string text, string expected)
    {
        var error = Assert.Throws<ClienteleException>(() => StoreLocation.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Open_NothingListening_OneLineNamingHostPortAndDatabaseNotThePassword()
    {
        // A port just released by the OS: nothing listens on it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = Assert.Throws<ClienteleException>(() => ClienteleStore.Open($"postgres://ana:hunter2@127.0.0.1:{port}/shop"));

        Assert.StartsWith($"Cannot connect to the PostgreSQL store postgres://ana@127.0.0.1:{port}/shop: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
