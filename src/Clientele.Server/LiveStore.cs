using System.Collections.Concurrent;
using Clientele.Data.Store;
using Clientele.Pipeline.Live;

namespace Clientele.Server;

/// <summary>
/// The store as the service holds it: one writer connection with the event writer, used by one request at a time, and
/// a few reader connections for profiles, recommendations and keys, which share the current models. One writer makes
/// "one writer per customer" hold trivially (1,000 concurrent events for one customer count 1,000), and a batch is one
/// transaction (group commit); readers see what was committed. Opened before the service answers, so <c>/health</c> is
/// 200 only when the store is ready.
/// </summary>
public sealed class LiveStore : IDisposable
{
    /// <summary>
    /// Requests that may wait for the store at once; one more is answered 503 at once (with Retry-After) instead of
    /// joining a queue without bound, so that past capacity the service says so fast.
    /// </summary>
    public const int MaxWaiting = 256;

    /// <summary>The reader connections: one per core, at least two.</summary>
    public static readonly int Readers = Math.Max(2, Environment.ProcessorCount);

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _readGate = new(Readers, Readers);
    private readonly ConcurrentBag<ClienteleStore> _readers = [];
    private readonly List<ClienteleStore> _allReaders = [];
    private readonly ClienteleStore _store;
    private readonly LiveEventWriter _writer;
    private readonly LiveModelCache _models = new();
    private int _waiting;

    public LiveStore(string location, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        Location = location;
        Time = time ?? throw new ArgumentNullException(nameof(time));
        _store = ClienteleStore.Open(location);
        _writer = new LiveEventWriter(_store, time);
        for (var n = 0; n < Readers; n++)
        {
            var reader = ClienteleStore.Open(location);
            _allReaders.Add(reader);
            _readers.Add(reader);
        }
    }

    /// <summary>Gets the store's location as given (a connection string may hold a password: never shown).</summary>
    internal string Location { get; }

    /// <summary>Gets the service's clock (the moment a profile is evaluated at).</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets where the store is, as shown to a person (no password).</summary>
    public string DisplayName => _store.Path;

    /// <summary>Makes the next read load the models again (an erasure rewrote the recommenders without a customer).</summary>
    public void ReloadModels() => _models.Invalidate();

    /// <summary>Runs <paramref name="work"/> on the writer connection, with the store's writes to itself.</summary>
    public async Task<T> Write<T>(Func<ClienteleStore, LiveEventWriter, T> work, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(work);
        await Enter(_writeGate, cancellation).ConfigureAwait(false);
        try
        {
            return work(_store, _writer);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a reader connection of its own, with the current models.</summary>
    public async Task<T> Read<T>(Func<ClienteleStore, LiveModelCache, T> work, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(work);
        await Enter(_readGate, cancellation).ConfigureAwait(false);
        _readers.TryTake(out var reader);
        try
        {
            return work(reader!, _models);
        }
        finally
        {
            _readers.Add(reader!);
            _readGate.Release();
        }
    }

    private async Task Enter(SemaphoreSlim gate, CancellationToken cancellation)
    {
        if (Interlocked.Increment(ref _waiting) > MaxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            throw new StoreBusyException();
        }
        try
        {
            await gate.WaitAsync(cancellation).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _store.Dispose();
        foreach (var reader in _allReaders)
        {
            reader.Dispose();
        }
        _writeGate.Dispose();
        _readGate.Dispose();
    }
}

/// <summary>More requests wait for the store than <see cref="LiveStore.MaxWaiting"/>: answered 503 with Retry-After.</summary>
public sealed class StoreBusyException() : Exception("The service is at capacity.");
