namespace Clientele.Data.Ingest;

/// <summary>Why an input row was not accepted. The code is stable (it appears in JSON and the rejects CSV).</summary>
public sealed record RejectReason(string Code, string Description)
{
    public static readonly RejectReason WrongFieldCount = new("wrong_field_count", "wrong number of fields");
    public static readonly RejectReason MalformedCsv = new("malformed_csv", "malformed CSV (quoting)");
    public static readonly RejectReason MissingCustomerId = new("missing_customer_id", "missing customer id");
    public static readonly RejectReason UnparsableNumber = new("unparsable_number", "unparsable number");
    public static readonly RejectReason UnparsableDate = new("unparsable_date", "unparsable date");
    public static readonly RejectReason ZeroQuantity = new("zero_quantity", "zero quantity");
    public static readonly RejectReason NonPositivePrice = new("non_positive_price", "non-positive unit price");
    public static readonly RejectReason NegativeValue = new("negative_value", "negative transaction value");
    public static readonly RejectReason DuplicateLine = new("duplicate_line", "exact duplicate of an earlier line of the same order");
    public static readonly RejectReason MissingProductId = new("missing_product_id", "missing product id");
    public static readonly RejectReason NegativePrice = new("negative_price", "negative price");
    public static readonly RejectReason RatingOutOfRange = new("rating_out_of_range", "rating outside 1–5");
    public static readonly RejectReason DuplicateProductId = new("duplicate_product_id", "product id given again in the same file");
    public static readonly RejectReason DuplicateReview = new("duplicate_review", "exact duplicate of an earlier review");
    public static readonly RejectReason Overlap = new("overlap", "already in the store from another file");
    public static readonly RejectReason MalformedJson = new("malformed_json", "malformed JSON");
    public static readonly RejectReason MissingPerson = new("missing_customer_or_visitor", "neither customer id nor visitor id");
    public static readonly RejectReason UnknownEventType = new("unknown_event_type", "event type not known (--event-type maps it)");
    public static readonly RejectReason DuplicateEventId = new("duplicate_event_id", "event id given before (in this file or the store)");

    /// <summary>The order in which a row's problems are checked; a row is rejected for the first one found.</summary>
    public static readonly IReadOnlyList<RejectReason> Precedence =
        [
            MalformedCsv, MalformedJson, WrongFieldCount, MissingCustomerId, MissingPerson, MissingProductId, UnparsableNumber, UnparsableDate, ZeroQuantity,
            NonPositivePrice, NegativeValue, NegativePrice, RatingOutOfRange, DuplicateLine, DuplicateProductId, DuplicateReview, UnknownEventType, DuplicateEventId, Overlap,
        ];
}

/// <summary>One rejected row: where, which column (if one), why, and a detail for a person.</summary>
public readonly record struct Rejection(RejectReason Reason, string? Column, string Detail);
