using System.Text;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features.Products;
using Clientele.Pipeline.Live;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests.Live;

/// <summary>
/// The per-product summaries kept by the live event writer, one event at a time, against the bulk rebuild's rows after
/// the same events and after erasures: identical, row for row, on each engine.
/// </summary>
public sealed class ProductSummaryLiveTests : IDisposable
{
    private static readonly DateTime Now = new(2012, 1, 3, 0, 0, 0, DateTimeKind.Utc);

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    private static IReadOnlyList<LiveEventItem> Batch(params string[] events) =>
        LiveEventBatch.Read(Encoding.UTF8.GetBytes("{\"events\":[" + string.Join(",", events) + "]}"), Now);

    private static string Line(string id, string type, string customer, string order, string product, int quantity, string at = "2012-01-02T10:00:00Z") =>
        $$"""{"event_id":"{{id}}","type":"{{type}}","customer_id":"{{customer}}","timestamp":"{{at}}","order_id":"{{order}}","product_id":"{{product}}","quantity":{{quantity}},"unit_price":2.55}""";

    private static string Seen(string id, string type, string customer, string product) =>
        $$"""{"event_id":"{{id}}","type":"{{type}}","customer_id":"{{customer}}","timestamp":"2012-01-02T11:00:00Z","product_id":"{{product}}"}""";

    /// <summary>The rows as the live writer left them, then as a rebuild from the order lines and events makes them; the rebuild's stay.</summary>
    private static (IReadOnlyList<ProductSummary> Live, IReadOnlyList<ProductSummary> Bulk) LiveAndBulk(ClienteleStore store)
    {
        var live = ProductSummaryTables.Read(store);
        ProductSummaryTables.Rebuild(store);
        return (live, ProductSummaryTables.Read(store));
    }

    /// <summary>
    /// Runs <paramref name="work"/> while a third connection has run <paramref name="hold"/> (taking the middle
    /// product's row) in a transaction, for a second, then lets go: the work reaches the shared rows at once.
    /// </summary>
    private static async Task WhileHeld(ClienteleStore blocker, string hold, params Action[] work)
    {
        Task[] running;
        using (var held = blocker.BeginTransaction())
        {
            blocker.Execute(hold);
            running = [.. work.Select(Task.Run)];
            await Task.Delay(TimeSpan.FromSeconds(1));
            held.Rollback();
        }
        await Task.WhenAll(running);
    }

    private const string HoldMiddleRow = "SELECT product_id FROM product_summaries WHERE product_id = 'shared-10' FOR UPDATE";

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Events_PurchasesReturnsViewsAndErasures_LiveRowsEqualTheBulkRebuildsRowForRow(string engine)
    {
        var location = _stores.Location(engine);
        using (var ingest = ClienteleStore.Open(location))
        {
            new OrderIngestor(ingest).Ingest(TestData.Sample("online_retail.csv.gz"), new IngestOptions { RejectsPath = _stores.RejectsPath() });
        }
        using var store = ClienteleStore.Open(location);
        using var writer = new LiveEventWriter(store, TimeProvider.System);
        var before = ProductSummaryTables.Read(store).ToDictionary(r => r.ProductId, StringComparer.Ordinal);

        var answers = writer.Write(
        [
            Batch(
                // 12347 bought 22423 before: a new order of it, then a second line of it in the same order.
                Line("p1", "purchase", "12347", "L1", "22423", 3),
                Line("p2", "purchase", "12347", "L1", "22423", 2),
                // A new customer buys 85123A in two orders (one buyer, two orders), and a product no one sold before.
                Line("p3", "purchase", "live-new", "L2", "85123A", 1),
                Line("p4", "purchase", "live-new", "L3", "85123A", 4, "2012-01-02T12:00:00Z"),
                Line("p5", "purchase", "live-new", "L3", "LIVE-ONLY", 1)),
            Batch(
                // A return of part of 12347's purchase; a customer who returns before buying, then buys.
                Line("r1", "return", "12347", "L1", "22423", 2),
                Line("r2", "return", "live-returner", "L4", "22423", 1),
                Line("p6", "purchase", "live-returner", "L5", "22423", 1),
                Seen("v1", "view", "12347", "22423"),
                Seen("v2", "view", "live-new", "VIEWED-ONLY"),
                Seen("v3", "cart_add", "live-new", "22423"),
                Seen("v4", "wishlist_add", "live-returner", "85123A"),
                """{"event_id":"v5","type":"search","customer_id":"live-new","timestamp":"2012-01-02T11:00:00Z","query":"cake stand","product_id":"22423"}""",
                Seen("v6", "cart_remove", "live-new", "22423")),
        ]);
        Assert.All(answers.SelectMany(a => a), a => Assert.Equal(LiveEventResult.Accepted, a.Status));
        var after = ProductSummaryTables.Read(store).ToDictionary(r => r.ProductId, StringComparer.Ordinal);
        var (live, bulk) = LiveAndBulk(store);
        Assert.Equal(bulk, live);

        // What the events changed, as a merchandiser reads it.
        var heart = after["85123A"];
        Assert.Equal(before["85123A"].Buyers + 1, heart.Buyers);
        Assert.Equal(before["85123A"].PurchaseOrders + 2, heart.PurchaseOrders);
        Assert.Equal(before["85123A"].WishlistAdds + 1, heart.WishlistAdds);
        var cake = after["22423"];
        Assert.Equal(before["22423"].PurchaseLines + 3, cake.PurchaseLines);
        Assert.Equal(before["22423"].PurchaseOrders + 2, cake.PurchaseOrders);
        Assert.Equal(before["22423"].Buyers + 1, cake.Buyers);
        Assert.Equal(before["22423"].ReturnedQuantity + 3, cake.ReturnedQuantity);
        Assert.Equal((1, 1), (cake.Views - before["22423"].Views, cake.CartAdds - before["22423"].CartAdds));
        Assert.Equal(ProductSummary.Empty("VIEWED-ONLY") with { Views = 1 }, after["VIEWED-ONLY"]);
        Assert.Equal(1, after["LIVE-ONLY"].Buyers);

        // Erasures: the erased customers' lines and events leave the counters, as a rebuild without them counts.
        Assert.NotNull(LiveErasure.Erase(store, "12347", TimeProvider.System));
        (live, bulk) = LiveAndBulk(store);
        Assert.Equal(bulk, live);
        Assert.NotNull(LiveErasure.Erase(store, "live-new", TimeProvider.System));
        (live, bulk) = LiveAndBulk(store);
        Assert.Equal(bulk, live);
        Assert.DoesNotContain(live, r => r.ProductId is "VIEWED-ONLY" or "LIVE-ONLY");
        Assert.Equal(before["85123A"].Buyers, live.Single(r => r.ProductId == "85123A").Buyers);

        // And the writer goes on from the remade rows: a later purchase after the erasures counts as the rebuild does.
        Assert.Equal(LiveEventResult.Accepted, writer.Write(Batch(Line("p7", "purchase", "live-returner", "L6", "85123A", 2)))[0].Status);
        (live, bulk) = LiveAndBulk(store);
        Assert.Equal(bulk, live);
    }

    [PostgresFact]
    public async Task Write_TwoWritersGroupsSharingProductsInOppositeOrders_NoDeadlockAndEveryLineCounted()
    {
        // Two silos' writers on one PostgreSQL store, each committing a group that buys the same twenty products, one in
        // ascending and one in descending order. A third connection holds the middle product's row meanwhile, so that
        // both groups are at their rows at once when it lets go: rows locked in each group's own order would then cross
        // (each holding what the other waits for) and PostgreSQL would end one as deadlocked.
        var location = _stores.Location(StoreEngines.Postgres);
        using var first = ClienteleStore.Open(location);
        using var second = ClienteleStore.Open(location);
        using var blocker = ClienteleStore.Open(location);
        using var one = new LiveEventWriter(first, TimeProvider.System);
        using var two = new LiveEventWriter(second, TimeProvider.System);
        var products = Enumerable.Range(0, 20).Select(n => $"shared-{n:D2}").ToArray();
        // The products exist first: a new product's catalogue row, inserted as its event is, is not what this is about.
        Assert.All(one.Write(Batch([.. products.Select(p => Line("seed-" + p, "purchase", "seed", "seed", p, 1))])), a => Assert.Equal(LiveEventResult.Accepted, a.Status));

        for (var round = 0; round < 3; round++)
        {
            var up = Batch([.. products.Select(p => Line($"up-{round}-{p}", "purchase", $"up-{round}", $"up-{round}", p, 1))]);
            var down = Batch([.. products.Reverse().Select(p => Line($"down-{round}-{p}", "purchase", $"down-{round}", $"down-{round}", p, 1))]);
            IReadOnlyList<LiveEventResult> upAnswers = [], downAnswers = [];
            await WhileHeld(blocker, HoldMiddleRow, () => upAnswers = one.Write(up), () => downAnswers = two.Write(down));
            Assert.All(upAnswers.Concat(downAnswers), a => Assert.Equal(LiveEventResult.Accepted, a.Status));
        }

        var (live, bulk) = LiveAndBulk(first);
        Assert.Equal(bulk, live);
        Assert.All(live, row => Assert.Equal((7L, 7L), (row.PurchaseLines, row.Buyers)));
    }

    [PostgresFact]
    public async Task Erase_WhileAnotherWriterAddsToItsProducts_NoDeadlockAndTheRowsEqualARebuild()
    {
        // A customer bought twenty products (their rows made in descending order); another silo's writer commits a group
        // buying them all while the customer is erased. A third connection holds the middle product's row meanwhile,
        // so that the erasure and the group are at the rows at once when it lets go: the erasure takes them in the
        // writers' order, not in the order it finds them.
        var location = _stores.Location(StoreEngines.Postgres);
        using var first = ClienteleStore.Open(location);
        using var second = ClienteleStore.Open(location);
        using var blocker = ClienteleStore.Open(location);
        using var writer = new LiveEventWriter(first, TimeProvider.System);
        var products = Enumerable.Range(0, 20).Select(n => $"shared-{n:D2}").ToArray();
        foreach (var product in products.Reverse())
        {
            Assert.Equal(LiveEventResult.Accepted, writer.Write(Batch(Line("erased-" + product, "purchase", "to-erase", "o-" + product, product, 1)))[0].Status);
        }

        var group = Batch([.. products.Select(p => Line("other-" + p, "purchase", "other", "o-other", p, 2))]);
        IReadOnlyList<LiveEventResult> written = [];
        ErasureResult? erased = null;
        await WhileHeld(blocker, HoldMiddleRow, () => written = writer.Write(group), () => erased = LiveErasure.Erase(second, "to-erase", TimeProvider.System));

        Assert.All(written, a => Assert.Equal(LiveEventResult.Accepted, a.Status));
        Assert.NotNull(erased);
        var (live, bulk) = LiveAndBulk(first);
        Assert.Equal(bulk, live);
        Assert.All(live, row => Assert.Equal((1L, 2L, 1L), (row.PurchaseLines, row.Quantity, row.Buyers)));
    }

    [PostgresFact]
    public async Task Write_TwoWritersGroupsNamingNewProductsInOppositeOrders_NoDeadlock()
    {
        // As above, for products no one named before: their catalogue and counter rows are new to both groups, and
        // an insert of a key another transaction inserted waits for it. The third connection inserts the middle one.
        var location = _stores.Location(StoreEngines.Postgres);
        using var first = ClienteleStore.Open(location);
        using var second = ClienteleStore.Open(location);
        using var blocker = ClienteleStore.Open(location);
        using var one = new LiveEventWriter(first, TimeProvider.System);
        using var two = new LiveEventWriter(second, TimeProvider.System);
        var products = Enumerable.Range(0, 20).Select(n => $"new-{n:D2}").ToArray();
        var up = Batch([.. products.Select(p => Seen("up-" + p, "view", "up", p))]);
        var down = Batch([.. products.Reverse().Select(p => Seen("down-" + p, "view", "down", p))]);

        IReadOnlyList<LiveEventResult> upAnswers = [], downAnswers = [];
        await WhileHeld(
            blocker,
            "INSERT INTO products (product_id) VALUES ('new-10'); " +
            "INSERT INTO product_summaries (product_id, purchase_lines, return_lines, quantity, returned_quantity, purchased, returned, buyers, purchase_orders, views, cart_adds, wishlist_adds) " +
            "VALUES ('new-10', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)",
            () => upAnswers = one.Write(up),
            () => downAnswers = two.Write(down));

        Assert.All(upAnswers.Concat(downAnswers), a => Assert.Equal(LiveEventResult.Accepted, a.Status));
        var (live, bulk) = LiveAndBulk(first);
        Assert.Equal(bulk, live);
        Assert.Equal(products, live.Where(r => r.Views == 2).Select(r => r.ProductId));
        Assert.Equal(20L, first.Scalar<long>("SELECT count(*) FROM products WHERE product_id LIKE 'new-%'"));
    }
}
