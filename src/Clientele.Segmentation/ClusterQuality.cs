using System.Numerics.Tensors;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>Internal measures of a clustering's quality.</summary>
public static class ClusterQuality
{
    /// <summary>Rows per parallel work item of the O(n²) silhouette.</summary>
    private const int SilhouetteBlockSize = 64;

    /// <summary>
    /// The mean silhouette coefficient over all rows (Rousseeuw 1987), with Euclidean distance, as scikit-learn's
    /// <c>silhouette_score</c>: for row i, <c>a</c> is its mean distance to the other rows of its cluster,
    /// <c>b</c> the smallest mean distance to the rows of another cluster, <c>s = (b - a) / max(a, b)</c>, and
    /// <c>s = 0</c> for a row alone in its cluster. Exact, O(n²) distances, computed in parallel.
    /// </summary>
    /// <param name="data">One row per point.</param>
    /// <param name="labels">The cluster of each row; any integers, with between 2 and n - 1 distinct values.</param>
    /// <exception cref="ArgumentException">The counts differ, or the number of distinct labels is not in [2, n - 1].</exception>
    public static double Silhouette(FeatureMatrix data, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        CheckCount(data, labels);
        var dense = DenseLabels(labels, out var labelCount);
        if (labelCount < 2 || labelCount > data.Rows - 1)
        {
            throw new ArgumentException(
                $"The silhouette needs between 2 and n - 1 = {data.Rows - 1} distinct labels, got {labelCount}.", nameof(labels));
        }
        return Silhouettes(data, [dense], [labelCount])[0];
    }

    /// <summary>
    /// The mean silhouette of a seeded random sample of <paramref name="sampleSize"/> rows, drawn without replacement
    /// (all rows when there are at most <paramref name="sampleSize"/>), as scikit-learn's
    /// <c>silhouette_score(sample_size=…)</c>. The same seed draws the same rows for the same number of rows.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The counts differ, <paramref name="sampleSize"/> is below 2, or the sample's number of distinct labels is not in
    /// [2, sample size - 1].
    /// </exception>
    public static double Silhouette(FeatureMatrix data, IReadOnlyList<int> labels, int sampleSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        CheckCount(data, labels);
        if (sampleSize < 2)
        {
            throw new ArgumentException($"The silhouette sample size must be at least 2, got {sampleSize}.", nameof(sampleSize));
        }
        if (data.Rows <= sampleSize)
        {
            return Silhouette(data, labels);
        }
        var indices = SampleRows(data.Rows, sampleSize, seed);
        var sampledLabels = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            sampledLabels[i] = labels[indices[i]];
        }
        return Silhouette(data.SelectRows(indices), sampledLabels);
    }

    /// <summary>
    /// <paramref name="count"/> distinct row indices out of <paramref name="rows"/>, drawn with <c>new Random(seed)</c>
    /// by a partial Fisher–Yates shuffle, returned in ascending order.
    /// </summary>
    internal static int[] SampleRows(int rows, int count, int seed)
    {
        var indices = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            indices[i] = i;
        }
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, rows);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        var sample = indices[..count];
        Array.Sort(sample);
        return sample;
    }

    /// <summary>
    /// The mean silhouette of several labelings of the same rows, sharing one pass over the pairwise distances.
    /// Labels must be dense (0 … labelCount - 1). A labeling whose number of distinct labels is not in [2, n - 1]
    /// gets NaN. Deterministic for any number of threads: each row's value is a sequential sum, and the mean is taken
    /// in row order.
    /// </summary>
    internal static double[] Silhouettes(FeatureMatrix data, int[][] denseLabelings, int[] labelCounts)
    {
        var rows = data.Rows;
        var labelings = denseLabelings.Length;
        var sizes = new long[labelings][];
        var maximumLabelCount = 1;
        for (var m = 0; m < labelings; m++)
        {
            sizes[m] = new long[labelCounts[m]];
            foreach (var label in denseLabelings[m])
            {
                sizes[m][label]++;
            }
            maximumLabelCount = Math.Max(maximumLabelCount, labelCounts[m]);
        }

        // Features held column by column, so that the distances from one row to all rows are computed with
        // TensorPrimitives on spans of length n, feature by feature.
        var columns = data.Columns;
        var transposed = new double[columns * rows];
        for (var j = 0; j < columns; j++)
        {
            data.Column(j).CopyTo(transposed, j * rows);
        }

        var perRow = new double[labelings * rows];
        var blocks = (rows + SilhouetteBlockSize - 1) / SilhouetteBlockSize;
        Parallel.For(
            0,
            blocks,
            () => (Distances: new double[rows], Difference: new double[rows], Sums: new double[maximumLabelCount]),
            (block, _, buffers) =>
            {
                var end = Math.Min(rows, (block + 1) * SilhouetteBlockSize);
                for (var i = block * SilhouetteBlockSize; i < end; i++)
                {
                    var row = data.Row(i);
                    TensorPrimitives.Subtract(transposed.AsSpan(0, rows), row[0], buffers.Difference);
                    TensorPrimitives.Multiply(buffers.Difference, buffers.Difference, buffers.Distances);
                    for (var j = 1; j < columns; j++)
                    {
                        TensorPrimitives.Subtract(transposed.AsSpan(j * rows, rows), row[j], buffers.Difference);
                        TensorPrimitives.MultiplyAdd(buffers.Difference, buffers.Difference, buffers.Distances, buffers.Distances);
                    }
                    TensorPrimitives.Sqrt(buffers.Distances, buffers.Distances);
                    for (var m = 0; m < labelings; m++)
                    {
                        perRow[(m * rows) + i] = RowSilhouette(
                            buffers.Distances, denseLabelings[m], sizes[m], denseLabelings[m][i], buffers.Sums.AsSpan(0, labelCounts[m]));
                    }
                }
                return buffers;
            },
            _ => { });

        var result = new double[labelings];
        for (var m = 0; m < labelings; m++)
        {
            if (labelCounts[m] < 2 || labelCounts[m] > rows - 1)
            {
                result[m] = double.NaN;
                continue;
            }
            var total = 0.0;
            for (var i = 0; i < rows; i++)
            {
                total += perRow[(m * rows) + i];
            }
            result[m] = total / rows;
        }
        return result;
    }

    /// <summary>
    /// The Davies–Bouldin index (Davies &amp; Bouldin 1979), as scikit-learn's <c>davies_bouldin_score</c>: for each
    /// cluster i, the largest over j ≠ i of <c>(s_i + s_j) / d(c_i, c_j)</c>, where <c>s_i</c> is the mean Euclidean
    /// distance of the cluster's rows to its centroid <c>c_i</c>; averaged over clusters. Lower is better; 0 when every
    /// <c>s_i</c> or every centroid distance is within 1e-8 of 0 (numpy's <c>allclose</c>, as scikit-learn). Two
    /// clusters with the same centroid are not compared (their ratio counts as 0). O(n·d).
    /// </summary>
    /// <param name="data">One row per point.</param>
    /// <param name="labels">The cluster of each row; any integers (DBSCAN's −1 counts as a cluster: drop noise rows first).</param>
    /// <exception cref="ArgumentException">The counts differ, or the number of distinct labels is not in [2, n - 1].</exception>
    public static double DaviesBouldin(FeatureMatrix data, IReadOnlyList<int> labels)
    {
        var dense = CheckedDenseLabels(data, labels, out var count);
        var centroids = Centroids(data, dense, count, out var sizes);
        var columns = data.Columns;
        var spread = new double[count];
        for (var i = 0; i < data.Rows; i++)
        {
            spread[dense[i]] += Math.Sqrt(KMeansDistance.Squared(data.Row(i), centroids.AsSpan(dense[i] * columns, columns)));
        }
        var allSpreadZero = true;
        for (var c = 0; c < count; c++)
        {
            spread[c] /= sizes[c];
            allSpreadZero &= Math.Abs(spread[c]) <= 1e-8;
        }
        var separation = new double[count * count];
        var allSeparationZero = true;
        for (var a = 0; a < count; a++)
        {
            for (var b = 0; b < count; b++)
            {
                var distance = Math.Sqrt(KMeansDistance.Squared(centroids.AsSpan(a * columns, columns), centroids.AsSpan(b * columns, columns)));
                separation[(a * count) + b] = distance;
                allSeparationZero &= distance <= 1e-8;
            }
        }
        if (allSpreadZero || allSeparationZero)
        {
            return 0.0;
        }
        var total = 0.0;
        for (var a = 0; a < count; a++)
        {
            var worst = 0.0;
            for (var b = 0; b < count; b++)
            {
                var distance = separation[(a * count) + b];
                if (distance != 0)
                {
                    worst = Math.Max(worst, (spread[a] + spread[b]) / distance);
                }
            }
            total += worst;
        }
        return total / count;
    }

    /// <summary>
    /// The Calinski–Harabasz index (variance ratio criterion; Caliński &amp; Harabasz 1974), as scikit-learn's
    /// <c>calinski_harabasz_score</c>: <c>[B / (k − 1)] / [W / (n − k)]</c>, where B is the between-cluster sum of
    /// squares (cluster size × squared distance of its centroid to the overall mean) and W the within-cluster sum of
    /// squares (the inertia). Higher is better; 1 when W is 0 (scikit-learn's convention). O(n·d).
    /// </summary>
    /// <exception cref="ArgumentException">The counts differ, or the number of distinct labels is not in [2, n - 1].</exception>
    public static double CalinskiHarabasz(FeatureMatrix data, IReadOnlyList<int> labels)
    {
        var dense = CheckedDenseLabels(data, labels, out var count);
        var centroids = Centroids(data, dense, count, out var sizes);
        var columns = data.Columns;
        var mean = new double[columns];
        for (var i = 0; i < data.Rows; i++)
        {
            TensorPrimitives.Add(mean, data.Row(i), mean);
        }
        TensorPrimitives.Divide(mean, data.Rows, mean);
        var between = 0.0;
        for (var c = 0; c < count; c++)
        {
            between += sizes[c] * KMeansDistance.Squared(centroids.AsSpan(c * columns, columns), mean);
        }
        var within = Inertia(data, dense, centroids);
        return within == 0.0 ? 1.0 : between * (data.Rows - count) / (within * (count - 1.0));
    }

    /// <summary>
    /// The sum over rows of the squared Euclidean distance to the mean of the row's cluster (the k-means objective, the
    /// y axis of an elbow plot).
    /// </summary>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public static double Inertia(FeatureMatrix data, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        CheckCount(data, labels);
        var dense = DenseLabels(labels, out var count);
        return Inertia(data, dense, Centroids(data, dense, count, out _));
    }

    private static double Inertia(FeatureMatrix data, int[] dense, double[] centroids)
    {
        var columns = data.Columns;
        var total = 0.0;
        for (var i = 0; i < data.Rows; i++)
        {
            total += KMeansDistance.Squared(data.Row(i), centroids.AsSpan(dense[i] * columns, columns));
        }
        return total;
    }

    /// <summary>The mean of each dense label's rows (row-major, count × d), summed in row order.</summary>
    private static double[] Centroids(FeatureMatrix data, int[] dense, int count, out long[] sizes)
    {
        var columns = data.Columns;
        var centroids = new double[count * columns];
        sizes = new long[count];
        for (var i = 0; i < data.Rows; i++)
        {
            var centroid = centroids.AsSpan(dense[i] * columns, columns);
            TensorPrimitives.Add(centroid, data.Row(i), centroid);
            sizes[dense[i]]++;
        }
        for (var c = 0; c < count; c++)
        {
            var centroid = centroids.AsSpan(c * columns, columns);
            TensorPrimitives.Divide(centroid, sizes[c], centroid);
        }
        return centroids;
    }

    private static int[] CheckedDenseLabels(FeatureMatrix data, IReadOnlyList<int> labels, out int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        CheckCount(data, labels);
        var dense = DenseLabels(labels, out count);
        if (count < 2 || count > data.Rows - 1)
        {
            throw new ArgumentException(
                $"The index needs between 2 and n - 1 = {data.Rows - 1} distinct labels, got {count}.", nameof(labels));
        }
        return dense;
    }

    /// <summary>Maps arbitrary integer labels to 0 … count - 1 in order of first appearance.</summary>
    internal static int[] DenseLabels(IReadOnlyList<int> labels, out int count)
    {
        var map = new Dictionary<int, int>();
        var dense = new int[labels.Count];
        for (var i = 0; i < dense.Length; i++)
        {
            if (!map.TryGetValue(labels[i], out var id))
            {
                id = map.Count;
                map.Add(labels[i], id);
            }
            dense[i] = id;
        }
        count = map.Count;
        return dense;
    }

    private static double RowSilhouette(double[] distances, int[] labels, long[] sizes, int own, Span<double> sums)
    {
        if (sizes.Length < 2 || sizes[own] <= 1)
        {
            return 0.0;
        }
        sums.Clear();
        for (var j = 0; j < distances.Length; j++)
        {
            sums[labels[j]] += distances[j];
        }
        var a = sums[own] / (sizes[own] - 1);
        var b = double.PositiveInfinity;
        for (var label = 0; label < sums.Length; label++)
        {
            if (label != own)
            {
                b = Math.Min(b, sums[label] / sizes[label]);
            }
        }
        var scale = Math.Max(a, b);
        return scale > 0 ? (b - a) / scale : 0.0;
    }

    private static void CheckCount(FeatureMatrix data, IReadOnlyList<int> labels)
    {
        if (labels.Count != data.Rows)
        {
            throw new ArgumentException($"Expected {data.Rows} labels (one per row), got {labels.Count}.", nameof(labels));
        }
    }
}
