namespace Clientele.Cluster;

/// <summary>
/// What a grain on the store (a customer's, a product's) could not do, in a form that crosses silos (a driver's or
/// Pipeline's exception does not): the store failed under it, or its silo's store was at capacity. The API's node turns
/// it back into the service's own answer (503, with Retry-After; <see cref="GrainCalls"/>).
/// </summary>
[GenerateSerializer]
public sealed class StoreGrainException : Exception
{
    public StoreGrainException(string message, bool busy)
        : base(message)
    {
        Busy = busy;
    }

    /// <summary>Gets whether the silo's store was at capacity (else it failed).</summary>
    [Id(0)]
    public bool Busy { get; init; }
}
