using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// Catalogue lines (<c>product_id, title, description, category, price</c>) → <c>product_lines</c>, then merged into
/// <c>products</c>: a field the file gives replaces the stored one, a field it leaves empty keeps it (so a product
/// known from order lines keeps their description when the catalogue has none).
/// </summary>
internal sealed class ProductHandler(TableColumns columns, int fileId, NumberReader numbers) : RecordHandler
{
    public static readonly IReadOnlyList<string> Required = ["product_id"];
    public static readonly IReadOnlyList<string> Optional = ["title", "description", "category", "price"];

    private readonly Dictionary<string, long> _firstLine = new(StringComparer.Ordinal);
    private long _roundedLines;

    /// <summary>Accepted rows whose price was rounded from a float artefact.</summary>
    public override long RoundedPrices => _roundedLines;

    public override string Table => "product_lines";

    public override IReadOnlyList<string> Columns { get; } = ["file_id", "line_number", "product_id", "title", "description", "category", "price"];

    public override string LayoutName => CatalogIngestor.ProductsLayout;

    public override bool TryAppend(IRecordSource source, StoreBulkWriter writer, out Rejection rejection)
    {
        var fields = source.Fields;
        if (columns.CheckFieldCount(fields) is { } wrongCount)
        {
            rejection = wrongCount;
            return false;
        }
        var productId = columns.Text(fields, "product_id");
        if (productId is null)
        {
            rejection = new Rejection(RejectReason.MissingProductId, columns.Name("product_id"), "empty");
            return false;
        }
        decimal? price = null;
        if (columns.Text(fields, "price") is { } priceText)
        {
            if (!numbers.TryParseMoney(priceText, out var value, out var rounded, out var problem))
            {
                rejection = new Rejection(RejectReason.UnparsableNumber, columns.Name("price"), problem);
                return false;
            }
            _roundedLines += rounded ? 1 : 0;
            if (value < 0m)
            {
                rejection = new Rejection(RejectReason.NegativePrice, columns.Name("price"), priceText);
                return false;
            }
            price = value;
        }
        if (!_firstLine.TryAdd(productId, source.LineNumber))
        {
            rejection = new Rejection(RejectReason.DuplicateProductId, columns.Name("product_id"), $"{productId} was first given on line {_firstLine[productId]}");
            return false;
        }
        writer
            .Add(fileId)
            .Add(source.LineNumber)
            .Add(productId)
            .Add(columns.Text(fields, "title"))
            .Add(columns.Text(fields, "description"))
            .Add(columns.Text(fields, "category"))
            .Add(price)
            .EndRow();
        rejection = default;
        return true;
    }

    public override void Complete(ClienteleStore store, int fileId) => store.Execute(
        """
        INSERT INTO products (product_id, description, title, category, price)
        SELECT product_id, description, title, category, price FROM product_lines WHERE file_id = $file
        ON CONFLICT (product_id) DO UPDATE SET
            title = coalesce(excluded.title, products.title),
            description = coalesce(excluded.description, products.description),
            category = coalesce(excluded.category, products.category),
            price = coalesce(excluded.price, products.price)
        """,
        ("file", fileId));
}
