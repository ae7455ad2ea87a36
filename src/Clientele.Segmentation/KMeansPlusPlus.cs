using System.Numerics;
using System.Numerics.Tensors;

namespace Clientele.Segmentation;

/// <summary>
/// Greedy k-means++ seeding as in scikit-learn's <c>_kmeans_plusplus</c> (Arthur &amp; Vassilvitskii 2007, with the
/// greedy refinement): the first centre is a uniformly drawn row; each further centre is the best, by resulting
/// potential, of <c>2 + floor(ln k)</c> rows drawn with probability proportional to their squared distance to the
/// closest centre chosen so far.
/// </summary>
internal static class KMeansPlusPlus
{
    /// <summary>Number of candidates drawn per step: <c>2 + floor(ln k)</c>, as scikit-learn.</summary>
    internal static int LocalTrials(int numberOfClusters) => 2 + (int)Math.Floor(Math.Log(numberOfClusters));

    /// <summary>Writes k initial centroids (row-major, k × d) into <paramref name="centroids"/>.</summary>
    internal static void Seed(KMeansWorkspace workspace, Random random, double[] centroids)
    {
        var data = workspace.Data;
        var rows = workspace.Rows;
        var dimensions = workspace.Dimensions;
        var trials = workspace.LocalTrials;
        var closest = workspace.Distances;
        var blockClosest = workspace.BlockClosestSums;
        var candidates = workspace.Candidates;
        var candidatePotential = workspace.CandidatePotential;
        var blockPotential = workspace.BlockPotential;
        var candidateClosest = workspace.CandidateClosest;

        workspace.PrepareTransposedRows();
        var first = random.Next(rows);
        data.Row(first).CopyTo(centroids.AsSpan(0, dimensions));
        SetClosestToFirst(workspace, centroids);

        for (var c = 1; c < workspace.NumberOfClusters; c++)
        {
            // The sampling distribution: block sums added in block order, then rows in order within the block the
            // target falls in; identical for any number of threads.
            var total = 0.0;
            foreach (var blockSum in blockClosest)
            {
                total += blockSum;
            }
            for (var t = 0; t < trials; t++)
            {
                candidates[t] = Sample(workspace, random.NextDouble() * total);
            }

            for (var t = 0; t < trials; t++)
            {
                data.Row(candidates[t]).CopyTo(workspace.CandidateRows.AsSpan(t * dimensions, dimensions));
            }

            // Potential each candidate would leave, as per-block partial sums added in block order.
            workspace.ForEachBlock((block, tile) =>
            {
                var potential = blockPotential.AsSpan(block * trials, trials);
                potential.Clear();
                var end = workspace.BlockEnd(block);
                for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
                {
                    var count = Math.Min(DistanceTile.Size, end - start);
                    workspace.LoadTile(tile, start, count);
                    tile.Compute(workspace.CandidateRows, trials);
                    var closestHere = closest.AsSpan(start, count);
                    for (var t = 0; t < trials; t++)
                    {
                        // Keep what the closest distances would become with this candidate: the chosen one's column
                        // then replaces them without another pass over the data.
                        var after = candidateClosest.AsSpan((t * rows) + start, count);
                        TensorPrimitives.Min(closestHere, tile.Squared.AsSpan(t * DistanceTile.Size, count), after);
                        potential[t] += SumInLanes(after);
                    }
                }
            });
            Array.Clear(candidatePotential);
            for (var block = 0; block < workspace.BlockCount; block++)
            {
                for (var t = 0; t < trials; t++)
                {
                    candidatePotential[t] += blockPotential[(block * trials) + t];
                }
            }
            var best = 0;
            for (var t = 1; t < trials; t++)
            {
                if (candidatePotential[t] < candidatePotential[best])
                {
                    best = t;
                }
            }

            data.Row(candidates[best]).CopyTo(centroids.AsSpan(c * dimensions, dimensions));
            candidateClosest.AsSpan(best * rows, rows).CopyTo(closest);
            for (var block = 0; block < workspace.BlockCount; block++)
            {
                blockClosest[block] = blockPotential[(block * trials) + best];
            }
        }
    }

    /// <summary>Sets each row's squared distance to the closest centre while the first centre is the only one.</summary>
    private static void SetClosestToFirst(KMeansWorkspace workspace, double[] centroids)
    {
        var closest = workspace.Distances;
        var dimensions = workspace.Dimensions;
        workspace.ForEachBlock((block, tile) =>
        {
            var sum = 0.0;
            var end = workspace.BlockEnd(block);
            for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
            {
                var count = Math.Min(DistanceTile.Size, end - start);
                workspace.LoadTile(tile, start, count);
                tile.Compute(centroids.AsSpan(0, dimensions), 1);
                var here = closest.AsSpan(start, count);
                tile.Squared.AsSpan(0, count).CopyTo(here);
                sum += SumInLanes(here);
            }
            workspace.BlockClosestSums[block] = sum;
        });
    }

    /// <summary>
    /// Σ aᵢ, lane by lane in vectors and then across lanes: a fixed order, so the same for any thread count, and free of
    /// the one-add-at-a-time dependency chain of a scalar sum.
    /// </summary>
    private static double SumInLanes(ReadOnlySpan<double> a)
    {
        var width = Vector<double>.Count;
        var lanes = Vector<double>.Zero;
        var i = 0;
        for (; i + width <= a.Length; i += width)
        {
            lanes += new Vector<double>(a[i..]);
        }
        var sum = Vector.Sum(lanes);
        for (; i < a.Length; i++)
        {
            sum += a[i];
        }
        return sum;
    }

    /// <summary>
    /// The first row at which the running sum of <see cref="KMeansWorkspace.Distances"/> reaches
    /// <paramref name="target"/> (numpy's <c>searchsorted</c> on the cumulative sum, side left), with the running sum
    /// taken as the block sums up to the row's block, then the block's rows one by one: one block is scanned, not every
    /// row. Where rounding leaves the scan just short of the block's total, the block's last row is taken.
    /// </summary>
    private static int Sample(KMeansWorkspace workspace, double target)
    {
        var closest = workspace.Distances;
        var blockSums = workspace.BlockClosestSums;
        var before = 0.0;
        for (var block = 0; block < blockSums.Length; block++)
        {
            if (before + blockSums[block] < target && block < blockSums.Length - 1)
            {
                before += blockSums[block];
                continue;
            }
            var running = before;
            var end = workspace.BlockEnd(block);
            for (var i = KMeansWorkspace.BlockStart(block); i < end; i++)
            {
                running += closest[i];
                if (running >= target)
                {
                    return i;
                }
            }
            return end - 1;
        }
        return workspace.Rows - 1;
    }
}
