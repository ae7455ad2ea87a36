using Clientele.Data.Ingest;
using Clientele.Tests;

namespace Clientele.Data.Tests;

public sealed class ParquetIngestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_OnlineRetailAsParquet_SameAccountAsTheCsv(string engine)
    {
        // The Parquet file is written by DuckDB from the CSV with typed columns (timestamps, doubles, integers),
        // so the values come back as Parquet types, not text: the same rows must be accepted and rejected.
        var parquet = _folder.File("online_retail.parquet");
        using (var scratch = _stores.Open(StoreEngines.DuckDb, "scratch"))
        {
            scratch.Execute(
                $"COPY (SELECT * FROM read_csv('{TestData.Sample("online_retail.csv.gz").Replace("'", "''", StringComparison.Ordinal)}', header = true, "
                + "types = {'CustomerID': 'INTEGER', 'InvoiceDate': 'TIMESTAMP'})) TO '"
                + parquet.Replace("'", "''", StringComparison.Ordinal) + "' (FORMAT parquet)");
        }

        using var store = _stores.Open(engine, "shop");
        var fromParquet = new OrderIngestor(store).Ingest(parquet, new IngestOptions { RejectsPath = _folder.File("parquet-rejects.csv") });
        using var csvStore = _stores.Open(engine, "csv");
        var fromCsv = new OrderIngestor(csvStore).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _folder.File("csv-rejects.csv") });

        Assert.Equal("online-retail", fromParquet.Layout);
        Assert.Equal(541_909, fromParquet.Read); // ../shared/data/online-retail/README.md
        Assert.Equal(fromCsv.Accepted, fromParquet.Accepted);
        Assert.Equal(fromCsv.ReturnLines, fromParquet.ReturnLines);
        Assert.Equal(fromCsv.RejectedByReason, fromParquet.RejectedByReason);
        Assert.Equal(
            csvStore.Scalar<decimal>("SELECT sum(amount) FROM order_lines"),
            store.Scalar<decimal>("SELECT sum(amount) FROM order_lines"));
        // Parquet has no lines: a rejected row is located by its row number (the 1st data row is row 1).
        var firstReject = File.ReadLines(fromParquet.RejectsFile!).Skip(1).First();
        var firstCsvReject = File.ReadLines(fromCsv.RejectsFile!).Skip(1).First();
        Assert.Equal(long.Parse(firstCsvReject.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture) - 1, long.Parse(firstReject.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Ingest_ParquetWithZonedTimestampsAndDoublePrices_UtcAndArtefactsRoundedAndCounted(string engine)
    {
        // As pandas writes a frame: a timezone-aware timestamp column and prices computed in doubles (0.1 + 0.2).
        var parquet = _folder.File("pandas.parquet");
        using (var scratch = _stores.Open(StoreEngines.DuckDb, "scratch"))
        {
            scratch.Execute(
                "COPY (SELECT * FROM (VALUES "
                + "('1', 'A', 'x', 2, TIMESTAMPTZ '2010-12-01 08:26:00.5+01:00', 0.1::DOUBLE + 0.2::DOUBLE, 17850, 'UK'), "
                + "('2', 'B', 'y', 1, TIMESTAMPTZ '2010-12-02 10:00:00+00:00', 2.55::DOUBLE, 17850, 'UK')) "
                + "AS t(InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country)) TO '"
                + parquet.Replace("'", "''", StringComparison.Ordinal) + "' (FORMAT parquet)");
        }
        using var store = _stores.Open(engine, "shop");

        var summary = new OrderIngestor(store).Ingest(parquet, new IngestOptions { RejectsPath = _folder.File("r.csv") });

        Assert.Equal((2L, 2L, 1L), (summary.Read, summary.Accepted, summary.RoundedPrices));
        Assert.Equal(0.3m, store.Scalar<decimal>("SELECT unit_price FROM order_lines WHERE order_id = '1'"));
        Assert.Equal(new DateTime(2010, 12, 1, 7, 26, 0, 500), store.Scalar<DateTime>("SELECT ordered_at FROM order_lines WHERE order_id = '1'"));
    }
}
