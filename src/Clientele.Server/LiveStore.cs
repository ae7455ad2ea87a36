using Clientele.Data.Store;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary>
/// The store as the service holds it: one connection, one event writer and the current models, used by one request at a
/// time. One writer makes "one writer per customer" hold trivially (1,000 concurrent events for one customer count
/// 1,000), and a batch is one transaction (group commit). Opened before the service answers, so <c>/health</c> is 200
/// only when the store is ready.
/// </summary>
public sealed class LiveStore : IDisposable
{
    /// <summary>
    /// Requests that may wait for the store at once; one more is answered 503 at once (with Retry-After) instead of
    /// joining a queue without bound, so that past capacity the service says so fast.
    /// </summary>
    public const int MaxWaiting = 256;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _waiting;
    private readonly ClienteleStore _store;
    private readonly LiveEventWriter _writer;
    private readonly LiveModelCache _models = new();

    public LiveStore(string location, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        Time = time ?? throw new ArgumentNullException(nameof(time));
        _store = ClienteleStore.Open(location);
        _writer = new LiveEventWriter(_store, time);
    }

    /// <summary>Gets the service's clock (the moment a profile is evaluated at).</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets where the store is, as shown to a person (no password).</summary>
    public string DisplayName => _store.Path;

    /// <summary>Runs <paramref name="work"/> with the store to itself.</summary>
    public async Task<T> Run<T>(Func<ClienteleStore, LiveEventWriter, LiveModelCache, T> work, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Interlocked.Increment(ref _waiting) > MaxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            throw new StoreBusyException();
        }
        try
        {
            await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        try
        {
            return work(_store, _writer, _models);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _store.Dispose();
        _gate.Dispose();
    }
}

/// <summary>More requests wait for the store than <see cref="LiveStore.MaxWaiting"/>: answered 503 with Retry-After.</summary>
public sealed class StoreBusyException() : Exception("The service is at capacity.");
