using System.Text.Json;

namespace Clientele.Segmentation;

/// <summary>
/// The n − 1 merges of an agglomerative clustering of n rows, in order of height (SciPy's linkage matrix <c>Z</c>), and
/// flat clusterings cut from it. Immutable.
/// </summary>
public sealed class Dendrogram
{
    private readonly DendrogramMerge[] _merges;

    internal Dendrogram(int leafCount, DendrogramMerge[] merges)
    {
        LeafCount = leafCount;
        _merges = merges;
        Merges = Array.AsReadOnly(merges);
    }

    /// <summary>Gets the number of rows (leaves).</summary>
    public int LeafCount { get; }

    /// <summary>Gets the merges, lowest first; merge s creates cluster id <see cref="LeafCount"/> + s.</summary>
    public IReadOnlyList<DendrogramMerge> Merges { get; }

    /// <summary>
    /// The flat clustering with <paramref name="numberOfClusters"/> clusters: all but the last k − 1 merges applied.
    /// Labels are 0 … k − 1 in order of each cluster's first row. When the heights have no ties at the cut this is
    /// SciPy's <c>fcluster(Z, k, 'maxclust')</c> up to renumbering; with ties it still gives exactly k clusters.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k is below 1 or above the number of leaves.</exception>
    public int[] CutIntoClusters(int numberOfClusters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfClusters, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numberOfClusters, LeafCount);
        return Cut(LeafCount - numberOfClusters, double.PositiveInfinity);
    }

    /// <summary>
    /// The flat clustering in which two rows share a cluster when a merge of height at most <paramref name="height"/>
    /// joins them (SciPy's <c>fcluster(Z, t, 'distance')</c>, up to renumbering). Labels are 0, 1, … in order of each
    /// cluster's first row.
    /// </summary>
    public int[] CutAtHeight(double height) => Cut(_merges.Length, height);

    /// <summary>The merges as SciPy's linkage matrix: n − 1 rows of (left, right, height, size), row-major.</summary>
    public double[] ToLinkageMatrix()
    {
        var result = new double[_merges.Length * 4];
        for (var s = 0; s < _merges.Length; s++)
        {
            result[4 * s] = _merges[s].Left;
            result[(4 * s) + 1] = _merges[s].Right;
            result[(4 * s) + 2] = _merges[s].Height;
            result[(4 * s) + 3] = _merges[s].Size;
        }
        return result;
    }

    private int[] Cut(int mergeCount, double height)
    {
        var n = LeafCount;
        var parent = new int[(2 * n) - 1];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }
        for (var s = 0; s < mergeCount; s++)
        {
            if (_merges[s].Height <= height)
            {
                parent[_merges[s].Left] = n + s;
                parent[_merges[s].Right] = n + s;
            }
        }
        var labels = new int[n];
        var numbers = new Dictionary<int, int>();
        for (var i = 0; i < n; i++)
        {
            var root = i;
            while (parent[root] != root)
            {
                root = parent[root];
            }
            // Compress the path so that the next leaves of the same cluster find the root at once.
            var node = i;
            while (parent[node] != root && node != root)
            {
                var up = parent[node];
                parent[node] = root;
                node = up;
            }
            if (!numbers.TryGetValue(root, out var label))
            {
                label = numbers.Count;
                numbers.Add(root, label);
            }
            labels[i] = label;
        }
        return labels;
    }

    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("merges");
        foreach (var merge in _merges)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(merge.Left);
            writer.WriteNumberValue(merge.Right);
            writer.WriteNumberValue(merge.Height);
            writer.WriteNumberValue(merge.Size);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    internal static Dendrogram Read(JsonElement root, int leafCount)
    {
        var array = root.GetProperty("merges");
        if (array.GetArrayLength() != leafCount - 1)
        {
            throw new FormatException($"A dendrogram of {leafCount} leaves has {leafCount - 1} merges, not {array.GetArrayLength()}.");
        }
        var merges = new DendrogramMerge[leafCount - 1];
        var s = 0;
        foreach (var merge in array.EnumerateArray())
        {
            var left = merge[0].GetInt32();
            var right = merge[1].GetInt32();
            if (left < 0 || right <= left || right >= leafCount + s)
            {
                throw new FormatException($"Merge {s} joins {left} and {right}, which do not exist yet.");
            }
            merges[s] = new DendrogramMerge(left, right, merge[2].GetDouble(), merge[3].GetInt32());
            s++;
        }
        return new Dendrogram(leafCount, merges);
    }
}
