namespace Clientele.Segmentation;

/// <summary>Finds the lowest label among the core points a query visits (−1 when it visits none).</summary>
internal struct LowestCoreLabel(bool[]? core, int[] labels) : INeighbourVisitor
{
    public int Label { get; private set; } = -1;

    public bool Visit(int index)
    {
        if (core is null || core[index])
        {
            var label = labels[index];
            if (Label < 0 || label < Label)
            {
                Label = label;
            }
        }
        return true;
    }
}
