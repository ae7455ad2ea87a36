namespace Clientele.Tests;

/// <summary>
/// A class or collection fixture's expensive store (a data set ingested, models fitted), made once per engine on first
/// use: a run without PostgreSQL never makes that one, and tests of either engine share their engine's. Making it
/// fails the same way for every test that asks.
/// </summary>
public abstract class PerEngine<T> : IDisposable
    where T : class
{
    private readonly Dictionary<string, Lazy<T>> _made = [];

    /// <summary>Where the stores live: a DuckDB file in <see cref="TestStores.Folder"/> or a PostgreSQL database of their own.</summary>
    protected TestStores Stores { get; } = new();

    public T For(string engine)
    {
        Lazy<T> made;
        lock (_made)
        {
            if (!_made.TryGetValue(engine, out made!))
            {
                made = _made[engine] = new Lazy<T>(() => Make(engine), LazyThreadSafetyMode.ExecutionAndPublication);
            }
        }
        return made.Value;
    }

    /// <summary>Makes the engine's store (and whatever the tests read of it).</summary>
    protected abstract T Make(string engine);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }
        foreach (var made in _made.Values.Where(m => m.IsValueCreated))
        {
            (made.Value as IDisposable)?.Dispose();
        }
        Stores.Dispose();
    }
}
