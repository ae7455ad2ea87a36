namespace Clientele.Segmentation;

/// <summary>One merge of a dendrogram, in SciPy's linkage-matrix convention.</summary>
/// <param name="Left">The smaller id of the two merged clusters: ids below the number of leaves are rows, id n + s is the cluster made by merge s.</param>
/// <param name="Right">The larger id of the two merged clusters.</param>
/// <param name="Height">The linkage distance between the two clusters.</param>
/// <param name="Size">The number of rows in the merged cluster.</param>
public readonly record struct DendrogramMerge(int Left, int Right, double Height, int Size);
