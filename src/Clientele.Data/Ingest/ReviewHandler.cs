using System.IO.Hashing;
using Clientele.Data.Store;

namespace Clientele.Data.Ingest;

/// <summary>
/// Reviews (<c>customer_id, product_id, rating, text, date</c>) → <c>reviews</c>. The rating is a number from 1 to 5
/// (stars; halves allowed); the product may be empty (a review of an order or of the shop) and so may the text (a
/// rating alone). Exact duplicates of an earlier row of the file are rejected.
/// </summary>
internal sealed class ReviewHandler(TableColumns columns, DateReader dates, NumberReader numbers, int fileId) : RecordHandler
{
    public const double LowestRating = 1;
    public const double HighestRating = 5;

    public static readonly IReadOnlyList<string> Required = ["customer_id", "rating", "text", "date"];

    /// <summary>A review may be of the shop or of an order rather than a product: the column may be absent or empty.</summary>
    public static readonly IReadOnlyList<string> Optional = ["product_id"];

    private readonly HashSet<UInt128> _seen = [];
    private readonly XxHash128 _hasher = new();

    public override string Table => "reviews";

    public override IReadOnlyList<string> Columns { get; } = ["file_id", "line_number", "customer_id", "product_id", "rating", "text", "reviewed_at"];

    public override string LayoutName => CatalogIngestor.ReviewsLayout;

    public override bool TryAppend(IRecordSource source, StoreBulkWriter writer, out Rejection rejection)
    {
        var fields = source.Fields;
        if (columns.CheckFieldCount(fields) is { } wrongCount)
        {
            rejection = wrongCount;
            return false;
        }
        var customerId = OrderLineParser.NormaliseCustomerId(fields[columns["customer_id"]], stripZeroPadding: false);
        if (customerId.Length == 0)
        {
            rejection = new Rejection(RejectReason.MissingCustomerId, columns.Name("customer_id"), "empty");
            return false;
        }
        var ratingText = fields[columns["rating"]].Trim();
        if (!numbers.TryParseMoney(ratingText, out var ratingValue, out _, out var problem))
        {
            rejection = new Rejection(RejectReason.UnparsableNumber, columns.Name("rating"), problem);
            return false;
        }
        var rating = (double)ratingValue;
        var dateText = fields[columns["date"]].Trim();
        if (!dates.TryParse(dateText, source.LineNumber, out var reviewedAt, out problem))
        {
            rejection = new Rejection(RejectReason.UnparsableDate, columns.Name("date"), problem);
            return false;
        }
        if (rating is < LowestRating or > HighestRating)
        {
            rejection = new Rejection(RejectReason.RatingOutOfRange, columns.Name("rating"), ratingText);
            return false;
        }
        if (!_seen.Add(SourceFileLedger.HashFields(_hasher, fields)))
        {
            rejection = new Rejection(RejectReason.DuplicateReview, null, "same fields as an earlier accepted review");
            return false;
        }
        writer
            .Add(fileId)
            .Add(source.LineNumber)
            .Add(customerId)
            .Add(columns.Text(fields, "product_id"))
            .Add(rating)
            .Add(columns.Text(fields, "text"))
            .Add(reviewedAt)
            .EndRow();
        rejection = default;
        return true;
    }

    public override void Complete(ClienteleStore store, int fileId)
    {
        // Reviews stand on their own: a review of a customer or product not (yet) in the orders is kept as it is.
    }
}
