namespace Clientele.Pipeline.Live;

/// <summary>
/// One customer's rows as a profile and a recommendation read them (summary, features, purchases, behaviour columns,
/// reviews' sentiment, campaign arms), kept between reads by the customer's grain on a cluster, so that a read that
/// follows no write asks the store nothing about the customer. What may change them: the customer's own events and
/// erasure (the grain, their one writer, calls <see cref="Forget"/>), and the batch commands' writes to the shared store
/// (ingests, campaign plans), which move the store's <see cref="LiveDataStamp"/>; rows read at another stamp or for
/// another day are read again. A row that depends on other customers' rows (the behaviour columns of a customer
/// without events count days from anyone's first event) is not kept. Not thread-safe: a grain reads one call at a time.
/// </summary>
public sealed class LiveCustomerRows
{
    private readonly Dictionary<string, object?> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> _dated = new(StringComparer.Ordinal);
    private DateOnly _day;
    private long _stamp = -1;

    /// <summary>Forgets every row (the customer's own write changed them).</summary>
    public void Forget()
    {
        _rows.Clear();
        _dated.Clear();
    }

    /// <summary>Keeps the rows only while the store's data stamp is <paramref name="stamp"/>.</summary>
    public void At(long stamp)
    {
        if (stamp != _stamp)
        {
            Forget();
            _stamp = stamp;
        }
    }

    /// <summary>The row <paramref name="name"/> as kept, or read now and kept when <paramref name="keep"/> (default: always) says so.</summary>
    internal T Get<T>(string name, Func<T> read, Func<T, bool>? keep = null) => Get(_rows, name, read, keep);

    /// <summary>As the undated <c>Get</c> for a row read as of <paramref name="day"/>: rows of another day are forgotten.</summary>
    internal T Get<T>(string name, DateOnly day, Func<T> read, Func<T, bool>? keep = null)
    {
        if (day != _day)
        {
            _dated.Clear();
            _day = day;
        }
        return Get(_dated, name, read, keep);
    }

    private static T Get<T>(Dictionary<string, object?> rows, string name, Func<T> read, Func<T, bool>? keep)
    {
        if (rows.TryGetValue(name, out var kept))
        {
            return (T)kept!;
        }
        var row = read();
        if (keep?.Invoke(row) ?? true)
        {
            rows[name] = row;
        }
        return row;
    }
}

/// <summary>Reads through a customer's kept rows when there are any (a grain's), else from the store every time (one process).</summary>
internal static class KeptRows
{
    public static T Read<T>(LiveCustomerRows? rows, string name, Func<T> read, Func<T, bool>? keep = null) =>
        rows is null ? read() : rows.Get(name, read, keep);

    public static T Read<T>(LiveCustomerRows? rows, string name, DateOnly day, Func<T> read, Func<T, bool>? keep = null) =>
        rows is null ? read() : rows.Get(name, day, read, keep);
}
