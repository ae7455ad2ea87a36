using System.Text;
using Clientele.Data.Store;
using Clientele.Pipeline.Live;
using Clientele.Tests;

namespace Clientele.Server.Tests;

/// <summary>
/// Group commit: several requests' batches written in one transaction are answered batch by batch, as if each had been
/// written alone in the order given, and <see cref="LiveStore.WriteEvents"/> answers concurrent posts exactly.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    private static IReadOnlyList<LiveEventItem> Batch(params string[] eventIds) => LiveEventBatch.Read(
        Encoding.UTF8.GetBytes("{\"events\":[" + string.Join(",", eventIds.Select(id =>
            $$"""{"event_id":"{{id}}","type":"purchase","customer_id":"c-{{id}}","timestamp":"2026-01-02T10:00:00Z","order_id":"o-{{id}}","product_id":"p1","quantity":1,"unit_price":2.5}"""))
            + "]}"),
        new DateTime(2026, 1, 3, 0, 0, 0, DateTimeKind.Utc));

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Write_SeveralBatches_EachAnsweredInOrderAndAnIdSeenTwiceIsADuplicateTheSecondTime(string engine)
    {
        using var store = _stores.Open(engine);
        using var writer = new LiveEventWriter(store, TimeProvider.System);

        var answers = writer.Write([Batch("a", "b"), Batch("b", "c"), Batch("a")]);

        Assert.Equal(["accepted", "accepted"], answers[0].Select(r => r.Status));
        Assert.Equal(["duplicate", "accepted"], answers[1].Select(r => r.Status));
        Assert.Equal(["duplicate"], answers[2].Select(r => r.Status));
        Assert.Equal("b", answers[1][0].EventId);
        Assert.Equal(3, store.Scalar<long>("SELECT count(*) FROM received_events"));
        Assert.Equal(3, store.Scalar<long>("SELECT count(*) FROM order_lines"));
        // Sequence numbers come in blocks from the store (unique, not dense): the next write numbers after this group.
        Assert.Equal(3, store.Scalar<long>("SELECT count(DISTINCT sequence) FROM received_events"));
        var last = store.Scalar<long>("SELECT max(sequence) FROM received_events");
        Assert.Equal(["accepted"], writer.Write(Batch("d")).Select(r => r.Status));
        Assert.True(store.Scalar<long>("SELECT sequence FROM received_events WHERE event_id = 'd'") > last);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Write_TwoWritersOnOneStore_NeverTheSameSequenceNumber(string engine)
    {
        // Two silos of a cluster each have a writer on the same store: the numbers come from the store, not from each writer.
        var location = _stores.Location(engine);
        using var first = ClienteleStore.Open(location);
        using var second = ClienteleStore.Open(location);
        using var one = new LiveEventWriter(first, TimeProvider.System);
        using var two = new LiveEventWriter(second, TimeProvider.System);

        for (var n = 0; n < 5; n++)
        {
            Assert.Equal(["accepted"], one.Write(Batch($"one-{n}")).Select(r => r.Status));
            Assert.Equal(["accepted", "accepted"], two.Write(Batch($"two-{n}", $"two-{n}-b")).Select(r => r.Status));
        }

        Assert.Equal(15, first.Scalar<long>("SELECT count(DISTINCT sequence) FROM received_events"));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task WriteEvents_ConcurrentPosts_EveryEventAnsweredOnceAndStoredOnce(string engine)
    {
        var location = _stores.Location(engine);
        using var live = new LiveStore(location, TimeProvider.System);

        // 200 posts of one event each at once, and every tenth repeated: the repeats are duplicates, whichever group they land in.
        var posts = Enumerable.Range(0, 200).Select(n => live.WriteEvents(Batch($"e{n}")))
            .Concat(Enumerable.Range(0, 20).Select(n => live.WriteEvents(Batch($"e{n * 10}"))))
            .ToArray();
        var answers = await Task.WhenAll(posts);

        var statuses = answers.SelectMany(a => a).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(200, statuses["accepted"]);
        Assert.Equal(20, statuses["duplicate"]);
        using var store = ClienteleStore.Open(location);
        Assert.Equal(200, store.Scalar<long>("SELECT count(*) FROM received_events"));
        Assert.Equal(200, store.Scalar<long>("SELECT count(DISTINCT sequence) FROM received_events"));
        Assert.Equal(200, store.Scalar<long>("SELECT count(*) FROM order_lines"));
    }
}
