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
            var relocated = RelocateEmptyClusters(workspace);

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

        double inertia;
        if (strictlyConverged)
        {
            inertia = SumInOrder(workspace.BlockInertia);
        }
        else
        {
            AssignAndAccumulate(workspace, current);
            inertia = SumInOrder(workspace.BlockInertia);
        }

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
    /// Assigns each row to its nearest centroid, records its distance, and accumulates per-block cluster sums, counts,
    /// inertia and changed labels; then adds the blocks up in block order into <see cref="KMeansWorkspace.Sums"/> and
    /// <see cref="KMeansWorkspace.Counts"/>. Returns the number of labels that changed.
    /// </summary>
    internal static long AssignAndAccumulate(KMeansWorkspace workspace, double[] centroids)
    {
        var data = workspace.Data;
        var k = workspace.NumberOfClusters;
        var dimensions = workspace.Dimensions;
        var labels = workspace.Labels;
        var distances = workspace.Distances;
        workspace.ForEachBlock((block, tile) =>
        {
            var sums = workspace.BlockSums[block].AsSpan();
            var counts = workspace.BlockCounts[block];
            sums.Clear();
            Array.Clear(counts);
            var inertia = 0.0;
            var changed = 0L;
            var end = workspace.BlockEnd(block);
            for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
            {
                var count = Math.Min(DistanceTile.Size, end - start);
                workspace.LoadTile(tile, start, count);
                tile.Compute(centroids, k);
                tile.FindNearest(k);
                var values = workspace.Tile(start);
                for (var r = 0; r < count; r++)
                {
                    var i = start + r;
                    var label = tile.NearestCentre[r];
                    var squaredDistance = tile.NearestSquared[r];
                    if (labels[i] != label)
                    {
                        labels[i] = label;
                        changed++;
                    }
                    distances[i] = squaredDistance;
                    inertia += squaredDistance;
                    // A plain loop: for a handful of features it beats a vector call per row several times over. The
                    // row is read from the tile, which the distance kernel has just brought into the cache.
                    var sum = sums.Slice(label * dimensions, dimensions);
                    for (var j = 0; j < sum.Length; j++)
                    {
                        sum[j] += values[unchecked((j * DistanceTile.Size) + r)];
                    }
                    counts[label]++;
                }
            }
            workspace.BlockInertia[block] = inertia;
            workspace.BlockChanged[block] = changed;
        });

        return workspace.ReduceBlocks();
    }

    /// <summary>
    /// Gives each empty cluster the row farthest from its centroid (scikit-learn's
    /// <c>_relocate_empty_clusters_dense</c>; ties go to the lower row index), moving that row's contribution from its
    /// old cluster's sum to the empty one. Returns whether any cluster was empty.
    /// </summary>
    internal static bool RelocateEmptyClusters(KMeansWorkspace workspace)
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
