using System.Numerics.Tensors;

namespace Clientele.Segmentation;

/// <summary>
/// Lloyd's algorithm with scikit-learn's stopping rule (<c>_kmeans_single_lloyd</c>): stop when no label changed
/// ("strict convergence") or when the summed squared centroid shift is at most the tolerance; then, unless strictly
/// converged, assign once more so that the labels match the final centroids. Empty clusters are re-seeded, as
/// scikit-learn does, with the points farthest from their centroid.
/// </summary>
internal sealed class KMeansLloyd : IKMeansRefiner
{
    internal static readonly KMeansLloyd Instance = new();

    public KMeansRunResult Refine(KMeansWorkspace workspace, double[] centroids, int maximumIterations, double absoluteTolerance)
    {
        Array.Fill(workspace.Labels, -1);

        var current = centroids;
        var next = workspace.NextCentroids;
        var strictlyConverged = false;
        var relocatedBefore = false;
        var iterations = 0;
        while (iterations < maximumIterations)
        {
            var changed = AssignAndAccumulate(workspace, current);
            var relocated = RelocateEmptyClusters(workspace, current);

            var shift = UpdateCentroids(workspace, current, next);
            (current, next) = (next, current);
            iterations++;

            // Unchanged labels mean the new centroids are bit-for-bit the ones just used to assign, unless a
            // relocation edited the sums in this or the previous iteration.
            if (changed == 0 && !relocated && !relocatedBefore)
            {
                strictlyConverged = true;
                break;
            }
            if (shift <= absoluteTolerance)
            {
                break;
            }
            relocatedBefore = relocated;
        }

        if (!strictlyConverged)
        {
            AssignAndAccumulate(workspace, current);
        }
        var inertia = ExactInertia(workspace, current);

        if (!ReferenceEquals(current, centroids))
        {
            current.CopyTo(centroids, 0);
        }
        return new KMeansRunResult(inertia, iterations);
    }

    /// <summary>
    /// Writes the mean of each cluster's rows (from <see cref="KMeansWorkspace.Sums"/> and
    /// <see cref="KMeansWorkspace.Counts"/>) into <paramref name="next"/>, keeping an empty cluster's centroid where it
    /// was, and returns the summed squared shift from <paramref name="current"/>.
    /// </summary>
    internal static double UpdateCentroids(KMeansWorkspace workspace, double[] current, double[] next)
    {
        var dimensions = workspace.Dimensions;
        var shift = 0.0;
        for (var c = 0; c < workspace.NumberOfClusters; c++)
        {
            var target = next.AsSpan(c * dimensions, dimensions);
            var previous = current.AsSpan(c * dimensions, dimensions);
            if (workspace.Counts[c] > 0)
            {
                TensorPrimitives.Divide(workspace.Sums.AsSpan(c * dimensions, dimensions), workspace.Counts[c], target);
            }
            else
            {
                // Only reachable with fewer distinct rows than clusters: keep the centroid where it was.
                previous.CopyTo(target);
            }
            shift += KMeansDistance.Squared(target, previous);
        }
        return shift;
    }

    /// <summary>
    /// Assigns each row to its nearest centroid and accumulates per-block cluster sums, counts and changed labels; then
    /// adds the blocks up in block order into <see cref="KMeansWorkspace.Sums"/> and <see cref="KMeansWorkspace.Counts"/>.
    /// Returns the number of labels that changed.
    /// </summary>
    /// <remarks>
    /// The nearest centroid is found in single precision (<see cref="DistanceTile.FindNearestFiltered"/>) wherever the
    /// gap between the nearest and the second-nearest centroid is wider than single precision's error can be, and in
    /// double otherwise, so the labels are exactly those of comparing double distances. The error bound, for
    /// u = 2⁻²⁴, d features, a row x and a centroid c, on the single-precision distance √s̃ against the exact one:
    /// |√s̃ − ‖x − c‖| ≤ 1.01 (d + 1) u √s̃ + 2.02 u (‖x‖ + ‖c‖) — the first term from rounding the squares and their
    /// sum, the second from rounding x and c to single precision (each coordinate moves by at most u times its size).
    /// The slacks are four times the bound on the difference of two such distances, with the largest row and centroid
    /// norms standing for ‖x‖ and ‖c‖.
    /// </remarks>
    internal static long AssignAndAccumulate(KMeansWorkspace workspace, double[] centroids)
    {
        var data = workspace.Data;
        var k = workspace.NumberOfClusters;
        var dimensions = workspace.Dimensions;
        var labels = workspace.Labels;
        var single = workspace.SingleCentroids;
        var largestCentroidNorm = 0.0;
        for (var c = 0; c < k; c++)
        {
            var centroid = centroids.AsSpan(c * dimensions, dimensions);
            largestCentroidNorm = Math.Max(largestCentroidNorm, TensorPrimitives.Norm<double>(centroid));
            for (var j = 0; j < dimensions; j++)
            {
                single[(c * dimensions) + j] = (float)centroid[j];
            }
        }
        const double unitRoundoff = 1.0 / (1 << 24);
        var relativeSlack = (float)(4 * 2 * 1.01 * (dimensions + 1) * unitRoundoff);
        var absoluteSlack = (float)(4 * 2 * 2.02 * unitRoundoff * (workspace.LargestRowNorm + largestCentroidNorm));

        workspace.ForEachBlock((block, tile) =>
        {
            var sums = workspace.BlockSums[block].AsSpan();
            var counts = workspace.BlockCounts[block];
            sums.Clear();
            Array.Clear(counts);
            var changed = 0L;
            var end = workspace.BlockEnd(block);
            for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
            {
                var count = Math.Min(DistanceTile.Size, end - start);
                workspace.LoadTile(tile, start, count);
                var undecided = k != 1 && tile.FindNearestFiltered(single, k, relativeSlack, absoluteSlack);
                var values = workspace.Tile(start);
                // Unchecked: every index is below an array length the loop bounds already fix, and the per-row checks
                // would cost as much as the sums.
                unchecked
                {
                    for (var r = 0; r < count; r++)
                    {
                        var i = start + r;
                        var label = k == 1 ? 0
                            : undecided && tile.Undecided[r] != 0 ? KMeansDistance.Nearest(data.Row(i), centroids, k, out _)
                            : tile.NearestCentre[r];
                        if (labels[i] != label)
                        {
                            labels[i] = label;
                            changed++;
                        }
                        // A plain loop: for a handful of features it beats a vector call per row several times over.
                        // The row is read from the tile, which the distance kernel has just brought into the cache.
                        var offset = label * dimensions;
                        for (var j = 0; j < dimensions; j++)
                        {
                            sums[offset + j] += values[(j * DistanceTile.Size) + r];
                        }
                        counts[label]++;
                    }
                }
            }
            workspace.BlockChanged[block] = changed;
        });

        return workspace.ReduceBlocks();
    }

    /// <summary>The inertia of the labels and centroids, summed rows in order within a block, then blocks in order.</summary>
    internal static double ExactInertia(KMeansWorkspace workspace, double[] centroids)
    {
        AssignedDistances(workspace, centroids);
        return SumInOrder(workspace.BlockInertia);
    }

    /// <summary>
    /// When a cluster is empty (rare: fewer distinct rows near it than anywhere else), computes every row's exact squared
    /// distance to its centroid and re-seeds the empty clusters (<see cref="RelocateEmptyClusters(KMeansWorkspace)"/>).
    /// Returns whether any cluster was empty; moved rows are marked with a negative distance.
    /// </summary>
    internal static bool RelocateEmptyClusters(KMeansWorkspace workspace, double[] centroids)
    {
        if (!workspace.Counts.Contains(0))
        {
            return false;
        }
        AssignedDistances(workspace, centroids);
        return RelocateEmptyClusters(workspace);
    }

    /// <summary>
    /// Every row's exact squared distance to its labelled centroid into <see cref="KMeansWorkspace.Distances"/>, and
    /// their per-block sums, rows in order, into <see cref="KMeansWorkspace.BlockInertia"/>.
    /// </summary>
    private static void AssignedDistances(KMeansWorkspace workspace, double[] centroids)
    {
        var data = workspace.Data;
        var dimensions = workspace.Dimensions;
        var labels = workspace.Labels;
        var distances = workspace.Distances;
        workspace.ForEachBlock((block, _) =>
        {
            var inertia = 0.0;
            var end = workspace.BlockEnd(block);
            for (var i = KMeansWorkspace.BlockStart(block); i < end; i++)
            {
                distances[i] = KMeansDistance.Squared(data.Row(i), centroids.AsSpan(labels[i] * dimensions, dimensions));
                inertia += distances[i];
            }
            workspace.BlockInertia[block] = inertia;
        });
    }

    /// <summary>
    /// Gives each empty cluster the row farthest from its centroid (scikit-learn's
    /// <c>_relocate_empty_clusters_dense</c>; ties go to the lower row index), moving that row's contribution from its
    /// old cluster's sum to the empty one. Returns whether any cluster was empty.
    /// </summary>
    private static bool RelocateEmptyClusters(KMeansWorkspace workspace)
    {
        var relocated = false;
        var dimensions = workspace.Dimensions;
        var sums = workspace.Sums;
        var counts = workspace.Counts;
        for (var empty = 0; empty < workspace.NumberOfClusters; empty++)
        {
            if (counts[empty] != 0)
            {
                continue;
            }
            relocated = true;
            var farthest = IndexOfFirstMaximum(workspace.Distances);
            var row = workspace.Data.Row(farthest);
            var old = workspace.Labels[farthest];
            var oldSum = sums.AsSpan(old * dimensions, dimensions);
            TensorPrimitives.Subtract(oldSum, row, oldSum);
            counts[old]--;
            row.CopyTo(sums.AsSpan(empty * dimensions, dimensions));
            counts[empty] = 1;
            workspace.Labels[farthest] = empty;
            workspace.Distances[farthest] = -1.0; // never picked twice
        }
        return relocated;
    }

    private static int IndexOfFirstMaximum(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    internal static double SumInOrder(double[] values)
    {
        var total = 0.0;
        foreach (var value in values)
        {
            total += value;
        }
        return total;
    }
}
