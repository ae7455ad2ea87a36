using System.Numerics;

namespace Clientele.Segmentation;

/// <summary>
/// Hamerly's algorithm (G. Hamerly, "Making k-means even faster", SIAM SDM 2010): Lloyd's iterations with two bounds
/// per point, an upper bound <c>u</c> on the distance to its own centroid and a lower bound <c>l</c> on the distance to
/// every other centroid. After the centroids move by <c>p(c)</c>, <c>u += p(own)</c> and <c>l −= max p(other)</c>; a
/// point whose <c>u</c> is below <c>max(l, s(own) / 2)</c>, where <c>s(c)</c> is the distance from centroid c to the
/// nearest other centroid, keeps its label without any distance being computed (triangle inequality). Otherwise
/// <c>u</c> is tightened to the exact distance and, if still needed, all k distances are computed.
/// </summary>
/// <remarks>
/// <para>
/// The result is the same as <see cref="KMeansLloyd"/>'s: the same stopping rule, empty-cluster relocation and
/// block sums, updated by the same moves of the rows whose label changed, in row order (so the centroids are
/// bit-for-bit Lloyd's), and a point is only skipped when its label is certain. Certainty is kept under rounding
/// by a margin: a skip needs <c>u + m &lt; max(l, s / 2) − m</c> with <c>m = 1e-9 ×</c> the diagonal of the data's
/// bounding box, far above the accumulated rounding of the bounds (relative 1e-16 per update) and far below the
/// distances that decide real assignments. Exact ties are therefore never skipped and go, as in Lloyd, to the lower
/// cluster index.
/// </para>
/// <para>Memory: two doubles per point for the bounds. No allocation per point; blocks of rows run in parallel.</para>
/// </remarks>
internal sealed class KMeansHamerly : IKMeansRefiner
{
    internal static readonly KMeansHamerly Instance = new();

    /// <summary>The skip margin relative to the diagonal of the data's bounding box.</summary>
    internal const double RelativeMargin = 1e-9;

    public KMeansRunResult Refine(KMeansWorkspace workspace, double[] centroids, int maximumIterations, double absoluteTolerance)
    {
        var k = workspace.NumberOfClusters;
        var dimensions = workspace.Dimensions;
        var bounds = workspace.HamerlyBounds();
        workspace.PrepareTransposedRows();
        Array.Fill(workspace.Labels, -1);
        KMeansLloyd.ClearBlockSums(workspace);

        var current = centroids;
        var next = workspace.NextCentroids;
        var strictlyConverged = false;
        var relocatedBefore = false;
        var iterations = 0;
        var first = true;
        while (iterations < maximumIterations)
        {
            long changed;
            if (first)
            {
                changed = AssignAllAndAccumulate(workspace, bounds, current);
                first = false;
            }
            else
            {
                changed = AssignBoundedAndAccumulate(workspace, bounds, current);
            }
            var relocated = Relocate(workspace, bounds, current);

            var shift = KMeansLloyd.UpdateCentroids(workspace, current, next);
            UpdateDrift(bounds, current, next, k, dimensions);
            (current, next) = (next, current);
            iterations++;

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
            AssignBoundedAndAccumulate(workspace, bounds, current);
        }
        var inertia = KMeansLloyd.ExactInertia(workspace, current);

        if (!ReferenceEquals(current, centroids))
        {
            current.CopyTo(centroids, 0);
        }
        return new KMeansRunResult(inertia, iterations);
    }

    /// <summary>
    /// The first assignment, when no bounds exist: all k distances of every row with the vectorised tile kernel (as
    /// Lloyd), keeping the nearest (ties to the lower index) as the label and upper bound and the second nearest as the
    /// lower bound; accumulates the block sums and counts.
    /// </summary>
    private static long AssignAllAndAccumulate(KMeansWorkspace workspace, HamerlyBounds bounds, double[] centroids)
    {
        var data = workspace.Data;
        var k = workspace.NumberOfClusters;
        var labels = workspace.Labels;
        var upper = bounds.Upper;
        var lower = bounds.Lower;
        workspace.ForEachBlock((block, tile) =>
        {
            var sums = workspace.BlockSums[block].AsSpan();
            var counts = workspace.BlockCounts[block];
            var changed = 0L;
            var end = workspace.BlockEnd(block);
            for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
            {
                var count = Math.Min(DistanceTile.Size, end - start);
                workspace.LoadTile(tile, start, count);
                tile.Compute(centroids, k);
                var squared = tile.Squared;
                var width = Vector<double>.Count;
                var r = 0;
                for (; r + width <= count; r += width)
                {
                    // Nearest and second nearest across rows, lane by lane (a branchy scalar search mispredicts).
                    var bestDistances = new Vector<double>(squared, r);
                    var secondDistances = new Vector<double>(double.PositiveInfinity);
                    var bestIndices = Vector<double>.Zero;
                    for (var c = 1; c < k; c++)
                    {
                        var candidate = new Vector<double>(squared, (c * DistanceTile.Size) + r);
                        var closer = Vector.LessThan(candidate, bestDistances);
                        secondDistances = Vector.ConditionalSelect(closer, bestDistances, Vector.Min(secondDistances, candidate));
                        bestDistances = Vector.ConditionalSelect(closer, candidate, bestDistances);
                        bestIndices = Vector.ConditionalSelect(closer, new Vector<double>(c), bestIndices);
                    }
                    for (var lane = 0; lane < width; lane++)
                    {
                        changed += Record(start + r + lane, (int)bestIndices[lane], bestDistances[lane], secondDistances[lane], sums, counts);
                    }
                }
                for (; r < count; r++)
                {
                    var best = 0;
                    var bestDistance = squared[r];
                    var secondDistance = double.PositiveInfinity;
                    for (var c = 1; c < k; c++)
                    {
                        var distance = squared[(c * DistanceTile.Size) + r];
                        if (distance < bestDistance)
                        {
                            secondDistance = bestDistance;
                            bestDistance = distance;
                            best = c;
                        }
                        else if (distance < secondDistance)
                        {
                            secondDistance = distance;
                        }
                    }
                    changed += Record(start + r, best, bestDistance, secondDistance, sums, counts);
                }
            }
            workspace.BlockChanged[block] = changed;
        });
        return workspace.ReduceBlocks();

        // Sets row i's label and bounds from its nearest and second-nearest squared distances; 1 if the label changed.
        long Record(int i, int best, double bestDistance, double secondDistance, Span<double> sums, long[] counts)
        {
            upper[i] = Math.Sqrt(bestDistance);
            lower[i] = Math.Sqrt(secondDistance);
            return KMeansLloyd.Move(i, best, data.Row(i), sums, counts, labels);
        }
    }

    /// <summary>
    /// One Hamerly assignment: moves every row's bounds by the last centroid drift, skips the rows whose label is
    /// certain, tightens or recomputes the rest; accumulates the block sums and counts.
    /// </summary>
    private static long AssignBoundedAndAccumulate(KMeansWorkspace workspace, HamerlyBounds bounds, double[] centroids)
    {
        var data = workspace.Data;
        var k = workspace.NumberOfClusters;
        var dimensions = workspace.Dimensions;
        var labels = workspace.Labels;
        var upper = bounds.Upper;
        var lower = bounds.Lower;
        var drift = bounds.Drift;
        var margin = bounds.Margin;
        ComputeHalfSeparation(bounds, centroids, k, dimensions);
        var halfSeparation = bounds.HalfSeparation;
        var largestDrift = bounds.LargestDrift;
        var largestDriftCluster = bounds.LargestDriftCluster;
        var secondLargestDrift = bounds.SecondLargestDrift;
        var transposed = bounds.TransposedCentroids;
        var paddedK = bounds.PaddedClusters;
        var width = Vector<double>.Count;
        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                transposed[(j * paddedK) + c] = centroids[(c * dimensions) + j];
            }
        }
        workspace.ForEachBlock((block, _) =>
        {
            Span<double> all = stackalloc double[paddedK];
            var values = data.Values;
            var sums = workspace.BlockSums[block].AsSpan();
            var counts = workspace.BlockCounts[block];
            var changed = 0L;
            var end = workspace.BlockEnd(block);
            for (var i = KMeansWorkspace.BlockStart(block); i < end; i++)
            {
                var label = labels[i];
                var row = values.Slice(i * dimensions, dimensions);
                var u = upper[i] + drift[label];
                var l = lower[i] - (label == largestDriftCluster ? secondLargestDrift : largestDrift);
                var limit = Math.Max(halfSeparation[label], l) - margin;
                if (u + margin >= limit)
                {
                    u = Math.Sqrt(KMeansDistance.Squared(row, centroids.AsSpan(label * dimensions, dimensions)));
                    if (u + margin >= limit)
                    {
                        // All k distances at once, a vector of centroids per step, each lane summing feature by
                        // feature exactly as KMeansDistance.Squared does.
                        for (var c0 = 0; c0 < paddedK; c0 += width)
                        {
                            var total = Vector<double>.Zero;
                            for (var j = 0; j < row.Length; j++)
                            {
                                var difference = new Vector<double>(row[j]) - new Vector<double>(transposed, (j * paddedK) + c0);
                                total += difference * difference;
                            }
                            total.CopyTo(all.Slice(c0, width));
                        }
                        var best = 0;
                        var bestDistance = double.PositiveInfinity;
                        var secondDistance = double.PositiveInfinity;
                        for (var c = 0; c < k; c++)
                        {
                            var distance = all[c];
                            if (distance < bestDistance)
                            {
                                secondDistance = bestDistance;
                                bestDistance = distance;
                                best = c;
                            }
                            else if (distance < secondDistance)
                            {
                                secondDistance = distance;
                            }
                        }
                        u = Math.Sqrt(bestDistance);
                        l = Math.Sqrt(secondDistance);
                        changed += KMeansLloyd.Move(i, best, row, sums, counts, labels);
                    }
                }
                upper[i] = u;
                lower[i] = l;
            }
            workspace.BlockChanged[block] = changed;
        });
        return workspace.ReduceBlocks();
    }

    /// <summary>
    /// Lloyd's empty-cluster relocation, which needs every row's exact squared distance to its centroid: computed only
    /// when a cluster is empty (rare). A relocated row's bounds are reset so that it is recomputed next time.
    /// </summary>
    private static bool Relocate(KMeansWorkspace workspace, HamerlyBounds bounds, double[] centroids)
    {
        if (!KMeansLloyd.RelocateEmptyClusters(workspace, centroids))
        {
            return false;
        }
        var distances = workspace.Distances;
        for (var i = 0; i < distances.Length; i++)
        {
            // The relocation marks each row it moved with a negative distance.
            if (distances[i] < 0)
            {
                bounds.Upper[i] = double.PositiveInfinity;
                bounds.Lower[i] = 0.0;
            }
        }
        return true;
    }

    /// <summary>How far each centroid moved, and the largest two moves, for the next bound update.</summary>
    private static void UpdateDrift(HamerlyBounds bounds, double[] current, double[] next, int k, int dimensions)
    {
        var largest = 0.0;
        var largestCluster = -1;
        var second = 0.0;
        for (var c = 0; c < k; c++)
        {
            var drift = Math.Sqrt(KMeansDistance.Squared(next.AsSpan(c * dimensions, dimensions), current.AsSpan(c * dimensions, dimensions)));
            bounds.Drift[c] = drift;
            if (drift > largest)
            {
                second = largest;
                largest = drift;
                largestCluster = c;
            }
            else if (drift > second)
            {
                second = drift;
            }
        }
        bounds.LargestDrift = largest;
        bounds.LargestDriftCluster = largestCluster;
        bounds.SecondLargestDrift = second;
    }

    /// <summary>Half the distance from each centroid to its nearest other centroid (infinity when k = 1).</summary>
    private static void ComputeHalfSeparation(HamerlyBounds bounds, double[] centroids, int k, int dimensions)
    {
        var half = bounds.HalfSeparation;
        Array.Fill(half, double.PositiveInfinity);
        for (var a = 0; a < k; a++)
        {
            for (var b = a + 1; b < k; b++)
            {
                var distance = 0.5 * Math.Sqrt(KMeansDistance.Squared(centroids.AsSpan(a * dimensions, dimensions), centroids.AsSpan(b * dimensions, dimensions)));
                half[a] = Math.Min(half[a], distance);
                half[b] = Math.Min(half[b], distance);
            }
        }
    }
}
