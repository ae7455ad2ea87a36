using System.Text.Json;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>The spatial index DBSCAN uses for its ε-neighbourhood queries.</summary>
public enum DbscanIndex
{
    /// <summary>A grid (cells of side ε) for at most 4 dimensions, a k-d tree above.</summary>
    Automatic,

    /// <summary>A grid with cells of side ε; at most 4 dimensions.</summary>
    Grid,

    /// <summary>A k-d tree with median splits.</summary>
    KdTree,

    /// <summary>No index: every query scans every row (O(n²) in all; for checking the others).</summary>
    BruteForce,
}

/// <summary>Settings for <see cref="DbscanClusterer"/>; the names follow scikit-learn's <c>DBSCAN</c>.</summary>
public sealed record DbscanOptions
{
    /// <summary>
    /// Gets the neighbourhood radius ε: rows at Euclidean distance at most ε are neighbours (scikit-learn's
    /// <c>eps</c>). <see cref="DbscanEpsilon.Suggest"/> proposes one from the data.
    /// </summary>
    /// <value>Required; a finite number above 0.</value>
    public required double Epsilon { get; init; }

    /// <summary>
    /// Gets the number of rows, the row itself included, that must lie within ε of a row for it to be a core point
    /// (scikit-learn's <c>min_samples</c>).
    /// </summary>
    /// <value>The default value is 5.</value>
    public int MinimumPoints { get; init; } = 5;

    /// <summary>Gets the spatial index for the neighbourhood queries; the labels do not depend on it.</summary>
    /// <value>The default value is <see cref="DbscanIndex.Automatic"/>.</value>
    public DbscanIndex Index { get; init; } = DbscanIndex.Automatic;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its valid range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(Epsilon) || Epsilon <= 0)
        {
            throw new ArgumentException($"{nameof(Epsilon)} must be a finite number above 0, got {Epsilon}.", nameof(Epsilon));
        }
        if (MinimumPoints < 1)
        {
            throw new ArgumentException($"{nameof(MinimumPoints)} must be at least 1, got {MinimumPoints}.", nameof(MinimumPoints));
        }
        if (!Enum.IsDefined(Index))
        {
            throw new ArgumentException($"{nameof(Index)} {(int)Index} is not a DBSCAN index.", nameof(Index));
        }
    }
}

/// <summary>
/// DBSCAN (Ester, Kriegel, Sander &amp; Xu, KDD 1996) with Euclidean distance, labelled exactly as scikit-learn's
/// <c>DBSCAN</c>: a row is a core point when at least <see cref="DbscanOptions.MinimumPoints"/> rows (itself included)
/// lie within ε; core points within ε of each other share a cluster; clusters are numbered 0, 1, … in the order of
/// their first core point (by row); a non-core row within ε of a core point is a border point and takes the lowest
/// cluster id among its core neighbours (the first cluster scikit-learn's expansion reaches it with); every other row
/// is noise, −1.
/// </summary>
/// <remarks>
/// Three parallel passes: count each row's neighbours (an ε-query through a grid for ≤ 4 dimensions, a k-d tree
/// above); join core points within ε with a lock-free union–find (linking the larger root under the smaller, so the
/// partition and numbering do not depend on scheduling), cell pair by cell pair on the grid, skipping cells already
/// joined; give each border point its cluster. Memory O(n); the neighbourhoods are never stored.
/// </remarks>
/// <param name="options">The settings; validated by <see cref="Fit"/>.</param>
public sealed class DbscanClusterer(DbscanOptions options) : IClusterer
{
    private readonly DbscanOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Clusters the rows of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid, or the data has fewer than two rows or a NaN or infinity.</exception>
    public DbscanModel Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _options.Validate();
        ClusteringInput.Check(data, "DBSCAN", null);
        var rows = data.Rows;
        var dimensions = data.Columns;
        var epsilon = _options.Epsilon;
        var minimumPoints = _options.MinimumPoints;
        var values = data.Values.ToArray();
        var index = SpatialIndex.Create(values, rows, dimensions, epsilon, _options.Index);
        var blocks = (rows + KMeansWorkspace.BlockSize - 1) / KMeansWorkspace.BlockSize;

        // 1. Core points.
        var core = new bool[rows];
        Parallel.For(0, blocks, block =>
        {
            var end = Math.Min(rows, (block + 1) * KMeansWorkspace.BlockSize);
            for (var i = block * KMeansWorkspace.BlockSize; i < end; i++)
            {
                var counter = new CountUpTo(minimumPoints);
                index.VisitWithin(values.AsSpan(i * dimensions, dimensions), epsilon, ref counter);
                core[i] = counter.Count >= minimumPoints;
            }
        });

        // 2. Join core points within ε of each other.
        var parent = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            parent[i] = i;
        }
        if (index is GridIndex grid)
        {
            grid.JoinCorePoints(core, parent);
        }
        else
        {
            Parallel.For(0, blocks, block =>
            {
                var end = Math.Min(rows, (block + 1) * KMeansWorkspace.BlockSize);
                for (var i = block * KMeansWorkspace.BlockSize; i < end; i++)
                {
                    if (core[i])
                    {
                        var joiner = new JoinCoreNeighbours(i, core, parent);
                        index.VisitWithin(values.AsSpan(i * dimensions, dimensions), epsilon, ref joiner);
                    }
                }
            });
        }

        // 3. Number the clusters in order of their first core point; each root is its component's smallest row.
        var labels = new int[rows];
        Array.Fill(labels, -1);
        var clusters = 0;
        var coreCount = 0;
        for (var i = 0; i < rows; i++)
        {
            if (!core[i])
            {
                continue;
            }
            coreCount++;
            var root = ConcurrentUnionFind.Find(parent, i);
            labels[i] = root == i ? clusters++ : labels[root];
        }

        // 4. Border points: the lowest cluster among their core neighbours.
        Parallel.For(0, blocks, block =>
        {
            var end = Math.Min(rows, (block + 1) * KMeansWorkspace.BlockSize);
            for (var i = block * KMeansWorkspace.BlockSize; i < end; i++)
            {
                if (!core[i])
                {
                    var finder = new LowestCoreLabel(core, labels);
                    index.VisitWithin(values.AsSpan(i * dimensions, dimensions), epsilon, ref finder);
                    labels[i] = finder.Label;
                }
            }
        });

        var coreIndices = new int[coreCount];
        var corePoints = new double[coreCount * dimensions];
        var coreLabels = new int[coreCount];
        var next = 0;
        for (var i = 0; i < rows; i++)
        {
            if (core[i])
            {
                coreIndices[next] = i;
                coreLabels[next] = labels[i];
                data.Row(i).CopyTo(corePoints.AsSpan(next * dimensions, dimensions));
                next++;
            }
        }
        return new DbscanModel(clusters, dimensions, labels, epsilon, minimumPoints, coreIndices, corePoints, coreLabels, _options.Index);
    }

    ClusteringModel IClusterer.Fit(FeatureMatrix data) => Fit(data);

    /// <summary>Counts neighbours, stopping at the number that makes a core point.</summary>
    private struct CountUpTo(int limit) : INeighbourVisitor
    {
        public int Count { get; private set; }

        public bool Visit(int index)
        {
            Count++;
            return Count < limit;
        }
    }

    private readonly struct JoinCoreNeighbours(int row, bool[] core, int[] parent) : INeighbourVisitor
    {
        public bool Visit(int index)
        {
            if (index > row && core[index])
            {
                ConcurrentUnionFind.Union(parent, row, index);
            }
            return true;
        }
    }
}

/// <summary>Finds the lowest label among the core points a query visits (−1 when it visits none).</summary>
internal struct LowestCoreLabel(bool[]? core, int[] labels) : INeighbourVisitor
{
    public int Label { get; private set; } = -1;

    public bool Visit(int index)
    {
        if (core is null || core[index])
        {
            var label = labels[index];
            if (Label < 0 || label < Label)
            {
                Label = label;
            }
        }
        return true;
    }
}

/// <summary>
/// A lock-free union–find on an int array (parent pointers): roots are linked larger under smaller with a
/// compare-and-swap, so each component's root is its smallest element whatever the order of the unions.
/// </summary>
internal static class ConcurrentUnionFind
{
    internal static int Find(int[] parent, int x)
    {
        while (true)
        {
            var p = Volatile.Read(ref parent[x]);
            if (p == x)
            {
                return x;
            }
            var grandparent = Volatile.Read(ref parent[p]);
            if (grandparent != p)
            {
                // Path halving; losing the race is harmless, the pointer only ever moves closer to the root.
                Interlocked.CompareExchange(ref parent[x], grandparent, p);
            }
            x = p;
        }
    }

    internal static void Union(int[] parent, int a, int b)
    {
        while (true)
        {
            var rootA = Find(parent, a);
            var rootB = Find(parent, b);
            if (rootA == rootB)
            {
                return;
            }
            var (low, high) = rootA < rootB ? (rootA, rootB) : (rootB, rootA);
            if (Interlocked.CompareExchange(ref parent[high], low, high) == high)
            {
                return;
            }
        }
    }
}

/// <summary>
/// A fitted DBSCAN: the training labels (−1 = noise), ε, the minimum number of points, and the core points with their
/// clusters. A new point takes the lowest cluster id among the core points within ε of it, or −1 when there is none:
/// the rule that gives border points their training label, so predicting the training rows gives <see cref="ClusteringModel.Labels"/>.
/// </summary>
/// <remarks>
/// JSON parameters: <c>epsilon</c>, <c>minimumPoints</c>, <c>coreSampleIndices</c>, <c>coreLabels</c>, <c>corePoints</c>
/// (one row per core point). <see cref="ClusteringModel.NumberOfClusters"/> is 0 when every row is noise.
/// </remarks>
public sealed class DbscanModel : ClusteringModel
{
    /// <summary>The <see cref="ClusteringModel.Method"/> of a DBSCAN model.</summary>
    public const string MethodName = "dbscan";

    private readonly int[] _coreIndices;
    private readonly double[] _corePoints;
    private readonly int[] _coreLabels;
    private readonly SpatialIndex _index;

    internal DbscanModel(
        int numberOfClusters, int dimensions, int[] labels, double epsilon, int minimumPoints, int[] coreIndices, double[] corePoints, int[] coreLabels, DbscanIndex index)
        : base(numberOfClusters, dimensions, labels)
    {
        Epsilon = epsilon;
        MinimumPoints = minimumPoints;
        _coreIndices = coreIndices;
        _corePoints = corePoints;
        _coreLabels = coreLabels;
        CoreSampleIndices = Array.AsReadOnly(coreIndices);
        _index = SpatialIndex.Create(corePoints, coreIndices.Length, dimensions, epsilon, index == DbscanIndex.BruteForce ? index : DbscanIndex.Automatic);
    }

    /// <inheritdoc/>
    public override string Method => MethodName;

    /// <summary>Gets the neighbourhood radius ε the model was fitted with.</summary>
    public double Epsilon { get; }

    /// <summary>Gets the minimum number of points of a core point's neighbourhood.</summary>
    public int MinimumPoints { get; }

    /// <summary>Gets the training rows that are core points, ascending (scikit-learn's <c>core_sample_indices_</c>).</summary>
    public IReadOnlyList<int> CoreSampleIndices { get; }

    /// <summary>Gets the number of training rows labelled noise (−1).</summary>
    public int NoiseCount => Labels.Count(label => label < 0);

    /// <summary>The lowest cluster id among the core points within ε of <paramref name="point"/>, or −1 (noise).</summary>
    public override int Predict(ReadOnlySpan<double> point)
    {
        CheckPoint(point);
        var finder = new LowestCoreLabel(null, _coreLabels);
        _index.VisitWithin(point, Epsilon, ref finder);
        return finder.Label;
    }

    private protected override void WriteParameters(Utf8JsonWriter writer)
    {
        writer.WriteNumber("epsilon", Epsilon);
        writer.WriteNumber("minimumPoints", MinimumPoints);
        ClusteringModelJson.WriteArray(writer, "coreSampleIndices", _coreIndices);
        ClusteringModelJson.WriteArray(writer, "coreLabels", _coreLabels);
        ClusteringModelJson.WriteMatrix(writer, "corePoints", _corePoints, Dimensions);
    }

    internal static DbscanModel ReadJson(JsonElement root, int dimensions, int numberOfClusters, int[] labels)
    {
        var coreIndices = ClusteringModelJson.IntArray(root, "coreSampleIndices");
        var coreLabels = ClusteringModelJson.IntArray(root, "coreLabels");
        if (coreLabels.Length != coreIndices.Length || coreLabels.Any(label => label < 0 || label >= numberOfClusters))
        {
            throw new FormatException("\"coreLabels\" must hold one cluster id in 0 … numberOfClusters − 1 per core point.");
        }
        var corePoints = ClusteringModelJson.Matrix(root, "corePoints", coreIndices.Length, dimensions);
        var epsilon = ClusteringModelJson.Double(root, "epsilon");
        if (!double.IsFinite(epsilon) || epsilon <= 0)
        {
            throw new FormatException($"\"epsilon\" must be above 0, got {epsilon}.");
        }
        return new DbscanModel(
            numberOfClusters, dimensions, labels, epsilon, ClusteringModelJson.Int(root, "minimumPoints"), coreIndices, corePoints, coreLabels, DbscanIndex.Automatic);
    }
}
