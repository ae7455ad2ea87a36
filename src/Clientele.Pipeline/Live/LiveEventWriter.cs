using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Features.Behaviour;
using Clientele.Features.Products;
using Clientele.Features.Summaries;

namespace Clientele.Pipeline.Live;

/// <summary>What became of one event of a batch: accepted, duplicate (its id was accepted before) or rejected (with the reason).</summary>
public sealed record LiveEventResult(string? EventId, string Status, string? Reason)
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    /// <summary>The answer to an item refused when the request was read (it carries no valid event).</summary>
    public static LiveEventResult Refused(LiveEventItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new LiveEventResult(item.EventId, Rejected, item.Rejection);
    }

    /// <summary>The answer to an event whose id was accepted before.</summary>
    public static LiveEventResult DuplicateOf(string eventId) =>
        new(eventId, Duplicate, "this event_id was accepted before; the event was not applied again");
}

/// <summary>
/// Records the service's events in the store, one or several batches in one transaction (group commit): each accepted event's id in
/// <c>received_events</c> (unique for ever, so a retried batch changes nothing), its row in <c>order_lines</c>,
/// <c>events</c> or <c>reviews</c>, the customer's summaries, updated with the same statements the bulk rebuild
/// uses (<see cref="CustomerSummaryWriter"/>, <see cref="BehaviourSummaryWriter"/>), and the products' counters
/// (<see cref="ProductSummaryWriter"/>, added once per group and product before the commit). A batch is durable when
/// a write returns. One writer per store and one batch at a time: two events of one customer never race.
/// Rows it writes carry <see cref="FileId"/> 0 and the event's sequence number as their line.
/// </summary>
public sealed class LiveEventWriter : IDisposable
{
    /// <summary>The <c>file_id</c> of the rows the service writes (ingested files are numbered from 1).</summary>
    public const int FileId = 0;

    private readonly ClienteleStore _store;
    private readonly TimeProvider _time;
    private readonly CustomerSummaryWriter _summaries;
    private readonly BehaviourSummaryWriter _behaviour;
    private readonly ProductSummaryWriter _products;
    private readonly SortedSet<string> _namedProducts = new(StringComparer.Ordinal);

    /// <summary>Brings the store's summaries up to date with its lines and events (a rebuild when an ingest changed them), then is ready to write.</summary>
    public LiveEventWriter(ClienteleStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        CustomerInputs.Prepare(store);
        BehaviourInputs.Prepare(store);
        _summaries = new CustomerSummaryWriter(store);
        _behaviour = new BehaviourSummaryWriter(store);
        _products = new ProductSummaryWriter(store);
    }

    /// <summary>Writes the valid events of <paramref name="items"/> and answers every item in the order given.</summary>
    public IReadOnlyList<LiveEventResult> Write(IReadOnlyList<LiveEventItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Write([items])[0];
    }

    /// <summary>
    /// Writes several requests' batches in one transaction (group commit: one commit, and one wait for the disk, for
    /// every request that arrived while the last group was written) and answers each batch's items in the order given.
    /// An event id met twice is accepted the first time, in the order of <paramref name="batches"/>.
    /// </summary>
    public IReadOnlyList<LiveEventResult>[] Write(IReadOnlyList<IReadOnlyList<LiveEventItem>> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var answers = new IReadOnlyList<LiveEventResult>[batches.Count];
        var inGroup = new HashSet<string>(StringComparer.Ordinal);
        var receivedAt = _time.GetUtcNow().UtcDateTime;
        var next = Reserve(batches.Sum(b => b.Count));
        // Counts of a group that failed before its commit are not the next group's.
        _products.Discard();
        _namedProducts.Clear();
        using var transaction = _store.BeginTransaction();
        for (var b = 0; b < batches.Count; b++)
        {
            var items = batches[b];
            var results = new LiveEventResult[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = Apply(items[i], inGroup, ref next, receivedAt);
            }
            answers[b] = results;
        }
        AddToCatalogue();
        _products.ApplyPending();
        transaction.Commit();
        return answers;
    }

    /// <summary>
    /// Reserves <paramref name="count"/> sequence numbers in a statement of its own (the counter's row is locked only
    /// for it, not for the group's transaction); answers the number before the first. Numbers of events refused or of a
    /// group that fails stay unused: the numbers are unique, not dense.
    /// </summary>
    private long Reserve(int count) =>
        _store.Scalar<long>("UPDATE live_sequences SET last = last + $count WHERE name = 'received_events' RETURNING last", ("count", (long)count)) - count;

    private LiveEventResult Apply(LiveEventItem item, HashSet<string> inGroup, ref long next, DateTime receivedAt)
    {
        if (item.Event is not { } e)
        {
            return LiveEventResult.Refused(item);
        }
        if (LiveErasure.IsErased(_store, e.CustomerId))
        {
            return new LiveEventResult(e.EventId, LiveEventResult.Rejected, "this customer was erased; events for it are refused");
        }
        if (!inGroup.Add(e.EventId) || Received(e))
        {
            return LiveEventResult.DuplicateOf(e.EventId);
        }
        next++;
        // Another writer (a silo's, for a customer of its own) may be committing the same id right now: the insert
        // waits for it, and finds it taken when it committed. The id is then as much a duplicate as one seen before.
        return Record(e, next, receivedAt)
            ? new LiveEventResult(e.EventId, LiveEventResult.Accepted, null)
            : LiveEventResult.DuplicateOf(e.EventId);
    }

    private bool Received(LiveEvent e) =>
        _store.Scalar<long>("SELECT count(*) FROM received_events WHERE event_id = $id", ("id", e.EventId)) > 0
        || (LiveEventTypes.IsBehaviour(e.Type) && _store.Scalar<long>("SELECT count(*) FROM events WHERE event_id = $id", ("id", e.EventId)) > 0);

    /// <summary>Records the event; false (and nothing written) when its id was taken meanwhile by another writer's commit.</summary>
    private bool Record(LiveEvent e, long sequence, DateTime receivedAt)
    {
        var claimed = _store.Execute(
            "INSERT INTO received_events (event_id, sequence, event_type, customer_id, occurred_at, received_at) VALUES ($id, $sequence, $type, $customer, $at, $received) ON CONFLICT (event_id) DO NOTHING",
            ("id", e.EventId), ("sequence", sequence), ("type", e.Type), ("customer", e.CustomerId), ("at", e.OccurredAt), ("received", receivedAt));
        if (claimed == 0)
        {
            return false;
        }
        _store.Execute("INSERT INTO customers (customer_id) VALUES ($customer) ON CONFLICT DO NOTHING", ("customer", e.CustomerId));
        if (e.ProductId is { } product)
        {
            _namedProducts.Add(product);
        }
        if (LiveEventTypes.IsOrderLine(e.Type))
        {
            var isReturn = e.Type == LiveEventTypes.Return;
            var quantity = isReturn ? -e.Quantity!.Value : e.Quantity!.Value;
            var line = new OrderLine(e.OrderId!, e.CustomerId, e.ProductId, null, quantity, e.UnitPrice, quantity * e.UnitPrice!.Value, e.OccurredAt, isReturn, null);
            _store.Execute(
                """
                INSERT INTO order_lines (file_id, line_number, order_id, customer_id, product_id, description, quantity, unit_price, amount, ordered_at, is_return, country)
                VALUES ($file, $line, $order, $customer, $product, NULL, $quantity, $price, $amount, $at, $is_return, NULL)
                """,
                ("file", FileId), ("line", sequence), ("order", line.OrderId), ("customer", line.CustomerId), ("product", line.ProductId),
                ("quantity", line.Quantity), ("price", line.UnitPrice), ("amount", line.Amount), ("at", line.OrderedAt), ("is_return", isReturn));
            _summaries.ApplyInCurrentTransaction(line);
            _products.Count(line);
        }
        else if (LiveEventTypes.IsBehaviour(e.Type))
        {
            _store.Execute(
                """
                INSERT INTO events (file_id, line_number, event_id, event_type, customer_id, visitor_id, session_id, product_id, category, query, occurred_at, properties)
                VALUES ($file, $line, $id, $type, $customer, NULL, NULL, $product, NULL, $query, $at, NULL)
                """,
                ("file", FileId), ("line", sequence), ("id", e.EventId), ("type", e.Type), ("customer", e.CustomerId), ("product", e.ProductId), ("query", e.Query), ("at", e.OccurredAt));
            _behaviour.ApplyInCurrentTransaction(new BehaviourEvent(e.EventId, e.Type, e.CustomerId, null, null, e.ProductId, null, e.Query, e.OccurredAt));
            _products.Count(e.Type, e.ProductId);
        }
        else
        {
            _store.Execute(
                "INSERT INTO reviews (file_id, line_number, customer_id, product_id, rating, text, reviewed_at) VALUES ($file, $line, $customer, $product, $rating, $text, $at)",
                ("file", FileId), ("line", sequence), ("customer", e.CustomerId), ("product", e.ProductId), ("rating", e.Rating), ("text", e.Text), ("at", e.OccurredAt));
        }
        return true;
    }

    /// <summary>
    /// Adds the products the group named to the catalogue, in id order, before the group's product counts: a new
    /// product's row, inserted by two silos' groups at once, makes the second wait for the first's commit, and two groups
    /// naming new products in opposite orders would each wait for the other.
    /// </summary>
    private void AddToCatalogue()
    {
        foreach (var product in _namedProducts)
        {
            _store.Execute("INSERT INTO products (product_id) VALUES ($product) ON CONFLICT DO NOTHING", ("product", product));
        }
        _namedProducts.Clear();
    }

    public void Dispose()
    {
        _summaries.Dispose();
        _behaviour.Dispose();
        _products.Dispose();
    }
}
