using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Tests;

namespace Clientele.Data.Tests;

/// <summary>The model registry: versions numbered across kinds, one current per kind, switching back and forth, artifacts kept byte for byte.</summary>
public sealed class ModelRegistryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestStores _stores = new();
    private readonly TimeProvider _time = new FixedTime(new DateTimeOffset(2026, 12, 6, 9, 30, 0, TimeSpan.Zero));

    public void Dispose()
    {
        _stores.Dispose();
        _folder.Dispose();
    }

    private static NewModelVersion Fit(string kind, string parameters, DateOnly? asOf = null) =>
        new(kind, asOf, "{}", parameters, "{}", "{}") { Artifacts = new Dictionary<string, ModelArtifact> { ["model.bin"] = new byte[] { 1, 2, 3, 0, 255 } } };

    private static long AddCurrent(ClienteleStore store, NewModelVersion model, TimeProvider time)
    {
        using var transaction = store.BeginTransaction();
        var version = ModelRegistry.Add(store, model, time);
        ModelRegistry.MakeCurrent(store, version);
        transaction.Commit();
        return version;
    }

    [Fact]
    public void AddAndMakeCurrent_TwoKinds_VersionsNumberedAcrossKindsOneCurrentEach()
    {
        using var store = ClienteleStore.Open(_folder.File("shop.duckdb"));

        var first = AddCurrent(store, Fit("segmentation", "{\"k\":4}", new DateOnly(2011, 12, 10)), _time);
        var value = AddCurrent(store, Fit("value", "{}"), _time);
        var second = AddCurrent(store, Fit("segmentation", "{\"k\":5}", new DateOnly(2011, 12, 10)), _time);

        Assert.Equal((1L, 2L, 3L), (first, value, second));
        Assert.Equal([3L, 2L, 1L], ModelRegistry.List(store).Select(v => v.Version));
        Assert.Equal([3L, 1L], ModelRegistry.List(store, "segmentation").Select(v => v.Version));
        var current = ModelRegistry.Current(store, "segmentation")!;
        Assert.Equal((3L, "{\"k\":5}", new DateOnly(2011, 12, 10), new DateTime(2026, 12, 6, 9, 30, 0)), (current.Version, current.Parameters, current.AsOf!.Value, current.FittedAt));
        Assert.True(ModelRegistry.Current(store, "value")!.IsCurrent);

        ModelRegistry.MakeCurrent(store, first);
        Assert.Equal(1L, ModelRegistry.Current(store, "segmentation")!.Version);
        Assert.Equal(2L, ModelRegistry.Current(store, "value")!.Version); // another kind is left alone
        Assert.Single(ModelRegistry.List(store, "segmentation"), v => v.IsCurrent);
        Assert.Equal(new byte[] { 1, 2, 3, 0, 255 }, ModelRegistry.Artifact(store, first, "model.bin"));
        Assert.Null(ModelRegistry.Artifact(store, first, "other"));
    }

    [Fact]
    public void Add_WithoutMakeCurrent_IsListedButNotCurrent_AndARolledBackFitLeavesNoTrace()
    {
        using var store = ClienteleStore.Open(_folder.File("shop.duckdb"));
        var kept = AddCurrent(store, Fit("recommender", "{}"), _time);

        var pending = ModelRegistry.Add(store, Fit("recommender", "{\"new\":true}"), _time);
        Assert.Equal(kept, ModelRegistry.Current(store, "recommender")!.Version);
        Assert.False(ModelRegistry.List(store).Single(v => v.Version == pending).IsCurrent);

        using (store.BeginTransaction())
        {
            var abandoned = ModelRegistry.Add(store, Fit("recommender", "{}"), _time);
            ModelRegistry.MakeCurrent(store, abandoned);
            // disposed without Commit: a fit that failed half-way
        }
        Assert.Equal(kept, ModelRegistry.Current(store, "recommender")!.Version);
        Assert.Equal(2, ModelRegistry.List(store).Count);
    }

    [Fact]
    public void GetAndRequire_Missing_OneLineErrorsThatSayWhatToRun()
    {
        using var store = ClienteleStore.Open(_folder.File("shop.duckdb"));

        Assert.Contains("no model version 9", Assert.Throws<ClienteleException>(() => ModelRegistry.Get(store, 9)).Message, StringComparison.Ordinal);
        Assert.Contains("make one with clientele segment", Assert.Throws<ClienteleException>(() => ModelRegistry.Require(store, "segmentation", "segment")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Artifact_WrittenInParts_ReadBackWholeAndAsAStream(string engine)
    {
        using var store = _stores.Open(engine);
        var bytes = Enumerable.Range(0, 23).Select(n => (byte)(n * 11)).ToArray();
        var version = AddCurrent(store, Fit("recommender", "{}"), _time);

        // Parts of 5 bytes: 23 bytes are parts 0 to 4, the last of 3 bytes (the store's own parts are 64 MiB).
        using (var parts = new ArtifactPartWriter(store, version, "factors", partBytes: 5))
        {
            parts.Write(bytes.AsSpan(0, 7));
            parts.Write(bytes.AsSpan(7));
        }
        using (new ArtifactPartWriter(store, version, "empty", partBytes: 5))
        {
        }

        Assert.Equal(5L, store.Scalar<long>("SELECT count(*) FROM model_artifact_parts WHERE version = $v AND name = 'factors'", ("v", version)));
        Assert.Equal(bytes, ModelRegistry.Artifact(store, version, "factors"));
        Assert.Equal([], ModelRegistry.Artifact(store, version, "empty")!);
        using var stream = ModelRegistry.OpenArtifact(store, version, "factors")!;
        Assert.Equal(23, stream.Length);
        var read = new byte[30];
        var first = stream.Read(read, 0, 4);
        var rest = stream.ReadAtLeast(read.AsSpan(first), 19, throwOnEndOfStream: true);
        Assert.Equal(bytes, read[..(first + rest)]);
        Assert.Equal(0, stream.Read(read));
    }
}

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
