using System.Text.Json.Serialization;

namespace Clientele.Data.Ingest;

/// <summary>The honest account of one ingest: every row read is accepted or rejected, and <see cref="Read"/> = <see cref="Accepted"/> + <see cref="Rejected"/>.</summary>
public sealed record IngestSummary
{
    public required string File { get; init; }

    public required string Store { get; init; }

    public required string Layout { get; init; }

    /// <summary>The same bytes were ingested before (see <see cref="IngestedAt"/>); nothing was added this time.</summary>
    public required bool AlreadyIngested { get; init; }

    public required DateTime IngestedAt { get; init; }

    public required long Read { get; init; }

    public required long Accepted { get; init; }

    public required long Rejected { get; init; }

    /// <summary>Accepted lines that are returns or cancellations (kept, and counted against the customer).</summary>
    public required long ReturnLines { get; init; }

    /// <summary>
    /// Accepted rows whose price or value was a binary floating-point artefact (<c>7.950000000000001</c>), rounded to
    /// the store's 6 decimals rather than rejected; 0 when the file had none (and for an already-ingested file).
    /// </summary>
    public long RoundedPrices { get; init; }

    public required IReadOnlyList<RejectCount> RejectedByReason { get; init; }

    /// <summary>
    /// Rows not added because the store already held them from another file (reason <c>overlap</c>, counted among
    /// <see cref="Rejected"/>; each named in the rejects report with the earlier file).
    /// </summary>
    public long Overlap => RejectedByReason.Where(r => r.Reason == RejectReason.Overlap.Code).Sum(r => r.Rows);

    /// <summary>What a person should know about how this file fits the store (e.g. ids that look like another source's).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The CSV of rejected rows (line, column, reason, detail, raw), or null when nothing was rejected.</summary>
    public string? RejectsFile { get; init; }

    /// <summary>An events file: its accepted events by type (view, search, …, purchase), types it has none of left out; null for other files.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<EventTypeCount>? EventsByType { get; init; }

    /// <summary>An events file: how its timestamps were read (Unix seconds by magnitude, text, …); null for other files and an already-ingested one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Timestamps { get; init; }

    /// <summary>An events file: whom the store's events are about after it; null for other files.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EventPeopleCount? EventPeople { get; init; }
}

/// <summary>Whom a store's events are about (docs/events.md, "Visitors linked to customers").</summary>
/// <param name="Customers">Customers with an event of theirs or of a visitor linked to them.</param>
/// <param name="AnonymousVisitors">Visitors never linked to a customer.</param>
/// <param name="LinkedVisitors">Visitors linked to a customer by an event carrying both ids.</param>
/// <param name="CategoriesFromEvents">Products whose category comes from the events, the catalogue having none.</param>
/// <param name="CustomersWithOrders">Of <paramref name="Customers"/>, those with order lines in the store: the others' ids meet no order (written otherwise, or not ordered yet).</param>
public sealed record EventPeopleCount(long Customers, long AnonymousVisitors, long LinkedVisitors, long CategoriesFromEvents, long CustomersWithOrders);

/// <summary>How many events of one type a file gave.</summary>
public sealed record EventTypeCount(string Type, long Events);

/// <summary>How many rows were rejected for one reason (and column, for unparsable values).</summary>
public sealed record RejectCount(string Reason, string? Column, string Description, long Rows);
