using Microsoft.Extensions.DependencyInjection;

namespace Clientele.Cluster.Registry;

/// <summary>The model registry on a silo: its participant, which subscribes once the silo is active.</summary>
public static class ModelRegistryHosting
{
    /// <summary>Makes the silo take part in the registry's moves (the silo's services must hold the node's <see cref="Pipeline.Live.LiveStore"/>).</summary>
    public static ISiloBuilder AddClienteleModelRegistry(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton<ModelSetParticipant>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<ModelSetParticipant>());
        return silo;
    }
}
