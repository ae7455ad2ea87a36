using Clientele.Core;

namespace Clientele.Segmentation;

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
public sealed class DbscanFitter(DbscanOptions options) : IClusterer
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
