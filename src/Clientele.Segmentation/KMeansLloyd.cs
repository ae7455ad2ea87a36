using System.Numerics;
using System.Numerics.Tensors;
using Clientele.Core;

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
        ClearBlockSums(workspace);

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
    /// Assigns each row to its nearest centroid and keeps the per-block cluster sums and counts up to date by moving
    /// only the rows whose label changed; then adds the blocks up in block order into <see cref="KMeansWorkspace.Sums"/>
    /// and <see cref="KMeansWorkspace.Counts"/>. Returns the number of labels that changed.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The nearest centroid is found in single precision (<see cref="DistanceTile.FindNearestFiltered"/>) wherever the
    /// gap between the lowest and the second-lowest score is wider than single precision's error can be, and in double
    /// otherwise, so the labels are exactly those of comparing double distances. Rows x and centroids c are centred on
    /// the feature means first (<see cref="CentredSingleRows"/>); a centroid's score is t = ‖c‖² − 2⟨x, c⟩, the squared
    /// distance less ‖x‖². With u = 2⁻²⁴, d features, X the largest centred row norm and C the largest centred centroid
    /// norm, the computed score differs from the exact one by at most
    /// E = u (1.01 (d + 1) C² + 2.04 (d + 3) X C): rounding x and c to single precision (4.01 u X C, the factor 2 of the
    /// score included), rounding ‖c‖² (u C²), and d multiply-adds, fused or not (1.01 d u (C² + 2.02 X C) for the sums
    /// plus 2.01 u X C for unfused products). To that come E_d = 4 (d + 2) u_d (X + C)², u_d = 2⁻⁵³, covering the
    /// centring and the double distances the labels must agree with, and E_u = 2⁻¹⁴⁹ (√d (X + C) + d + 1) for
    /// underflow. The slack is 4 (E + E_d + E_u), rounded up to single precision: twice the error of two scores, with
    /// room for second-order terms and the rounding of the gap itself. Past X + C = 10¹⁷ scores could overflow single
    /// precision, and every row is settled in double.
    /// </para>
    /// <para>
    /// After the first passes few labels change, so adding every row to its cluster's sum would cost more than finding
    /// the labels; moving only the changed rows (subtract from the old cluster, add to the new; <see cref="MoveRows"/>)
    /// makes a pass the distance kernel and a vector compare of labels. A block's sums are still a function of its own
    /// rows and label history alone, so the result is the same for any number of threads; a cluster that empties in a
    /// block has its sums reset to exact zeros, so no rounding residue outlives its rows. The drift of the running sums
    /// against sums recomputed from scratch is a few units in the last place per move, far below the tolerance that
    /// stops the iterations.
    /// </para>
    /// </remarks>
    internal static long AssignAndAccumulate(KMeansWorkspace workspace, double[] centroids)
    {
        var data = workspace.Data;
        var k = workspace.NumberOfClusters;
        var dimensions = workspace.Dimensions;
        var labels = workspace.Labels;
        var rows = workspace.CentredSingleRows;
        var scaled = workspace.SingleCentroids;
        var norms = workspace.SingleCentroidNorms;
        var largestCentroidNorm = 0.0;
        for (var c = 0; c < k; c++)
        {
            var squaredNorm = 0.0;
            for (var j = 0; j < dimensions; j++)
            {
                var centred = centroids[(c * dimensions) + j] - rows.Means[j];
                squaredNorm += centred * centred;
                scaled[(c * dimensions) + j] = -2f * (float)centred;
            }
            norms[c] = (float)squaredNorm;
            largestCentroidNorm = Math.Max(largestCentroidNorm, Math.Sqrt(squaredNorm));
        }
        var slack = FilterSlack(dimensions, rows.LargestNorm, largestCentroidNorm);
        var filtered = slack is not null;
        if (k > 1 && !filtered)
        {
            workspace.PrepareTransposedRows();
        }

        workspace.ForEachBlock((block, tile) =>
        {
            var sums = workspace.BlockSums[block].AsSpan();
            var counts = workspace.BlockCounts[block];
            var width = Vector<int>.Count;
            // The block's moved rows and their new labels, applied after the scan: batched, their cache misses overlap.
            Span<int> moved = stackalloc int[KMeansWorkspace.BlockSize];
            Span<int> movedTo = stackalloc int[KMeansWorkspace.BlockSize];
            var movedCount = 0;
            var end = workspace.BlockEnd(block);
            for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
            {
                var count = Math.Min(DistanceTile.Size, end - start);
                if (k == 1)
                {
                    for (var i = start; i < start + count; i++)
                    {
                        if (labels[i] != 0)
                        {
                            moved[movedCount] = i;
                            movedTo[movedCount++] = 0;
                        }
                    }
                    continue;
                }
                bool anyUndecided;
                if (filtered)
                {
                    anyUndecided = tile.FindNearestFiltered(rows.Tile(start), count, scaled, norms, k, slack!.Value);
                }
                else
                {
                    // Data too far out for single precision: every label from the double kernel.
                    workspace.LoadTile(tile, start, count);
                    tile.Compute(centroids, k);
                    tile.FindNearest(k);
                    anyUndecided = false;
                }
                var nearest = tile.NearestCentre;
                var undecided = tile.Undecided;
                for (var r = 0; r < count; r += width)
                {
                    // Most rows keep their label: one vector compare passes over a whole group of them.
                    if (r + width <= count
                        && (!anyUndecided || new Vector<int>(undecided, r) == Vector<int>.Zero)
                        && new Vector<int>(nearest, r) == new Vector<int>(labels, start + r))
                    {
                        continue;
                    }
                    var groupEnd = Math.Min(r + width, count);
                    for (var row = r; row < groupEnd; row++)
                    {
                        var i = start + row;
                        var label = anyUndecided && undecided[row] != 0 ? KMeansDistance.Nearest(data.Row(i), centroids, k, out _) : nearest[row];
                        if (label != labels[i])
                        {
                            moved[movedCount] = i;
                            movedTo[movedCount++] = label;
                        }
                    }
                }
            }
            for (var first = 0; first < movedCount; first += DistanceTile.Size)
            {
                var batch = Math.Min(DistanceTile.Size, movedCount - first);
                MoveRows(moved.Slice(first, batch), movedTo.Slice(first, batch), data, tile.RowScratch, sums, counts, labels);
            }
            workspace.BlockChanged[block] = movedCount;
        });

        return workspace.ReduceBlocks();
    }

    /// <summary>
    /// The single-precision filter's slack for <paramref name="dimensions"/> features, centred rows of norm at most
    /// <paramref name="largestRowNorm"/> and centred centroids of norm at most <paramref name="largestCentroidNorm"/>
    /// (derived in <see cref="AssignAndAccumulate"/>), rounded up; null where scores could overflow single precision.
    /// </summary>
    internal static float? FilterSlack(int dimensions, double largestRowNorm, double largestCentroidNorm)
    {
        var x = largestRowNorm;
        var c = largestCentroidNorm;
        if (!(x + c < 1e17))
        {
            return null;
        }
        const double single = 1.0 / (1 << 24);
        var doubleRoundoff = Math.ScaleB(1.0, -53);
        var underflow = Math.ScaleB(1.0, -149);
        var scores = single * ((1.01 * (dimensions + 1) * c * c) + (2.04 * (dimensions + 3) * x * c));
        var doubles = 4.0 * (dimensions + 2) * doubleRoundoff * (x + c) * (x + c);
        var underflows = underflow * ((Math.Sqrt(dimensions) * (x + c)) + dimensions + 1);
        var slack = 4.0 * (scores + doubles + underflows);
        var rounded = (float)slack;
        return rounded < slack ? MathF.BitIncrement(rounded) : rounded;
    }

    /// <summary>
    /// Gives the rows <paramref name="moved"/> their new labels <paramref name="movedTo"/>, moving their values between
    /// the block's cluster sums and counts.
    /// </summary>
    /// <remarks>
    /// The rows are read row-major, one or two cache lines each, rather than from the transposed tiles, where a row's
    /// features lie a cache line apart: the filter read only the single-precision copy, so neither is in the cache.
    /// They are first gathered into <paramref name="gathered"/> by a loop of independent loads, whose cache misses
    /// overlap, instead of each waiting in turn behind the sums' updates.
    /// </remarks>
    private static void MoveRows(
        ReadOnlySpan<int> moved, ReadOnlySpan<int> movedTo, FeatureMatrix data, Span<double> gathered, Span<double> sums, long[] counts, int[] labels)
    {
        var dimensions = data.Columns;
        for (var m = 0; m < moved.Length; m++)
        {
            RowArithmetic.Copy(data.Row(moved[m]), gathered.Slice(m * dimensions, dimensions));
        }
        for (var m = 0; m < moved.Length; m++)
        {
            Move(moved[m], movedTo[m], gathered.Slice(m * dimensions, dimensions), sums, counts, labels);
        }
    }

    /// <summary>
    /// Gives row <paramref name="i"/> (whose values are <paramref name="row"/>) the label <paramref name="label"/>, moving
    /// its values between the block's cluster sums and counts if the label changed (a label below zero is no cluster
    /// yet). Returns 1 if it changed, else 0.
    /// </summary>
    internal static int Move(int i, int label, ReadOnlySpan<double> row, Span<double> sums, long[] counts, int[] labels)
    {
        var dimensions = row.Length;
        var old = labels[i];
        if (old == label)
        {
            return 0;
        }
        labels[i] = label;
        if (old >= 0)
        {
            var from = sums.Slice(old * dimensions, dimensions);
            if (--counts[old] == 0)
            {
                from.Clear();
            }
            else
            {
                RowArithmetic.AddScaled(from, row, -1.0);
            }
        }
        RowArithmetic.AddScaled(sums.Slice(label * dimensions, dimensions), row, 1.0);
        counts[label]++;
        return 1;
    }

    /// <summary>Empties every block's cluster sums and counts: the running sums of <see cref="AssignAndAccumulate"/> start from no rows.</summary>
    internal static void ClearBlockSums(KMeansWorkspace workspace)
    {
        for (var block = 0; block < workspace.BlockCount; block++)
        {
            Array.Clear(workspace.BlockSums[block]);
            Array.Clear(workspace.BlockCounts[block]);
        }
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
            // The same move in the row's block, whose sums are kept from pass to pass; it also sets the label.
            var block = farthest / KMeansWorkspace.BlockSize;
            Move(farthest, empty, row, workspace.BlockSums[block], workspace.BlockCounts[block], workspace.Labels);
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
