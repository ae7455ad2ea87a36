using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

/// <summary><c>files list</c> and <c>files remove</c>: a removed file leaves the store as it was before its ingest.</summary>
public sealed class SourceFilesTests : IDisposable
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    private ClienteleStore CreateStore(string engine) => _stores.Open(engine);

    /// <summary>Line i: invoice 1000+i/3, product Pi, customer 12000 + i % 7 (lines of a file from <paramref name="customerBase"/> on).</summary>
    private string Orders(string name, int from, int count, int customerBase = 12000, string country = "United Kingdom") => _folder.Write(
        name,
        string.Join('\n', [Header, .. Enumerable.Range(from, count).Select(i =>
            $"{1000 + (i / 3)},P{i},ITEM {i},{1 + (i % 4)},2011-01-{1 + (i % 28):00} 10:00:00,{1.5m + i},{customerBase + (i % 7)},{country}")]) + "\n");

    private static (long Lines, decimal Revenue, long Customers, long Products, long Files, string? Countries) Snapshot(ClienteleStore store) => (
        store.Scalar<long>("SELECT count(*) FROM order_lines"),
        store.Scalar<decimal?>("SELECT sum(amount) FROM order_lines") ?? 0m,
        store.Scalar<long>("SELECT count(*) FROM customers"),
        store.Scalar<long>("SELECT count(*) FROM products"),
        store.Scalar<long>("SELECT count(*) FROM source_files"),
        store.Scalar<string>("SELECT string_agg(customer_id || ':' || country, ',' ORDER BY customer_id) FROM customers"));

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Remove_OrderFile_StoreAsBeforeItsIngestAndItCanBeIngestedAgain(string engine)
    {
        using var store = CreateStore(engine);
        new OrderIngestor(store).Ingest(Orders("a.csv", 0, 20), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var before = Snapshot(store);
        // b.csv: 7 customers of a.csv again (one of them now in France) and 7 new ones, 14 new products.
        var b = Orders("b.csv", 20, 14, customerBase: 12000, country: "France");
        var b2 = Orders("b2.csv", 34, 7, customerBase: 13000);
        var first = new OrderIngestor(store).Ingest(b, new IngestOptions { RejectsPath = _stores.RejectsPath() });
        new OrderIngestor(store).Ingest(b2, new IngestOptions { RejectsPath = _stores.RejectsPath() });
        Assert.Equal(before.Customers + 7, store.Scalar<long>("SELECT count(*) FROM customers"));

        var removedB2 = SourceFiles.Remove(store, "3");
        var removedB = SourceFiles.Remove(store, b);

        Assert.Equal(7, removedB2.OrderLines);
        Assert.Equal(7, removedB2.CustomersRemoved);
        Assert.Equal(14, removedB.OrderLines);
        Assert.Equal(0, removedB.CustomersRemoved); // a.csv still refers to all seven
        Assert.Equal(14, removedB.ProductsRemoved);
        Assert.Equal(before, Snapshot(store));
        var again = new OrderIngestor(store).Ingest(b, new IngestOptions { RejectsPath = _stores.RejectsPath() });
        Assert.False(again.AlreadyIngested);
        Assert.Equal(first.Accepted, again.Accepted);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Remove_ProductFile_ProductsRebuiltFromOrderLinesOrRemoved(string engine)
    {
        using var store = CreateStore(engine);
        new OrderIngestor(store).Ingest(Orders("orders.csv", 0, 5), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var catalogue = _folder.Write("catalogue.csv", "product_id,title,description,category,price\nP1,Mug,A red mug,kitchen,4.50\nP999,Lamp,,home,20\n");
        var older = _folder.Write("older.csv", "product_id,title,category\nP1,Old mug,crockery\n");
        new CatalogIngestor(store).IngestProducts(older, new TableIngestOptions { RejectsPath = _stores.RejectsPath() });
        new CatalogIngestor(store).IngestProducts(catalogue, new TableIngestOptions { RejectsPath = _stores.RejectsPath() });
        Assert.Equal("Mug", store.Scalar<string>("SELECT title FROM products WHERE product_id = 'P1'"));

        var removal = SourceFiles.Remove(store, catalogue);

        Assert.Equal(2, removal.ProductLines);
        Assert.Equal(1, removal.ProductsRemoved); // P999 was only in the catalogue
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM products WHERE product_id = 'P999'"));
        // P1 as if the catalogue had never been ingested: the older catalogue's fields, the order lines' description.
        Assert.Equal("Old mug", store.Scalar<string>("SELECT title FROM products WHERE product_id = 'P1'"));
        Assert.Equal("crockery", store.Scalar<string>("SELECT category FROM products WHERE product_id = 'P1'"));
        Assert.Equal("ITEM 1", store.Scalar<string>("SELECT description FROM products WHERE product_id = 'P1'"));
        Assert.Null(store.Scalar<decimal?>("SELECT price FROM products WHERE product_id = 'P1'"));
        Assert.Equal(5L, store.Scalar<long>("SELECT count(*) FROM products"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Remove_ReviewsFile_OnlyItsReviewsGo(string engine)
    {
        using var store = CreateStore(engine);
        new OrderIngestor(store).Ingest(Orders("orders.csv", 0, 5), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        var reviews = _folder.Write("reviews.csv", "customer_id,product_id,rating,text,date\n12000,P0,5,good,2011-02-01\n12001,P1,2,meh,2011-02-02\n");
        new CatalogIngestor(store).IngestReviews(reviews, new TableIngestOptions { RejectsPath = _stores.RejectsPath() });

        var removal = SourceFiles.Remove(store, Path.GetFullPath(reviews));

        Assert.Equal(2, removal.Reviews);
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM reviews"));
        Assert.Equal((5L, 5L), (store.Scalar<long>("SELECT count(*) FROM order_lines"), store.Scalar<long>("SELECT count(*) FROM products")));
        Assert.Single(SourceFiles.List(store));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void List_TwoFiles_AccountOfEach(string engine)
    {
        using var store = CreateStore(engine);
        new OrderIngestor(store).Ingest(Orders("a.csv", 0, 20), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        new OrderIngestor(store).Ingest(Orders("b.csv", 10, 20), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        var files = SourceFiles.List(store);

        Assert.Equal([1, 2], files.Select(f => f.FileId));
        Assert.Equal((20L, 20L, 0L, 0L), (files[0].Read, files[0].Accepted, files[0].Rejected, files[0].Overlap));
        Assert.Equal((20L, 10L, 10L, 10L), (files[1].Read, files[1].Accepted, files[1].Rejected, files[1].Overlap));
        Assert.Equal(_folder.File("b.csv"), files[1].Path);
        Assert.Equal(64, files[1].Sha256.Length);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Remove_UnknownFile_ErrorPointsToFilesList(string engine)
    {
        using var store = CreateStore(engine);
        new OrderIngestor(store).Ingest(Orders("a.csv", 0, 5), new IngestOptions { RejectsPath = _stores.RejectsPath() });

        var error = Assert.Throws<ClienteleException>(() => SourceFiles.Remove(store, "7"));

        Assert.Contains("clientele files list", error.Message, StringComparison.Ordinal);
        Assert.Equal(5L, store.Scalar<long>("SELECT count(*) FROM order_lines"));
    }
}
