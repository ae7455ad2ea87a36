using System.Text.Json;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>How the distance between two clusters is defined (the names and Lance–Williams updates of SciPy's <c>linkage</c>).</summary>
public enum Linkage
{
    /// <summary>
    /// Ward's minimum variance: merge the pair that least increases the within-cluster sum of squares. The height of a
    /// merge is SciPy's: <c>sqrt(2 |A| |B| / (|A| + |B|)) × ‖c_A − c_B‖</c>, which is the Euclidean distance for single points.
    /// </summary>
    Ward,

    /// <summary>UPGMA: the mean distance between the rows of the two clusters.</summary>
    Average,

    /// <summary>The largest distance between a row of one cluster and a row of the other.</summary>
    Complete,

    /// <summary>The smallest distance between a row of one cluster and a row of the other.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Single linkage is the method's name.")]
    Single,
}

/// <summary>Settings for <see cref="HierarchicalClusterer"/>; set exactly one of <see cref="NumberOfClusters"/> and <see cref="CutHeight"/>.</summary>
public sealed record HierarchicalOptions
{
    /// <summary>Gets the linkage.</summary>
    /// <value>The default value is <see cref="Linkage.Ward"/>.</value>
    public Linkage Linkage { get; init; } = Linkage.Ward;

    /// <summary>Gets the number of clusters to cut the dendrogram into (undoing its last k − 1 merges), or null to cut at <see cref="CutHeight"/>.</summary>
    /// <value>The default value is null.</value>
    public int? NumberOfClusters { get; init; }

    /// <summary>
    /// Gets the height at which to cut the dendrogram (every merge of height at most this is kept; SciPy's
    /// <c>fcluster(Z, t, 'distance')</c>), or null to cut into <see cref="NumberOfClusters"/>.
    /// </summary>
    /// <value>The default value is null.</value>
    public double? CutHeight { get; init; }

    /// <summary>
    /// Gets the largest number of rows clustered exactly. The algorithm keeps all pairwise distances (8 × n(n − 1) / 2
    /// bytes: 1.6 GB at 20,000 rows); above the limit, a seeded random sample of this many rows is clustered and every
    /// other row is assigned as <see cref="HierarchicalModel.Predict(ReadOnlySpan{double})"/> assigns a new point.
    /// </summary>
    /// <value>The default value is 20,000; at most 65,536.</value>
    public int SampleLimit { get; init; } = 20_000;

    /// <summary>Gets the seed of the sample drawn when there are more rows than <see cref="SampleLimit"/>.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Linkage))
        {
            throw new ArgumentException($"{nameof(Linkage)} {(int)Linkage} is not a linkage.", nameof(Linkage));
        }
        if (NumberOfClusters is null == CutHeight is null)
        {
            throw new ArgumentException(
                $"Set exactly one of {nameof(NumberOfClusters)} and {nameof(CutHeight)} (got {(NumberOfClusters is null ? "neither" : "both")}).",
                nameof(NumberOfClusters));
        }
        if (NumberOfClusters is < 1)
        {
            throw new ArgumentException($"{nameof(NumberOfClusters)} must be at least 1, got {NumberOfClusters}.", nameof(NumberOfClusters));
        }
        if (CutHeight is { } height && (!double.IsFinite(height) || height < 0))
        {
            throw new ArgumentException($"{nameof(CutHeight)} must be a finite number >= 0, got {height}.", nameof(CutHeight));
        }
        if (SampleLimit is < 2 or > HierarchicalClusterer.MaximumSampleLimit)
        {
            throw new ArgumentException(
                $"{nameof(SampleLimit)} must be between 2 and {HierarchicalClusterer.MaximumSampleLimit}, got {SampleLimit}.", nameof(SampleLimit));
        }
    }
}

/// <summary>One merge of a dendrogram, in SciPy's linkage-matrix convention.</summary>
/// <param name="Left">The smaller id of the two merged clusters: ids below the number of leaves are rows, id n + s is the cluster made by merge s.</param>
/// <param name="Right">The larger id of the two merged clusters.</param>
/// <param name="Height">The linkage distance between the two clusters.</param>
/// <param name="Size">The number of rows in the merged cluster.</param>
public readonly record struct DendrogramMerge(int Left, int Right, double Height, int Size);

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

/// <summary>
/// Agglomerative hierarchical clustering by the nearest-neighbour chain algorithm (Murtagh 1983; Müllner 2011,
/// "Modern hierarchical, agglomerative clustering algorithms", figure 4), with Lance–Williams updates on a condensed
/// matrix of Euclidean distances, as SciPy's <c>linkage</c>: the same merge heights and, after the same stable sort and
/// relabelling, the same linkage matrix. O(n²) time and memory, hence <see cref="HierarchicalOptions.SampleLimit"/>.
/// </summary>
/// <remarks>
/// All four linkages are reducible, which the chain algorithm needs. Above the sample limit a seeded sample is
/// clustered; the other rows go to the nearest cluster centroid (Ward) or to the cluster of the nearest sampled row
/// (the other linkages), the same rule <see cref="HierarchicalModel.Predict(ReadOnlySpan{double})"/> uses.
/// </remarks>
/// <param name="options">The settings; validated by <see cref="Fit"/>.</param>
public sealed class HierarchicalClusterer(HierarchicalOptions options) : IClusterer
{
    /// <summary>The largest sample limit: 65,536 rows have 2,147,450,880 pairwise distances, just below the largest .NET array.</summary>
    public const int MaximumSampleLimit = 65_536;

    private readonly HierarchicalOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Clusters the rows of <paramref name="data"/> (or of a sample, above the limit) and cuts the dendrogram.</summary>
    /// <exception cref="ArgumentException">
    /// The options are invalid, or the data has fewer than two rows, a NaN or infinity, fewer (sampled) rows than
    /// clusters, or only identical rows while k &gt; 1.
    /// </exception>
    public HierarchicalModel Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.Validate();
        ClusteringInput.Check(data, "Hierarchical clustering", _options.NumberOfClusters);
        int[]? sample = data.Rows > _options.SampleLimit ? ClusterQuality.SampleRows(data.Rows, _options.SampleLimit, _options.Seed) : null;
        var clustered = sample is null ? data : data.SelectRows(sample);
        if (_options.NumberOfClusters > clustered.Rows)
        {
            throw new ArgumentException(
                $"Hierarchical clustering into {_options.NumberOfClusters} clusters needs at least that many sampled rows; the sample limit is {_options.SampleLimit}.",
                nameof(data));
        }

        var dendrogram = BuildDendrogram(clustered, _options.Linkage);
        var clusteredLabels = _options.NumberOfClusters is { } k ? dendrogram.CutIntoClusters(k) : dendrogram.CutAtHeight(_options.CutHeight!.Value);
        var clusters = clusteredLabels.Max() + 1;
        var labels = sample is null ? clusteredLabels : new int[data.Rows];
        var clusteredRows = clustered.Values.ToArray();
        var ward = _options.Linkage == Linkage.Ward;
        var model = new HierarchicalModel(
            clusters,
            data.Columns,
            labels,
            _options.Linkage,
            dendrogram,
            _options.CutHeight,
            sample,
            clusteredLabels,
            ward ? HierarchicalModel.Centroids(clusteredRows, clusteredLabels, clusters, data.Columns) : [],
            ward ? [] : clusteredRows);
        if (sample is not null)
        {
            var inSample = new bool[data.Rows];
            for (var s = 0; s < sample.Length; s++)
            {
                inSample[sample[s]] = true;
                labels[sample[s]] = clusteredLabels[s];
            }
            Parallel.For(0, (data.Rows + KMeansWorkspace.BlockSize - 1) / KMeansWorkspace.BlockSize, block =>
            {
                var end = Math.Min(data.Rows, (block + 1) * KMeansWorkspace.BlockSize);
                for (var i = block * KMeansWorkspace.BlockSize; i < end; i++)
                {
                    if (!inSample[i])
                    {
                        labels[i] = model.Predict(data.Row(i));
                    }
                }
            });
        }
        return model;
    }

    ClusteringModel IClusterer.Fit(FeatureMatrix data) => Fit(data);

    /// <summary>
    /// The dendrogram of all rows of <paramref name="data"/> (no sampling): SciPy's <c>linkage(X, method)</c> with
    /// Euclidean distances.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The data has fewer than two rows, more than <see cref="MaximumSampleLimit"/>, or a NaN or infinity.
    /// </exception>
    public static Dendrogram BuildDendrogram(FeatureMatrix data, Linkage linkage)
    {
        ArgumentNullException.ThrowIfNull(data);
        ClusteringInput.Check(data, "Hierarchical clustering", null);
        if (data.Rows > MaximumSampleLimit)
        {
            throw new ArgumentException($"At most {MaximumSampleLimit} rows can be clustered exactly, got {data.Rows}.", nameof(data));
        }
        if (!Enum.IsDefined(linkage))
        {
            throw new ArgumentException($"{(int)linkage} is not a linkage.", nameof(linkage));
        }
        var n = data.Rows;
        var distances = CondensedDistances(data);
        var merges = NearestNeighbourChain(distances, n, linkage);

        // As SciPy: a stable sort by height, then ids from a union–find over the sorted merges.
        var order = new int[n - 1];
        for (var s = 0; s < order.Length; s++)
        {
            order[s] = s;
        }
        Array.Sort(order, (a, b) =>
        {
            var byHeight = merges[a].Height.CompareTo(merges[b].Height);
            return byHeight != 0 ? byHeight : a.CompareTo(b);
        });
        var parent = new int[(2 * n) - 1];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }
        var sizes = new int[(2 * n) - 1];
        Array.Fill(sizes, 1);
        var result = new DendrogramMerge[n - 1];
        for (var s = 0; s < order.Length; s++)
        {
            var merge = merges[order[s]];
            var x = FindAndCompress(parent, merge.Left);
            var y = FindAndCompress(parent, merge.Right);
            var id = n + s;
            parent[x] = id;
            parent[y] = id;
            sizes[id] = sizes[x] + sizes[y];
            result[s] = new DendrogramMerge(Math.Min(x, y), Math.Max(x, y), merge.Height, sizes[id]);
        }
        return new Dendrogram(n, result);
    }

    private static int FindAndCompress(int[] parent, int x)
    {
        var root = x;
        while (parent[root] != root)
        {
            root = parent[root];
        }
        while (parent[x] != root && x != root)
        {
            var up = parent[x];
            parent[x] = root;
            x = up;
        }
        return root;
    }

    /// <summary>Position of the pair (i, j), i &lt; j, in the condensed matrix (SciPy's <c>condensed_index</c>).</summary>
    private static long CondensedIndex(long n, long i, long j) => (n * i) - (i * (i + 1) / 2) + (j - i - 1);

    /// <summary>The Euclidean distance of every pair i &lt; j, row by row (SciPy's <c>pdist</c> order and arithmetic).</summary>
    private static double[] CondensedDistances(FeatureMatrix data)
    {
        var n = data.Rows;
        var distances = new double[(long)n * (n - 1) / 2];
        Parallel.For(0, n - 1, i =>
        {
            var row = data.Row(i);
            var offset = CondensedIndex(n, i, i + 1);
            for (var j = i + 1; j < n; j++)
            {
                distances[offset + j - i - 1] = Math.Sqrt(KMeansDistance.Squared(row, data.Row(j)));
            }
        });
        return distances;
    }

    /// <summary>
    /// SciPy's <c>nn_chain</c>: grow a chain of nearest neighbours until its last two are mutual nearest neighbours,
    /// merge them (the merged cluster takes the larger slot), update its distances by Lance–Williams, repeat. The live
    /// clusters are kept as an ascending array of slots; a scan finds the first minimum in slot order, preferring the
    /// previous element of the chain on a tie, exactly as SciPy, and is split over cores (each part's first minimum,
    /// combined in part order) when many clusters are live. Returns the merges in the order made, with slot numbers.
    /// </summary>
    private static DendrogramMerge[] NearestNeighbourChain(double[] distances, int n, Linkage linkage)
    {
        var chainState = new ChainState(distances, n, linkage);
        var size = chainState.Size;
        var chain = new int[n];
        var chainLength = 0;
        var merges = new DendrogramMerge[n - 1];
        for (var step = 0; step < n - 1; step++)
        {
            if (chainLength == 0)
            {
                chain[0] = chainState.Active[0];
                chainLength = 1;
            }
            int x;
            int y;
            double minimum;
            while (true)
            {
                x = chain[chainLength - 1];
                (minimum, y) = chainState.NearestTo(x);
                if (chainLength > 1)
                {
                    var previous = chain[chainLength - 2];
                    var toPrevious = distances[Index(n, x, previous)];
                    if (!(minimum < toPrevious))
                    {
                        minimum = toPrevious;
                        y = previous;
                    }
                }
                if (chainLength > 1 && y == chain[chainLength - 2])
                {
                    break;
                }
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y)
            {
                (x, y) = (y, x);
            }
            var sizeX = size[x];
            var sizeY = size[y];
            merges[step] = new DendrogramMerge(x, y, minimum, sizeX + sizeY);
            size[x] = 0;
            size[y] = sizeX + sizeY;
            chainState.Remove(x);
            chainState.Update(x, y, minimum, sizeX, sizeY);
        }
        return merges;
    }

    /// <summary>The condensed matrix, cluster sizes and live slots of a chain run, with the scans split over cores.</summary>
    private sealed class ChainState
    {
        /// <summary>Below this many live clusters a scan runs on one thread: splitting would cost more than it saves.</summary>
        private const int ParallelThreshold = 4096;

        private readonly double[] _distances;
        private readonly int _n;
        private readonly Linkage _linkage;
        private readonly int _parts = Math.Max(1, Math.Min(Environment.ProcessorCount, 8));
        private readonly double[] _partMinimum;
        private readonly int[] _partIndex;

        internal ChainState(double[] distances, int n, Linkage linkage)
        {
            _distances = distances;
            _n = n;
            _linkage = linkage;
            Size = new int[n];
            Array.Fill(Size, 1);
            Active = new int[n];
            for (var i = 0; i < n; i++)
            {
                Active[i] = i;
            }
            Count = n;
            _partMinimum = new double[_parts];
            _partIndex = new int[_parts];
        }

        internal int[] Size { get; }

        /// <summary>The live slots, ascending; the first <see cref="Count"/> entries are valid.</summary>
        internal int[] Active { get; }

        internal int Count { get; private set; }

        internal void Remove(int slot)
        {
            var position = Array.BinarySearch(Active, 0, Count, slot);
            Array.Copy(Active, position + 1, Active, position, Count - position - 1);
            Count--;
        }

        /// <summary>The smallest distance from slot <paramref name="x"/> to another live slot, and the first slot that has it.</summary>
        internal (double Minimum, int Slot) NearestTo(int x)
        {
            if (Count < ParallelThreshold || _parts == 1)
            {
                return ScanPart(x, 0, Count);
            }
            var length = (Count + _parts - 1) / _parts;
            Parallel.For(0, _parts, part =>
            {
                var (minimum, slot) = ScanPart(x, part * length, Math.Min(Count, (part + 1) * length));
                _partMinimum[part] = minimum;
                _partIndex[part] = slot;
            });
            var best = (_partMinimum[0], _partIndex[0]);
            for (var part = 1; part < _parts; part++)
            {
                if (_partMinimum[part] < best.Item1)
                {
                    best = (_partMinimum[part], _partIndex[part]);
                }
            }
            return best;
        }

        private (double Minimum, int Slot) ScanPart(int x, int from, int to)
        {
            var n = _n;
            var distances = _distances;
            var active = Active;
            var minimum = double.PositiveInfinity;
            var slot = -1;
            var rowOffset = CondensedIndex(n, x, x + 1) - x - 1;
            for (var position = from; position < to; position++)
            {
                var i = active[position];
                if (i == x)
                {
                    continue;
                }
                var distance = i < x ? distances[CondensedIndex(n, i, x)] : distances[rowOffset + i];
                if (distance < minimum)
                {
                    minimum = distance;
                    slot = i;
                }
            }
            return (minimum, slot);
        }

        /// <summary>Lance–Williams: the distance from every live slot to the merge of x and y (which lives in y).</summary>
        internal void Update(int x, int y, double between, int sizeX, int sizeY)
        {
            if (Count < ParallelThreshold || _parts == 1)
            {
                UpdatePart(x, y, between, sizeX, sizeY, 0, Count);
                return;
            }
            var length = (Count + _parts - 1) / _parts;
            Parallel.For(0, _parts, part => UpdatePart(x, y, between, sizeX, sizeY, part * length, Math.Min(Count, (part + 1) * length)));
        }

        private void UpdatePart(int x, int y, double between, int sizeX, int sizeY, int from, int to)
        {
            for (var position = from; position < to; position++)
            {
                var i = Active[position];
                if (i == y)
                {
                    continue;
                }
                var toY = Index(_n, i, y);
                _distances[toY] = HierarchicalClusterer.Update(_linkage, _distances[Index(_n, i, x)], _distances[toY], between, sizeX, sizeY, Size[i]);
            }
        }
    }

    private static long Index(int n, int a, int b) => a < b ? CondensedIndex(n, a, b) : CondensedIndex(n, b, a);

    /// <summary>The Lance–Williams update of the distance from cluster i to the merge of x and y (SciPy's formulas).</summary>
    private static double Update(Linkage linkage, double toX, double toY, double between, int sizeX, int sizeY, int sizeI)
    {
        switch (linkage)
        {
            case Linkage.Single:
                return Math.Min(toX, toY);
            case Linkage.Complete:
                return Math.Max(toX, toY);
            case Linkage.Average:
                return ((sizeX * toX) + (sizeY * toY)) / (sizeX + sizeY);
            default:
                var t = 1.0 / (sizeX + sizeY + sizeI);
                var squared = ((sizeI + sizeX) * t * toX * toX) + ((sizeI + sizeY) * t * toY * toY) - (sizeI * t * between * between);
                return Math.Sqrt(Math.Max(0.0, squared));
        }
    }
}

/// <summary>
/// A fitted hierarchical clustering: the dendrogram of the clustered rows (all, or a seeded sample), the cut, and the
/// label of every training row. A new point goes to the nearest cluster centroid (Ward; centroids of the clustered
/// rows) or to the cluster of the nearest clustered row (other linkages; ties to the lower row).
/// </summary>
/// <remarks>
/// JSON parameters: <c>linkage</c>, <c>cutHeight</c> (null when cut into k), <c>sampleIndices</c> (null when every row
/// was clustered), <c>merges</c> (rows of left, right, height, size), <c>clusteredLabels</c>, and <c>centroids</c> (Ward)
/// or <c>referencePoints</c> (the clustered rows; other linkages).
/// </remarks>
public sealed class HierarchicalModel : ClusteringModel
{
    /// <summary>The <see cref="ClusteringModel.Method"/> of a hierarchical model.</summary>
    public const string MethodName = "hierarchical";

    private readonly int[]? _sample;
    private readonly int[] _clusteredLabels;
    private readonly double[] _centroids;
    private readonly double[] _referencePoints;
    private readonly KdTree? _tree;

    internal HierarchicalModel(
        int numberOfClusters,
        int dimensions,
        int[] labels,
        Linkage linkage,
        Dendrogram dendrogram,
        double? cutHeight,
        int[]? sample,
        int[] clusteredLabels,
        double[] centroids,
        double[] referencePoints)
        : base(numberOfClusters, dimensions, labels)
    {
        Linkage = linkage;
        Dendrogram = dendrogram;
        CutHeight = cutHeight;
        _sample = sample;
        SampleIndices = sample is null ? null : Array.AsReadOnly(sample);
        _clusteredLabels = clusteredLabels;
        _centroids = centroids;
        _referencePoints = referencePoints;
        if (linkage != Linkage.Ward)
        {
            _tree = new KdTree(referencePoints, clusteredLabels.Length, dimensions);
        }
    }

    /// <summary>The mean of each cluster's rows (row-major, k × d).</summary>
    internal static double[] Centroids(double[] rows, int[] labels, int numberOfClusters, int dimensions)
    {
        var centroids = new double[numberOfClusters * dimensions];
        var counts = new int[numberOfClusters];
        for (var r = 0; r < labels.Length; r++)
        {
            var centroid = centroids.AsSpan(labels[r] * dimensions, dimensions);
            var row = rows.AsSpan(r * dimensions, dimensions);
            for (var j = 0; j < dimensions; j++)
            {
                centroid[j] += row[j];
            }
            counts[labels[r]]++;
        }
        for (var c = 0; c < numberOfClusters; c++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                centroids[(c * dimensions) + j] /= counts[c];
            }
        }
        return centroids;
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the linkage the dendrogram was built with.</summary>
    public Linkage Linkage { get; }

    /// <summary>Gets the dendrogram of the clustered rows (leaf i is clustered row i: training row i, or <see cref="SampleIndices"/>[i]).</summary>
    public Dendrogram Dendrogram { get; }

    /// <summary>Gets the height the dendrogram was cut at, or null when it was cut into a number of clusters.</summary>
    public double? CutHeight { get; }

    /// <summary>Gets the training rows that were clustered (ascending), or null when all were.</summary>
    public IReadOnlyList<int>? SampleIndices { get; }

    /// <summary>The nearest cluster centroid (Ward) or the cluster of the nearest clustered row (other linkages).</summary>
    public override int Predict(ReadOnlySpan<double> point)
    {
        CheckPoint(point);
        if (_tree is null)
        {
            return KMeansDistance.Nearest(point, _centroids, NumberOfClusters, out _);
        }
        Span<int> nearest = stackalloc int[1];
        Span<double> distance = stackalloc double[1];
        _tree.Nearest(point, nearest, distance);
        return _clusteredLabels[nearest[0]];
    }

    private protected override void WriteParameters(Utf8JsonWriter writer)
    {
        writer.WriteString("linkage", Linkage.ToString());
        if (CutHeight is { } height)
        {
            writer.WriteNumber("cutHeight", height);
        }
        else
        {
            writer.WriteNull("cutHeight");
        }
        if (_sample is null)
        {
            writer.WriteNull("sampleIndices");
        }
        else
        {
            ClusteringModelJson.WriteArray(writer, "sampleIndices", _sample);
        }
        Dendrogram.Write(writer);
        ClusteringModelJson.WriteArray(writer, "clusteredLabels", _clusteredLabels);
        if (Linkage == Linkage.Ward)
        {
            ClusteringModelJson.WriteMatrix(writer, "centroids", _centroids, Dimensions);
        }
        else
        {
            ClusteringModelJson.WriteMatrix(writer, "referencePoints", _referencePoints, Dimensions);
        }
    }

    internal static HierarchicalModel ReadJson(JsonElement root, int dimensions, int numberOfClusters, int[] labels)
    {
        if (!Enum.TryParse<Linkage>(root.GetProperty("linkage").GetString(), out var linkage) || !Enum.IsDefined(linkage))
        {
            throw new FormatException($"Unknown linkage \"{root.GetProperty("linkage").GetString()}\".");
        }
        var cut = root.GetProperty("cutHeight");
        double? cutHeight = cut.ValueKind == JsonValueKind.Null ? null : cut.GetDouble();
        var sampleElement = root.GetProperty("sampleIndices");
        var sample = sampleElement.ValueKind == JsonValueKind.Null ? null : ClusteringModelJson.IntArray(root, "sampleIndices");
        var clusteredLabels = ClusteringModelJson.IntArray(root, "clusteredLabels");
        if (clusteredLabels.Length < 2 || clusteredLabels.Any(label => label < 0 || label >= numberOfClusters) || numberOfClusters < 1)
        {
            throw new FormatException("\"clusteredLabels\" must hold a cluster id in 0 … numberOfClusters − 1 for each of at least two clustered rows.");
        }
        var dendrogram = Dendrogram.Read(root, clusteredLabels.Length);
        return linkage == Linkage.Ward
            ? new HierarchicalModel(
                numberOfClusters, dimensions, labels, linkage, dendrogram, cutHeight, sample, clusteredLabels,
                ClusteringModelJson.Matrix(root, "centroids", numberOfClusters, dimensions), [])
            : new HierarchicalModel(
                numberOfClusters, dimensions, labels, linkage, dendrogram, cutHeight, sample, clusteredLabels,
                [], ClusteringModelJson.Matrix(root, "referencePoints", clusteredLabels.Length, dimensions));
    }
}
