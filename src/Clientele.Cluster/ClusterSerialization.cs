using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Clientele.Cluster;

/// <summary>
/// How grain calls carry Pipeline's live types (events, results, profiles): as JSON, so that Pipeline stays free of
/// Orleans' attributes. The cluster's own messages (Clientele.Cluster) use Orleans' generated serializers.
/// </summary>
public static class ClusterSerialization
{
    public static IServiceCollection AddClienteleSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("Clientele.Pipeline.Live", StringComparison.Ordinal) == true && !typeof(Exception).IsAssignableFrom(type)));
}
