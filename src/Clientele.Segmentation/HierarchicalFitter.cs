using Clientele.Core;

namespace Clientele.Segmentation;

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
public sealed class HierarchicalFitter(HierarchicalOptions options) : IClusterer
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
                _distances[toY] = HierarchicalFitter.Update(_linkage, _distances[Index(_n, i, x)], _distances[toY], between, sizeX, sizeY, Size[i]);
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
