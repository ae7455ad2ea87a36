namespace Clientele.Segmentation;

/// <summary>
/// One way of iterating k-means from a seeding to convergence (Lloyd today; Hamerly, Elkan or mini-batch can be
/// added as further implementations). An implementation leaves the final centroids in the array it was given and the
/// labels consistent with them in <see cref="KMeansWorkspace.Labels"/>.
/// </summary>
internal interface IKMeansRefiner
{
    /// <param name="workspace">Buffers of the current fit; the data is <see cref="KMeansWorkspace.Data"/>.</param>
    /// <param name="centroids">The seeded centroids (row-major, k × d) on entry, the final ones on return.</param>
    /// <param name="maximumIterations">Upper bound on the number of update steps.</param>
    /// <param name="absoluteTolerance">Stop once the summed squared centroid shift of an iteration is at most this.</param>
    KMeansRunResult Refine(KMeansWorkspace workspace, double[] centroids, int maximumIterations, double absoluteTolerance);
}
