using System.Collections.Concurrent;
using System.Threading.Channels;
using Clientele.Data.Store;

namespace Clientele.Pipeline.Live;

/// <summary>
/// The store as the service holds it: one writer connection with the event writer, used by one request at a time, and
/// a few reader connections for profiles, recommendations and keys, which share the current models. One writer makes
/// "one writer per customer" hold trivially (1,000 concurrent events for one customer count 1,000). Event batches are
/// group-committed: every batch that arrives while the writer is busy joins the next transaction, so a stream of small
/// posts costs one commit per group, not per post; each is answered when its group is committed. Readers see what was
/// committed. Opened before the service answers, so <c>/health</c> is 200 only when the store is ready.
/// </summary>
public sealed class LiveStore : IDisposable
{
    /// <summary>
    /// Requests that may wait for the store at once; one more is answered 503 at once (with Retry-After) instead of
    /// joining a queue without bound, so that past capacity the service says so fast.
    /// </summary>
    public const int MaxWaiting = 256;

    /// <summary>
    /// The most events one group commit takes (a group is at least one batch, whatever its size): bounds how long the
    /// requests of a group wait for the last of them.
    /// </summary>
    public const int MaxGroupEvents = 2_000;

    /// <summary>
    /// How many statements PostgreSQL keeps prepared per service connection: a profile read or an event runs the same
    /// few statements again and again, and preparing them saves the server parsing and planning each time.
    /// </summary>
    private const int PreparedStatements = 64;

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _readGate;

    private readonly ConcurrentBag<ClienteleStore> _readers = [];
    private readonly List<ClienteleStore> _allReaders = [];
    private readonly ClienteleStore _store;
    private readonly LiveEventWriter _writer;
    private readonly LiveModelCache _models;
    private readonly Channel<PendingBatch> _events = Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _committing;
    private int _waiting;

    public LiveStore(string location, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        Location = location;
        Time = time ?? throw new ArgumentNullException(nameof(time));
        _models = new LiveModelCache(time);
        Data = new LiveDataStamp(time);
        var parsed = StoreLocation.Parse(location);
        var connection = parsed.Kind == StoreKind.PostgreSql ? $"{parsed.Connection};Max Auto Prepare={PreparedStatements}" : location;
        _store = ClienteleStore.Open(connection);
        Readers = ReadersFor(parsed.Kind);
        _readGate = new SemaphoreSlim(Readers, Readers);
        _writer = new LiveEventWriter(_store, time);
        for (var n = 0; n < Readers; n++)
        {
            var reader = ClienteleStore.Open(connection);
            _allReaders.Add(reader);
            _readers.Add(reader);
        }
        // A read holds its thread while it waits for the store (the store's calls are synchronous): without enough
        // threads at hand, a burst waits for the thread pool to add threads, about one a second, not for the store.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Readers + 2 * Environment.ProcessorCount + 2), io);
        _committing = Task.Run(CommitEvents);
    }

    /// <summary>
    /// The reader connections. DuckDB runs a read on the caller's thread: one per core, at least two. A PostgreSQL read
    /// spends most of its time waiting on round trips to the server, which itself needs the cores: four per core, at least eight.
    /// </summary>
    public int Readers { get; }

    private static int ReadersFor(StoreKind kind) =>
        kind == StoreKind.PostgreSql ? Math.Max(8, 4 * Environment.ProcessorCount) : Math.Max(2, Environment.ProcessorCount);

    /// <summary>Gets the store's location as given (a connection string may hold a password: never shown).</summary>
    public string Location { get; }

    /// <summary>Gets the service's clock (the moment a profile is evaluated at).</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets where the store is, as shown to a person (no password).</summary>
    public string DisplayName => _store.Path;

    /// <summary>Makes the next read load the models again (an erasure rewrote the recommenders without a customer).</summary>
    public void ReloadModels() => _models.Invalidate();

    /// <summary>Gets the models the reads apply: on a cluster, the model registry prepares and commits new sets here.</summary>
    public LiveModelCache Models => _models;

    /// <summary>Gets what the batch commands have written to the store, for the rows a customer's grain keeps (<see cref="LiveCustomerRows"/>).</summary>
    public LiveDataStamp Data { get; }

    /// <summary>
    /// Writes an event batch in the next group commit and answers its items in the order given, once the group is
    /// committed (durable). 503 (<see cref="StoreBusyException"/>) when more than <see cref="MaxWaiting"/> requests wait.
    /// </summary>
    public async Task<IReadOnlyList<LiveEventResult>> WriteEvents(IReadOnlyList<LiveEventItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Admit();
        try
        {
            // Not cancelled with the request: once queued, the batch is written, and a client that went away and sends
            // it again is answered "duplicate" for each event.
            var pending = new PendingBatch(items, new TaskCompletionSource<IReadOnlyList<LiveEventResult>>(TaskCreationOptions.RunContinuationsAsynchronously));
            ObjectDisposedException.ThrowIf(!_events.Writer.TryWrite(pending), this);
            return await pending.Done.Task.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private async Task CommitEvents()
    {
        var queue = _events.Reader;
        var group = new List<PendingBatch>();
        while (await queue.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var events = 0;
            while (events < MaxGroupEvents && queue.TryRead(out var next))
            {
                group.Add(next);
                events += next.Items.Count;
            }
            await _writeGate.WaitAsync().ConfigureAwait(false);
            try
            {
                var answers = _writer.Write([.. group.Select(g => g.Items)]);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.SetResult(answers[i]);
                }
            }
#pragma warning disable CA1031 // Every request of the group gets the failure (a store error answers 503); the loop goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(e);
                }
            }
            finally
            {
                _writeGate.Release();
            }
        }
    }

    /// <summary>
    /// Erases the customer on the writer connection, between two group commits (so after every event of it already
    /// queued here). The erasure rewrote the recommenders without the customer: the caller moves the models on
    /// (<see cref="ILiveCustomers.ModelsChanged"/>: this process's, or every silo's together).
    /// </summary>
    public Task<ErasureResult?> Erase(string customerId, CancellationToken cancellation) =>
        Write(s => LiveErasure.Erase(s, customerId, Time), cancellation);

    /// <summary>Runs <paramref name="work"/> on the writer connection, between two group commits.</summary>
    public async Task<T> Write<T>(Func<ClienteleStore, T> work, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(work);
        await Enter(_writeGate, cancellation).ConfigureAwait(false);
        try
        {
            return work(_store);
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

    /// <summary>Counts a request as waiting for the store, or refuses it (503) when <see cref="MaxWaiting"/> already wait; the caller decrements <c>_waiting</c> when it stops waiting.</summary>
    private void Admit()
    {
        if (Interlocked.Increment(ref _waiting) > MaxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            throw new StoreBusyException();
        }
    }

    private async Task Enter(SemaphoreSlim gate, CancellationToken cancellation)
    {
        Admit();
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
        _events.Writer.TryComplete();
        _committing.Wait();
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

/// <summary>One request's event batch waiting for its group commit.</summary>
internal sealed record PendingBatch(IReadOnlyList<LiveEventItem> Items, TaskCompletionSource<IReadOnlyList<LiveEventResult>> Done);

/// <summary>
/// The store failed under a request somewhere the exception cannot travel as it is (a grain on another silo), or a
/// silo did not answer:
/// answered 503 (try again), as a store error in the service's own process is. The message is the store's.
/// </summary>
public sealed class LiveStoreException(string message, string? detail = null) : Exception(message)
{
    /// <summary>What a 503 tells the client when nothing of its request is known to have been stored.</summary>
    public const string NothingStored = "Nothing of this request was stored; send it again.";

    /// <summary>Gets what the client is told of its request's fate (the 503's detail).</summary>
    public string Detail { get; } = detail ?? NothingStored;
}

/// <summary>More requests wait for the store than <see cref="LiveStore.MaxWaiting"/>: answered 503 with Retry-After.</summary>
public sealed class StoreBusyException() : Exception("The service is at capacity.");
