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
        var cumulative = workspace.CumulativePotential;
        var candidates = workspace.Candidates;
        var candidatePotential = workspace.CandidatePotential;
        var blockPotential = workspace.BlockPotential;
        var candidateClosest = workspace.CandidateClosest;

        var first = random.Next(rows);
        data.Row(first).CopyTo(centroids.AsSpan(0, dimensions));
        SetClosestToFirst(workspace, centroids);

        for (var c = 1; c < workspace.NumberOfClusters; c++)
        {
            // Sequential running sum: the sampling distribution, identical for any number of threads.
            var total = 0.0;
            for (var i = 0; i < rows; i++)
            {
                total += closest[i];
                cumulative[i] = total;
            }
            for (var t = 0; t < trials; t++)
            {
                var target = random.NextDouble() * total;
                candidates[t] = Math.Min(LowerBound(cumulative, target), rows - 1);
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
        }
    }

    /// <summary>Sets each row's squared distance to the closest centre while the first centre is the only one.</summary>
    private static void SetClosestToFirst(KMeansWorkspace workspace, double[] centroids)
    {
        var closest = workspace.Distances;
        var dimensions = workspace.Dimensions;
        workspace.ForEachBlock((block, tile) =>
        {
            var end = workspace.BlockEnd(block);
            for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
            {
                var count = Math.Min(DistanceTile.Size, end - start);
                workspace.LoadTile(tile, start, count);
                tile.Compute(centroids.AsSpan(0, dimensions), 1);
                tile.Squared.AsSpan(0, count).CopyTo(closest.AsSpan(start, count));
            }
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

    /// <summary>The first index whose value is at least <paramref name="target"/> (numpy's <c>searchsorted</c>, side left).</summary>
    private static int LowerBound(double[] sortedValues, double target)
    {
        var low = 0;
        var high = sortedValues.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (sortedValues[middle] < target)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }
}
