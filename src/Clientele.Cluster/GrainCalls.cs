using Clientele.Pipeline.Live;

namespace Clientele.Cluster;

/// <summary>
/// How a store's failure crosses a grain call: in the grain, a store error or a full store becomes a
/// <see cref="StoreGrainException"/> the caller's silo can read (<see cref="Answered{T}"/>); at the caller, that and a
/// silo that did not answer become the service's own exceptions, which it answers 503 (<see cref="Reached(Task)"/>).
/// </summary>
internal static class GrainCalls
{
    /// <summary>In a grain: <paramref name="work"/> on the silo's store, with its failures as <see cref="StoreGrainException"/>.</summary>
    public static async Task<T> Answered<T>(Task<T> work)
    {
        try
        {
            return await work.ConfigureAwait(true);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new StoreGrainException(e.Message, busy: false);
        }
        catch (StoreBusyException e)
        {
            throw new StoreGrainException(e.Message, busy: true);
        }
    }

    /// <summary>
    /// At the caller: a silo that did not answer (lost, or not yet declared lost) as the service says a store that did
    /// not answer: 503, send it again. Events of a request not answered may have been written; sent again they are duplicates.
    /// </summary>
    public static async Task Reached(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (StoreGrainException e) when (e.Busy)
        {
            throw new StoreBusyException();
        }
        catch (StoreGrainException e)
        {
            throw new LiveStoreException(e.Message);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or Orleans.Serialization.SerializerException)
        {
            throw new LiveStoreException(
                $"a silo of the cluster did not answer ({e.GetType().Name})",
                "A node of the cluster did not answer; part of this request may have been stored. Send it again: events already stored are answered as duplicates.");
        }
    }

    /// <inheritdoc cref="Reached(Task)"/>
    public static async Task<T> Reached<T>(Task<T> call)
    {
        await Reached((Task)call).ConfigureAwait(false);
        return await call.ConfigureAwait(false);
    }
}
