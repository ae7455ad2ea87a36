using Clientele.Data.Store;

namespace Clientele.Pipeline;

/// <summary>A job's work on a connection of its own to the store, beside the job's connection, and the wait for it.</summary>
internal static class SideConnection
{
    /// <summary><paramref name="work"/> on the thread pool, on a connection of its own to the store at <paramref name="storePath"/>.</summary>
    public static Task<T> Run<T>(string storePath, Func<ClienteleStore, T> work) => Task.Run(() =>
    {
        using var side = ClienteleStore.OpenExisting(storePath);
        return work(side);
    });

    /// <summary>
    /// Waits for each task to end without throwing its error: a job leaves nothing running against its store, whatever
    /// happened, and the error it reports is its own (the tasks' come out where their results are taken).
    /// </summary>
    public static void Settle(params Task?[] tasks)
    {
        foreach (var task in tasks)
        {
            ((IAsyncResult?)task)?.AsyncWaitHandle.WaitOne();
        }
    }
}
