namespace Clientele.Cluster.Registry;

/// <summary>
/// A silo's side of a move of the models (a grain observer each silo subscribes to the registry): it loads the new set
/// beside the current one, then switches when every silo has loaded it.
/// </summary>
public interface IModelSetParticipant : IGrainObserver
{
    /// <summary>Loads <paramref name="models"/> beside the current set; answers whether it did (false: the store failed or was full).</summary>
    Task<bool> Prepare(ModelSet models);

    /// <summary>
    /// Switches to the set prepared for <paramref name="generation"/>; without one (not prepared in time) drops the
    /// current set, so that the silo's next read loads the store's current set itself.
    /// </summary>
    Task Commit(long generation);
}
