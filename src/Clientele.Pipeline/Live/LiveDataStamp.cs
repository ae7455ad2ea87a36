using Clientele.Data.Store;

namespace Clientele.Pipeline.Live;

/// <summary>
/// What the batch commands have written to the shared store, as one number that moves when they write: the ingested
/// files (an ingest adds one, an undo removes one) and the planned campaigns (a plan replaces its campaign's row with a
/// new time). A grain's kept rows (<see cref="LiveCustomerRows"/>) are kept only while it stands still. Asked of the store
/// at most once per <see cref="LiveModelCache.CheckEvery"/> per process, as the model versions are, so a batch write
/// reaches a kept profile within a second.
/// </summary>
public sealed class LiveDataStamp(TimeProvider time)
{
    private readonly Lock _checking = new();
    private (long Files, long LastFile, long Campaigns, long LastPlan)? _state;
    private long _stamp;
    private long _checkedAt;

    /// <summary>The stamp now, from 1 (the store is asked again when its last answer is a second old); it grows each time the state read differs.</summary>
    public long Current(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        lock (_checking)
        {
            var now = time.GetTimestamp();
            if (_state is not null && time.GetElapsedTime(_checkedAt, now) < LiveModelCache.CheckEvery)
            {
                return _stamp;
            }
            using var command = store.Command("""
                SELECT (SELECT count(*) FROM source_files), (SELECT CAST(coalesce(max(file_id), 0) AS BIGINT) FROM source_files),
                       (SELECT count(*) FROM campaigns), (SELECT max(planned_at) FROM campaigns)
                """);
            using var reader = command.ExecuteReader();
            reader.Read();
            var state = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? 0 : reader.GetDateTime(3).Ticks);
            if (_state != state)
            {
                _state = state;
                _stamp++;
            }
            _checkedAt = now;
            return _stamp;
        }
    }
}
