using System.Diagnostics;
using Clientele.Core;
using Clientele.Features.Summaries;
using Xunit.Abstractions;

namespace Clientele.Features.Tests.Summaries;

[Collection(SummaryStoreGroup.Name)]
public sealed class CustomerSummaryBuilderTests(SummaryStoreFixture shop, ITestOutputHelper output)
{
    /// <summary>
    /// Customer A: day 1 buys P1 ×2 at 1.50 and P2 at 4.00 and returns one P1 (a transaction of 5.50); day 5 buys P3
    /// ×10 at 2.00 and cancels all of it (no transaction); day 9 a line without a product (12.25); day 20 P1 ×4 at 1.50;
    /// 1 February returns P2 (returns only). Customer B only returns. Every expected number below is worked by hand.
    /// </summary>
    internal static OrderLine[] HandWrittenLines() =>
    [
        Line("1", "A", "P1", 2, 3.00m, new DateTime(2011, 1, 1, 9, 0, 0)),
        Line("1", "A", "P2", 1, 4.00m, new DateTime(2011, 1, 1, 9, 0, 0)),
        Line("C2", "A", "P1", -1, -1.50m, new DateTime(2011, 1, 1, 10, 0, 0)),
        Line("3", "A", "P3", 10, 20.00m, new DateTime(2011, 1, 5, 12, 0, 0)),
        Line("C4", "A", "P3", -10, -20.00m, new DateTime(2011, 1, 5, 12, 30, 0)),
        Line("5", "A", null, 1, 12.25m, new DateTime(2011, 1, 9, 8, 0, 0)),
        Line("6", "A", "P1", 4, 6.00m, new DateTime(2011, 1, 20, 15, 0, 0)),
        Line("C7", "A", "P2", -1, -4.00m, new DateTime(2011, 2, 1, 9, 0, 0)),
        Line("C8", "B", "P1", -1, -1.50m, new DateTime(2011, 1, 3, 11, 0, 0)),
    ];

    internal static readonly CustomerSummary HandWrittenA = new(
        "A",
        FirstLineAt: new DateTime(2011, 1, 1, 9, 0, 0),
        LastLineAt: new DateTime(2011, 2, 1, 9, 0, 0),
        PurchaseLines: 5,
        ReturnLines: 3,
        FirstPurchaseAt: new DateTime(2011, 1, 1, 9, 0, 0),
        LastPurchaseAt: new DateTime(2011, 1, 20, 15, 0, 0),
        PurchaseDays: 4,             // 1, 5, 9 and 20 January
        PurchaseOrders: 4,           // 1, 3, 5, 6
        Purchased: 45.25m,           // 3 + 4 + 20 + 12.25 + 6
        Returned: 25.50m,            // 1.50 + 20 + 4
        DistinctProducts: 3,
        TransactionDays: 3,          // 1 January (5.50), 9 January (12.25), 20 January (6.00); 5 January was cancelled
        FirstTransactionDay: new DateOnly(2011, 1, 1),
        LastTransactionDay: new DateOnly(2011, 1, 20),
        RepeatValue: 18.25m);        // 12.25 + 6.00

    internal static readonly CustomerSummary HandWrittenB = new(
        "B", new DateTime(2011, 1, 3, 11, 0, 0), new DateTime(2011, 1, 3, 11, 0, 0), 0, 1, null, null, 0, 0, 0m, 1.50m, 0, 0, null, null, 0m);

    [Fact]
    public void Apply_HandWrittenLines_FollowTheDefinitions()
    {
        var builder = new CustomerSummaryBuilder();
        foreach (var line in HandWrittenLines())
        {
            builder.Apply(line);
        }

        Assert.Equal([HandWrittenA, HandWrittenB], builder.Summaries());
        Assert.Equal(
            [
                new CustomerProduct("A", "P1", 2, 1, 6, 1, 9.00m, 1.50m, new DateTime(2011, 1, 1, 9, 0, 0), new DateTime(2011, 1, 20, 15, 0, 0)),
                new CustomerProduct("A", "P2", 1, 1, 1, 1, 4.00m, 4.00m, new DateTime(2011, 1, 1, 9, 0, 0), new DateTime(2011, 1, 1, 9, 0, 0)),
                new CustomerProduct("A", "P3", 1, 1, 10, 10, 20.00m, 20.00m, new DateTime(2011, 1, 5, 12, 0, 0), new DateTime(2011, 1, 5, 12, 0, 0)),
                new CustomerProduct("B", "P1", 0, 1, 0, 1, 0m, 1.50m, null, null),
            ],
            builder.Products());
        Assert.Equal(
            [
                new CustomerProductDay("A", "P1", new DateOnly(2011, 1, 1), 1, 1),
                new CustomerProductDay("A", "P1", new DateOnly(2011, 1, 20), 1, 0),
                new CustomerProductDay("A", "P2", new DateOnly(2011, 1, 1), 1, 0),
                new CustomerProductDay("A", "P2", new DateOnly(2011, 2, 1), 0, 1),
                new CustomerProductDay("A", "P3", new DateOnly(2011, 1, 5), 1, 1),
                new CustomerProductDay("B", "P1", new DateOnly(2011, 1, 3), 0, 1),
            ],
            builder.ProductDays());
        var cancelled = builder.Days().Single(d => d.CustomerId == "A" && d.Day == new DateOnly(2011, 1, 5));
        Assert.False(cancelled.IsTransaction);
        Assert.Equal(8, builder.Orders().Count);
        Assert.Equal(9, builder.Lines);
    }

    [Fact]
    public void Apply_LinesInReverseOrder_SameSummaries()
    {
        var forward = new CustomerSummaryBuilder();
        var backward = new CustomerSummaryBuilder();
        var lines = HandWrittenLines();
        foreach (var line in lines)
        {
            forward.Apply(line);
        }
        foreach (var line in lines.Reverse())
        {
            backward.Apply(line);
        }

        Assert.Equal(forward.Summaries(), backward.Summaries());
        Assert.Equal(forward.Days(), backward.Days());
        Assert.Equal(forward.Products(), backward.Products());
    }

    /// <summary>
    /// The acceptance test: every accepted line of Online Retail (and of the CDNOW sample, whose lines have no
    /// product id), read back from the store in file order and fed one at a time through the in-code path, gives the
    /// bulk SQL's tables row for row and column for column (money as decimal, so equal means equal).
    /// </summary>
    [Fact]
    public void Apply_EveryOnlineRetailLineOneAtATime_EqualsTheBulkTables()
    {
        var lines = StoredOrderLines.Read(shop.Store).ToList();
        Assert.Equal(shop.Counts.Lines, lines.Count);
        Assert.Contains(lines, l => l.IsReturn);
        Assert.Contains(lines, l => l.ProductId is null);

        var builder = new CustomerSummaryBuilder();
        var clock = Stopwatch.StartNew();
        foreach (var line in lines)
        {
            builder.Apply(line);
        }
        clock.Stop();
        output.WriteLine($"{lines.Count:N0} lines one at a time in code: {clock.Elapsed.TotalSeconds:F2} s, {lines.Count / clock.Elapsed.TotalSeconds:N0} lines/s; bulk rebuild {shop.RebuildTime.TotalSeconds:F2} s");

        Rows.AssertSame(CustomerSummaryTables.ReadDays(shop.Store), builder.Days(), Rows.Key, "customer_days");
        Rows.AssertSame(CustomerSummaryTables.ReadOrders(shop.Store), builder.Orders(), Rows.Key, "customer_orders");
        Rows.AssertSame(CustomerSummaryTables.ReadProducts(shop.Store), builder.Products(), Rows.Key, "customer_products");
        Rows.AssertSame(CustomerSummaryTables.ReadProductDays(shop.Store), builder.ProductDays(), Rows.Key, "customer_product_days");
        Rows.AssertSame(CustomerSummaryTables.ReadSummaries(shop.Store), builder.Summaries(), Rows.Key, "customer_summaries");
        // Same-day cancellations are among them: days with purchases that are not transactions.
        Assert.Contains(builder.Days(), d => d.PurchaseLines > 0 && !d.IsTransaction);
    }

    /// <summary>
    /// The in-code path serves the value models without a store: every Online Retail and CDNOW customer's summary,
    /// built one line at a time, gives the (x, t_x, T, mean) of <see cref="PurchaseHistoryQuery"/>.
    /// </summary>
    [Fact]
    public void ToPurchaseHistory_SummariesBuiltInCode_EqualPurchaseHistoryQuery()
    {
        var builder = new CustomerSummaryBuilder();
        foreach (var line in StoredOrderLines.Read(shop.Store))
        {
            builder.Apply(line);
        }
        var periods = new SummaryPeriods(new DateOnly(2011, 12, 10));

        var histories = builder.Summaries().Select(s => s.ToPurchaseHistory(periods)).OfType<PurchaseHistory>().ToList();

        Rows.AssertSame(PurchaseHistoryQuery.Compute(shop.Store, periods), histories, h => h.CustomerId, "histories");
        Assert.Null(CustomerSummaryBuilderTests.HandWrittenB.ToPurchaseHistory(periods));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Summary("16446")!.ToPurchaseHistory(new SummaryPeriods(new DateOnly(2011, 12, 9))));
    }

    private static OrderLine Line(string order, string customer, string? product, int quantity, decimal amount, DateTime at) =>
        new(order, customer, product, null, quantity, product is null ? null : amount / quantity, amount, at, quantity < 0, "UK");
}
