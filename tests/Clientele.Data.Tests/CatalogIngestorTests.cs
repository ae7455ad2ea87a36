using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

public sealed class CatalogIngestorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private readonly TestStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    private ClienteleStore CreateStore(string engine) => _stores.Open(engine);

    // These small files hold a few deliberately bad rows each: far more than --max-rejected's default share.
    private TableIngestOptions Options(string name) => new() { RejectsPath = _folder.File(name + ".rejects.csv"), Limits = new IngestLimits { AcceptRejects = true } };

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestProducts_OlistCatalogue_EveryProductWithItsEnglishCategory(string engine)
    {
        using var store = CreateStore(engine);
        var file = OlistProducts(_stores.Files());

        var summary = new CatalogIngestor(store).IngestProducts(file, Options("products"));

        // 5,460 products in ../shared/data/olist-sample/README.md; categories translated with its translation file
        // (pandas, now: 499 sports_leisure, 484 bed_bath_table; 111 without a category and 5 without a translation).
        Assert.Equal("products", summary.Layout);
        Assert.Equal(5_460, summary.Read);
        Assert.Equal(5_460, summary.Accepted);
        Assert.Equal(5_460, store.Scalar<long>("SELECT count(*) FROM products"));
        Assert.Equal(484, store.Scalar<long>("SELECT count(*) FROM products WHERE category = 'bed_bath_table'"));
        Assert.Equal(499, store.Scalar<long>("SELECT count(*) FROM products WHERE category = 'sports_leisure'"));
        Assert.Equal(111, store.Scalar<long>("SELECT count(*) FROM products WHERE category IS NULL"));
        Assert.Equal(5_460, store.Scalar<long>("SELECT count(*) FROM products WHERE price > 0"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestReviews_OlistReviews_PersonsAndProductsFromOrders_DuplicatesRejected(string engine)
    {
        using var store = CreateStore(engine);
        var file = OlistReviews(_stores.Files());

        var summary = new CatalogIngestor(store).IngestReviews(file, Options("reviews"));

        // pandas on the same join, now: 8,225 reviews × the distinct products of their order = 8,479 rows (778 orders
        // without items: no product), 8,450 distinct (765 of them without a product), of 8,016 persons.
        Assert.Equal(8_479, summary.Read);
        Assert.Equal(8_450, summary.Accepted);
        Assert.Equal(29, Count(summary, "duplicate_review"));
        Assert.Equal(summary.Read, summary.Accepted + summary.Rejected);
        Assert.Equal(8_016, store.Scalar<long>("SELECT count(DISTINCT customer_id) FROM reviews"));
        Assert.Equal(765, store.Scalar<long>("SELECT count(*) FROM reviews WHERE product_id IS NULL"));
        Assert.Equal(1.0, store.Scalar<double>("SELECT min(rating) FROM reviews"));
        Assert.Equal(5.0, store.Scalar<double>("SELECT max(rating) FROM reviews"));
        Assert.Contains("Péssimo", store.Scalar<string>("SELECT text FROM reviews WHERE text LIKE 'Não chegou meu produto%' LIMIT 1"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestProducts_BadRows_EachRejectedWithItsReasonLineAndColumn(string engine)
    {
        using var store = CreateStore(engine);
        var file = _folder.Write("catalogue.csv", """
            sku,title,description,category,price
            A1,Red mug,A red mug,kitchen,4.50
            ,No id,,kitchen,1
            A2,Blue mug,,kitchen,abc
            A3,Green mug,,kitchen,-1
            A1,Red mug again,,kitchen,4.50
            A4,Broken "quote,,kitchen,2
            A5,Too few
            A6,Plate,,,1.1234567

            A7,"Bowl, large",,kitchen,
            """);

        var summary = new CatalogIngestor(store).IngestProducts(file, Options("catalogue") with { Map = new Dictionary<string, string> { ["product_id"] = "sku" } });

        Assert.Equal(9, summary.Read);
        Assert.Equal(2, summary.Accepted);
        Assert.Equal(summary.Read, summary.Accepted + summary.Rejected);
        var rejects = ReadRejects(summary.RejectsFile!);
        Assert.Equal(("3", "sku", "missing_product_id"), rejects[0]);
        Assert.Equal(("4", "price", "unparsable_number"), rejects[1]);
        Assert.Equal(("5", "price", "negative_price"), rejects[2]);
        Assert.Equal(("6", "sku", "duplicate_product_id"), rejects[3]);
        Assert.Equal(("7", "", "malformed_csv"), rejects[4]);
        Assert.Equal(("8", "", "wrong_field_count"), rejects[5]);
        Assert.Equal(("9", "price", "unparsable_number"), rejects[6]);
        Assert.Equal("Bowl, large", store.Scalar<string>("SELECT title FROM products WHERE product_id = 'A7'"));
        Assert.Null(store.Scalar<decimal?>("SELECT price FROM products WHERE product_id = 'A7'"));
        Assert.Equal(7L, store.Scalar<long>("SELECT CAST(sum(rows) AS BIGINT) FROM source_file_rejects"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestReviews_BadRows_EachRejectedWithItsReasonLineAndColumn(string engine)
    {
        using var store = CreateStore(engine);
        var file = _folder.Write("reviews.csv", """
            customer_id,product_id,rating,text,date
            17850.0,85123A,5,"Lovely, would buy again",2011-12-01
            ,85123A,4,No customer,2011-12-01
            17850,85123A,five,Bad rating,2011-12-01
            17850,85123A,4,Bad date,yesterday
            17850,85123A,0,Zero stars,2011-12-01
            17850,85123A,6,Six stars,2011-12-01
            17850.0,85123A,5,"Lovely, would buy again",2011-12-01
            17850,,3,,2011-12-02 10:30
            17850,85123A,4,Too many,2011-12-01,extra
            """);

        var summary = new CatalogIngestor(store).IngestReviews(file, Options("reviews"));

        Assert.Equal(9, summary.Read);
        Assert.Equal(2, summary.Accepted);
        var rejects = ReadRejects(summary.RejectsFile!);
        Assert.Equal(
            [
                ("3", "customer_id", "missing_customer_id"), ("4", "rating", "unparsable_number"), ("5", "date", "unparsable_date"),
                ("6", "rating", "rating_out_of_range"), ("7", "rating", "rating_out_of_range"), ("8", "", "duplicate_review"),
                ("10", "", "wrong_field_count"),
            ],
            rejects);
        // The spreadsheet-style id 17850.0 is customer 17850, as in order files; an empty product or text is kept.
        Assert.Equal(2L, store.Scalar<long>("SELECT count(*) FROM reviews WHERE customer_id = '17850'"));
        Assert.Equal(1L, store.Scalar<long>("SELECT count(*) FROM reviews WHERE product_id IS NULL AND text IS NULL"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestReviews_SameBytesTwice_SecondAddsNothing_AndAsProductsIsRefused(string engine)
    {
        using var store = CreateStore(engine);
        var file = _folder.Write("reviews.csv", "customer_id,product_id,rating,text,date\n1,A,5,good,2020-01-01\n");
        var first = new CatalogIngestor(store).IngestReviews(file, Options("r1"));
        var second = new CatalogIngestor(store).IngestReviews(file, Options("r2"));

        Assert.False(first.AlreadyIngested);
        Assert.True(second.AlreadyIngested);
        Assert.Equal(1L, store.Scalar<long>("SELECT count(*) FROM reviews"));
        var error = Assert.Throws<ClienteleException>(() => new CatalogIngestor(store).IngestProducts(file, Options("p")));
        Assert.Contains("already ingested as reviews", error.Message, StringComparison.Ordinal);
        Assert.Throws<ClienteleException>(() => new OrderIngestor(store).Ingest(file, new IngestOptions { RejectsPath = _stores.RejectsPath() }));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestReviews_MissingColumn_OneLineErrorAndNothingIngested(string engine)
    {
        using var store = CreateStore(engine);
        var file = _folder.Write("reviews.csv", "customer,product_id,rating,text,date\n1,A,5,good,2020-01-01\n");

        var error = Assert.Throws<ClienteleException>(() => new CatalogIngestor(store).IngestReviews(file, Options("r")));

        Assert.Contains("lacks column customer_id", error.Message, StringComparison.Ordinal);
        Assert.Contains("--map", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, store.Scalar<long>("SELECT count(*) FROM source_files"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestProducts_AfterOrders_CatalogueFieldsAddedAndOrderDescriptionKeptWhereCatalogueHasNone(string engine)
    {
        using var store = CreateStore(engine);
        var orders = _folder.Write("orders.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom
            536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom
            """);
        new OrderIngestor(store).Ingest(orders, new IngestOptions { RejectsPath = _folder.File("o.csv"), DateFormat = "month-first" });
        var catalogue = _folder.Write("catalogue.csv", "product_id,title,description,category,price\n85123A,Heart holder,,home decor,2.55\n71053,Lantern,A white metal lantern,home decor,3.39\n");

        new CatalogIngestor(store).IngestProducts(catalogue, Options("c"));

        Assert.Equal("WHITE HANGING HEART T-LIGHT HOLDER", store.Scalar<string>("SELECT description FROM products WHERE product_id = '85123A'"));
        Assert.Equal("Heart holder", store.Scalar<string>("SELECT title FROM products WHERE product_id = '85123A'"));
        Assert.Equal("A white metal lantern", store.Scalar<string>("SELECT description FROM products WHERE product_id = '71053'"));
        Assert.Equal(2L, store.Scalar<long>("SELECT count(*) FROM products"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestReviews_NoProductIdColumn_ReviewsOfTheShopKept(string engine)
    {
        using var store = CreateStore(engine);
        var file = _folder.Write("shop-reviews.csv", "Customer ID,Rating,Text,Date\n1,5,quick delivery,2020-01-01\n2,4,\"good, thanks\",01/13/2020\n");

        var summary = new CatalogIngestor(store).IngestReviews(file, Options("r"));

        Assert.Equal((2L, 2L, 0L), (summary.Read, summary.Accepted, summary.Rejected));
        Assert.Equal(2L, store.Scalar<long>("SELECT count(*) FROM reviews WHERE product_id IS NULL"));
        Assert.Equal(new DateTime(2020, 1, 13), store.Scalar<DateTime>("SELECT max(reviewed_at) FROM reviews"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestReviews_DayFirstDatesAndDecimalCommaRatings_ReadAsWritten(string engine)
    {
        using var store = CreateStore(engine);
        var file = _folder.Write("avis.csv", "customer_id;product_id;rating;text;date\n1;A;4,5;très bien;01/02/2020\n2;A;3;bof;25/12/2020\n");

        var summary = new CatalogIngestor(store).IngestReviews(file, Options("r"));

        Assert.Equal(2L, summary.Accepted);
        Assert.Equal(4.5, store.Scalar<double>("SELECT rating FROM reviews WHERE customer_id = '1'"));
        Assert.Equal(new DateTime(2020, 2, 1), store.Scalar<DateTime>("SELECT reviewed_at FROM reviews WHERE customer_id = '1'"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestProducts_NoTextColumn_ErrorNamesMap(string engine)
    {
        using var store = CreateStore(engine);
        var file = _folder.Write("skus.csv", "product_id,name,cost\nA,Lamp,2.5\n");

        var error = Assert.Throws<ClienteleException>(() => new CatalogIngestor(store).IngestProducts(file, Options("p")));

        Assert.Contains("--map title=Column", error.Message, StringComparison.Ordinal);
        Assert.Contains("it has: product_id, name, cost", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void IngestProducts_FloatArtefactPrices_RoundedAndCounted(string engine)
    {
        using var store = CreateStore(engine);
        var file = _folder.Write("products.csv", "Product ID,Title,Price\nA,Lamp,7.950000000000001\nB,Mug,2.1199999999999997\nC,Pen,0.5\n");

        var summary = new CatalogIngestor(store).IngestProducts(file, Options("p"));

        Assert.Equal(3L, summary.Accepted);
        Assert.Equal(2L, summary.RoundedPrices);
        Assert.Equal(7.95m, store.Scalar<decimal>("SELECT price FROM products WHERE product_id = 'A'"));
        Assert.Equal(2.12m, store.Scalar<decimal>("SELECT price FROM products WHERE product_id = 'B'"));
    }

    private static long Count(IngestSummary summary, string reason) => summary.RejectedByReason.Where(r => r.Reason == reason).Sum(r => r.Rows);

    private static List<(string Line, string Column, string Reason)> ReadRejects(string path) =>
        File.ReadLines(path).Skip(1).Select(CsvLine.Split).Select(f => (f[0], f[1], f[2])).ToList();

    /// <summary>
    /// Olist's products as a catalogue file: its Portuguese category translated to English with its own translation
    /// file, the price the lowest its order items were sold for. Written by DuckDB into the test's folder (the data's
    /// licence is non-commercial: it is read from ../shared/data, never copied into the repository).
    /// </summary>
    private string OlistProducts(ClienteleStore store)
    {
        var products = TestData.Shared("olist-sample/olist_products_dataset.csv.gz");
        var translation = TestData.Shared("olist-sample/product_category_name_translation.csv.gz");
        var items = TestData.Shared("olist-sample/olist_order_items_dataset.csv.gz");
        var file = _folder.File("olist-products.csv");
        store.Execute($"""
            COPY (
                SELECT p.product_id, NULL AS title, NULL AS description,
                       coalesce(t.product_category_name_english, p.product_category_name) AS category,
                       (SELECT min(CAST(i.price AS DECIMAL(18, 2))) FROM read_csv('{items}', all_varchar = true) i WHERE i.product_id = p.product_id) AS price
                FROM read_csv('{products}', all_varchar = true) p
                LEFT JOIN read_csv('{translation}', all_varchar = true) t USING (product_category_name)
                ORDER BY p.product_id
            ) TO '{file}' (HEADER, DELIMITER ',')
            """);
        return file;
    }

    /// <summary>
    /// Olist's reviews as a reviews file: a review is of an order, so the customer is the order's person
    /// (<c>customer_unique_id</c>, through the orders and customers files) and there is one row per distinct product of
    /// the order (none for an order without items); the text is the title and the comment.
    /// </summary>
    private string OlistReviews(ClienteleStore store)
    {
        string Data(string name) => TestData.Shared("olist-sample/" + name);
        var file = _folder.File("olist-reviews.csv");
        store.Execute($"""
            COPY (
                SELECT c.customer_unique_id AS customer_id, i.product_id, r.review_score AS rating,
                       regexp_replace(concat_ws(' ', regexp_replace(r.review_comment_title, '^\s+|\s+$', '', 'g'),
                                                     regexp_replace(r.review_comment_message, '^\s+|\s+$', '', 'g')), '^\s+|\s+$', '', 'g') AS text,
                       r.review_creation_date AS date
                FROM read_csv('{Data("olist_order_reviews_dataset.csv.gz")}', all_varchar = true) r
                JOIN read_csv('{Data("olist_orders_dataset.csv.gz")}', all_varchar = true) o USING (order_id)
                JOIN read_csv('{Data("olist_customers_dataset.csv.gz")}', all_varchar = true) c ON c.customer_id = o.customer_id
                LEFT JOIN (SELECT DISTINCT order_id, product_id FROM read_csv('{Data("olist_order_items_dataset.csv.gz")}', all_varchar = true)) i USING (order_id)
                ORDER BY r.review_id, i.product_id
            ) TO '{file}' (HEADER, DELIMITER ',')
            """);
        return file;
    }
}
