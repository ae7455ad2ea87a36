namespace Clientele.Cli.Tests;

/// <summary>Any CSV, its columns named with --map field=Column (semicolons, German headers, day-first dates).</summary>
public sealed class IngestGenericTests : IDisposable
{
    // Six lines, four orders, three customers; the last order is on 5 February 2024 (day first).
    private const string GermanOrders =
        "Bestellung;Kunde;Datum;Artikel;Menge;Preis\n"
        + "B-1001;K17;03.01.2024;Kaffee;2;9.99\n"
        + "B-1001;K17;03.01.2024;Tee;1;4.50\n"
        + "B-1002;K23;12.01.2024;Kaffee;3;9.99\n"
        + "B-1003;K17;01.02.2024;Kakao;1;3.20\n"
        + "B-1004;K42;05.02.2024;Tee;4;4.50\n"
        + "B-1004;K42;05.02.2024;Kaffee;1;9.99\n";

    private static readonly string[] GermanMap =
    [
        "--map", "customer_id=Kunde", "--map", "ordered_at=Datum", "--map", "unit_price=Preis",
        "--map", "quantity=Menge", "--map", "order_id=Bestellung",
    ];

    private readonly TempFolder _temp = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestOrders_SemicolonCsvWithMap_AllRowsAcceptedDatesDayFirst(string engine)
    {
        var orders = _temp.Write("bestellungen.csv", GermanOrders);
        var store = _stores.Location(engine, "store");

        var ingest = Cli.Ok(["ingest", "orders", orders, "--store", store, "--schema", "generic", .. GermanMap, "--date-format", "dd.MM.yyyy", "--output", "json"]).Json();

        Assert.Equal("generic", ingest.GetProperty("layout").GetString());
        // 6 rows, all good: hand-counted in GermanOrders above.
        Assert.Equal(6, ingest.GetProperty("read").GetInt64());
        Assert.Equal(6, ingest.GetProperty("accepted").GetInt64());
        Assert.Equal(0, ingest.GetProperty("rejected").GetInt64());

        var segment = Cli.Ok("segment", "--store", store, "--out", _temp.File("out"), "--output", "json").Json();
        // K17, K23, K42: hand-counted in GermanOrders. The as-of date is the day after the last order, 05.02.2024 read
        // day first (month first it would be 2 May).
        Assert.Equal(3, segment.GetProperty("customers").GetInt32());
        Assert.Equal("2024-02-06", segment.GetProperty("as_of").GetString());
        var customers = Csv.Read(Path.Combine(_temp.File("out"), "customers.csv"));
        var k17 = customers.Single(r => r[0] == "K17");
        // K17: orders B-1001 (2 × 9.99 + 4.50 = 24.48) and B-1003 (3.20): frequency 2, monetary 27.68, first 2024-01-03.
        Assert.Equal("2024-01-03 00:00:00", k17[1]);
        Assert.Equal("2024-02-01 00:00:00", k17[2]);
        Assert.Equal("2", k17[4]);
        Assert.Equal("27.68", k17[5]);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestOrders_UnknownFieldInMap_OneLineErrorNamingIt(string engine)
    {
        var orders = _temp.Write("bestellungen.csv", GermanOrders);
        var store = _stores.Location(engine, "store");

        var result = Cli.Run(["ingest", "orders", orders, "--store", store, "--schema", "generic", .. GermanMap, "--map", "kundennummer=Kunde", "--output", "json"]);

        Cli.AssertOneLineError(result, "kundennummer");
        Assert.Contains("unknown field", result.Err, StringComparison.Ordinal);
        Assert.Equal(0L, StoreFile.OrderLinesIfAny(store));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestOrders_MapToMissingColumn_OneLineErrorNamingColumn(string engine)
    {
        var orders = _temp.Write("bestellungen.csv", GermanOrders);
        var store = _stores.Location(engine, "store");

        var result = Cli.Run([
            "ingest", "orders", orders, "--store", store, "--schema", "generic",
            "--map", "customer_id=Kundennummer", "--map", "ordered_at=Datum", "--map", "unit_price=Preis",
            "--date-format", "dd.MM.yyyy", "--output", "json",
        ]);

        Cli.AssertOneLineError(result, "Kundennummer");
        Assert.Contains("bestellungen.csv", result.Err, StringComparison.Ordinal);
        Assert.Equal(0L, StoreFile.OrderLinesIfAny(store));
    }

    [Fact]
    public void IngestOrders_MapWithoutEquals_OneLineError()
    {
        var orders = _temp.Write("bestellungen.csv", GermanOrders);

        var result = Cli.Run("ingest", "orders", orders, "--store", _temp.File("store.duckdb"), "--schema", "generic", "--map", "customer_id", "--output", "json");

        Cli.AssertOneLineError(result, "--map customer_id");
    }
}
