namespace Clientele.Segmentation;

/// <summary>Receives the points a <see cref="SpatialIndex"/> query finds; a struct, so that queries do not allocate.</summary>
internal interface INeighbourVisitor
{
    /// <summary>Called with the original row index of a point within the radius; return false to stop the query.</summary>
    bool Visit(int index);
}
