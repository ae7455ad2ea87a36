namespace Clientele.Segmentation;

/// <summary>
/// A uniform grid for low dimensions: cells of side slightly above the radius it was built for, so that every point
/// within that radius of a query lies in the query's cell or one of its 3^d − 1 neighbours. Points are stored sorted by
/// cell (contiguous per cell); a dictionary maps a cell's integer coordinates to its range.
/// </summary>
internal sealed class GridIndex : SpatialIndex
{
    /// <summary>At most 4 dimensions: a query looks at 3^d cells.</summary>
    internal const int MaximumDimensions = 4;

    /// <summary>Indexed points' coordinates, in cells, are kept below this so that the cell arithmetic stays exact.</summary>
    private const double MaximumScaledCoordinate = 1e6;

    /// <summary>
    /// A query beyond this many cells has no indexed point within one cell of it, so it has no neighbours; up to it,
    /// its cell is computed exactly.
    /// </summary>
    private const double MaximumQueryScaledCoordinate = 2 * MaximumScaledCoordinate;

    private readonly double _side;
    private readonly double _radius;
    private readonly int[] _original;
    private readonly int[] _cellStart;
    private readonly Dictionary<Cell, int> _cells;
    private readonly int[] _offsets;
    private readonly int _neighbourCells;
    private readonly Cell[] _cellKeys;

    private GridIndex(
        double[] sortedPoints, int rows, int dimensions, double radius, double side, int[] original, int[] cellStart, Dictionary<Cell, int> cells, Cell[] cellKeys)
        : base(sortedPoints, rows, dimensions)
    {
        _radius = radius;
        _side = side;
        _original = original;
        _cellStart = cellStart;
        _cells = cells;
        _cellKeys = cellKeys;
        _neighbourCells = 1;
        for (var j = 0; j < dimensions; j++)
        {
            _neighbourCells *= 3;
        }
        _offsets = new int[_neighbourCells * MaximumDimensions];
        for (var combination = 0; combination < _neighbourCells; combination++)
        {
            var rest = combination;
            for (var j = 0; j < dimensions; j++)
            {
                _offsets[(combination * MaximumDimensions) + j] = (rest % 3) - 1;
                rest /= 3;
            }
        }
    }

    /// <summary>A grid for queries of radius at most <paramref name="radius"/>, or null when the data does not suit one.</summary>
    internal static GridIndex? TryCreate(double[] rowMajor, int rows, int dimensions, double radius)
    {
        if (dimensions > MaximumDimensions || !(radius > 0) || !double.IsFinite(radius))
        {
            return null;
        }
        var side = radius * (1 + 1e-9);
        var keys = new Cell[rows];
        for (var i = 0; i < rows; i++)
        {
            if (!TryCellOf(rowMajor.AsSpan(i * dimensions, dimensions), side, MaximumScaledCoordinate, out keys[i]))
            {
                return null;
            }
        }
        var order = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            order[i] = i;
        }
        Array.Sort(keys, order);
        var sorted = new double[rowMajor.Length];
        var cellStarts = new List<int>();
        var cellKeys = new List<Cell>();
        var cells = new Dictionary<Cell, int>();
        for (var i = 0; i < rows; i++)
        {
            rowMajor.AsSpan(order[i] * dimensions, dimensions).CopyTo(sorted.AsSpan(i * dimensions, dimensions));
            if (i == 0 || !keys[i].Equals(keys[i - 1]))
            {
                cells.Add(keys[i], cellStarts.Count);
                cellStarts.Add(i);
                cellKeys.Add(keys[i]);
            }
        }
        cellStarts.Add(rows);
        return new GridIndex(sorted, rows, dimensions, radius, side, order, [.. cellStarts], cells, [.. cellKeys]);
    }

    internal override void VisitWithin<TVisitor>(ReadOnlySpan<double> point, double radius, ref TVisitor visitor)
    {
        if (radius > _radius)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), "The grid was built for a smaller radius.");
        }
        if (!TryCellOf(point, _side, MaximumQueryScaledCoordinate, out var centre))
        {
            return; // Farther than any cell the grid can hold: no point is within the radius.
        }
        var radiusSquared = radius * radius;
        var points = Points.AsSpan();
        var dimensions = Dimensions;
        for (var combination = 0; combination < _neighbourCells; combination++)
        {
            var offset = _offsets.AsSpan(combination * MaximumDimensions, MaximumDimensions);
            var cell = new Cell(centre.A + offset[0], centre.B + offset[1], centre.C + offset[2], centre.D + offset[3]);
            if (!_cells.TryGetValue(cell, out var number))
            {
                continue;
            }
            var end = _cellStart[number + 1];
            for (var i = _cellStart[number]; i < end; i++)
            {
                if (KMeansDistance.Squared(point, points.Slice(i * dimensions, dimensions)) <= radiusSquared && !visitor.Visit(_original[i]))
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// DBSCAN's join step, cell pair by cell pair: makes every two core points (by original index) within the grid's
    /// radius of each other share a component of the union–find <paramref name="parent"/>. Each unordered pair of
    /// neighbouring cells is handled once (cells in parallel). When the core points of the neighbour cell already form
    /// one component, a core point needs only one Find, or one neighbour found within the radius, instead of a scan of
    /// the cell: dense data costs about O(points × neighbouring cells) rather than O(points × neighbours).
    /// </summary>
    internal void JoinCorePoints(bool[] core, int[] parent)
    {
        var radiusSquared = _radius * _radius;
        var dimensions = Dimensions;
        var cellCount = _cellKeys.Length;
        Parallel.For(0, (cellCount + 255) / 256, chunk =>
        {
            var points = Points.AsSpan();
            var end = Math.Min(cellCount, (chunk + 1) * 256);
            for (var a = chunk * 256; a < end; a++)
            {
                var key = _cellKeys[a];
                for (var combination = 0; combination < _neighbourCells; combination++)
                {
                    var offset = _offsets.AsSpan(combination * MaximumDimensions, MaximumDimensions);
                    if (!IsForward(offset))
                    {
                        continue;
                    }
                    var neighbour = new Cell(key.A + offset[0], key.B + offset[1], key.C + offset[2], key.D + offset[3]);
                    if (!_cells.TryGetValue(neighbour, out var b))
                    {
                        continue;
                    }
                    if (a == b)
                    {
                        JoinWithinCell(a, core, parent, points, radiusSquared, dimensions);
                    }
                    else
                    {
                        JoinCells(a, b, core, parent, points, radiusSquared, dimensions);
                    }
                }
            }
        });
    }

    /// <summary>Whether an offset is the zero offset or lexicographically positive (half of all neighbour offsets).</summary>
    private static bool IsForward(ReadOnlySpan<int> offset)
    {
        foreach (var component in offset)
        {
            if (component != 0)
            {
                return component > 0;
            }
        }
        return true;
    }

    private void JoinWithinCell(int cell, bool[] core, int[] parent, ReadOnlySpan<double> points, double radiusSquared, int dimensions)
    {
        var start = _cellStart[cell];
        var end = _cellStart[cell + 1];
        for (var p = start; p < end; p++)
        {
            var first = _original[p];
            if (!core[first])
            {
                continue;
            }
            var row = points.Slice(p * dimensions, dimensions);
            for (var q = p + 1; q < end; q++)
            {
                var second = _original[q];
                if (core[second]
                    && ConcurrentUnionFind.Find(parent, first) != ConcurrentUnionFind.Find(parent, second)
                    && KMeansDistance.Squared(row, points.Slice(q * dimensions, dimensions)) <= radiusSquared)
                {
                    ConcurrentUnionFind.Union(parent, first, second);
                }
            }
        }
    }

    private void JoinCells(int a, int b, bool[] core, int[] parent, ReadOnlySpan<double> points, double radiusSquared, int dimensions)
    {
        var startB = _cellStart[b];
        var endB = _cellStart[b + 1];
        var rootB = SingleComponentRoot(b, core, parent);
        if (rootB == -2)
        {
            return; // no core point in b
        }
        for (var p = _cellStart[a]; p < _cellStart[a + 1]; p++)
        {
            var first = _original[p];
            if (!core[first])
            {
                continue;
            }
            var row = points.Slice(p * dimensions, dimensions);
            if (rootB >= 0)
            {
                // b's core points are one component (and stay so): p needs one neighbour in b, or none.
                rootB = ConcurrentUnionFind.Find(parent, rootB);
                if (ConcurrentUnionFind.Find(parent, first) == rootB)
                {
                    continue;
                }
                for (var q = startB; q < endB; q++)
                {
                    var second = _original[q];
                    if (core[second] && KMeansDistance.Squared(row, points.Slice(q * dimensions, dimensions)) <= radiusSquared)
                    {
                        ConcurrentUnionFind.Union(parent, first, second);
                        break;
                    }
                }
                continue;
            }
            for (var q = startB; q < endB; q++)
            {
                var second = _original[q];
                if (core[second]
                    && ConcurrentUnionFind.Find(parent, first) != ConcurrentUnionFind.Find(parent, second)
                    && KMeansDistance.Squared(row, points.Slice(q * dimensions, dimensions)) <= radiusSquared)
                {
                    ConcurrentUnionFind.Union(parent, first, second);
                }
            }
        }
    }

    /// <summary>The root shared by all core points of a cell, −1 when they are in several components, −2 when there are none.</summary>
    private int SingleComponentRoot(int cell, bool[] core, int[] parent)
    {
        var root = -2;
        for (var q = _cellStart[cell]; q < _cellStart[cell + 1]; q++)
        {
            var point = _original[q];
            if (!core[point])
            {
                continue;
            }
            var pointRoot = ConcurrentUnionFind.Find(parent, point);
            if (root == -2)
            {
                root = pointRoot;
            }
            else if (pointRoot != root)
            {
                return -1;
            }
        }
        return root;
    }

    private static bool TryCellOf(ReadOnlySpan<double> point, double side, double limit, out Cell cell)
    {
        Span<long> coordinates = stackalloc long[MaximumDimensions];
        coordinates.Clear();
        for (var j = 0; j < point.Length; j++)
        {
            var scaled = Math.Floor(point[j] / side);
            if (!(Math.Abs(scaled) < limit))
            {
                cell = default;
                return false;
            }
            coordinates[j] = (long)scaled;
        }
        cell = new Cell(coordinates[0], coordinates[1], coordinates[2], coordinates[3]);
        return true;
    }

    /// <summary>Integer cell coordinates (unused dimensions are 0), ordered lexicographically.</summary>
    private readonly record struct Cell(long A, long B, long C, long D) : IComparable<Cell>
    {
        public int CompareTo(Cell other)
        {
            var result = A.CompareTo(other.A);
            if (result == 0)
            {
                result = B.CompareTo(other.B);
            }
            if (result == 0)
            {
                result = C.CompareTo(other.C);
            }
            return result == 0 ? D.CompareTo(other.D) : result;
        }
    }
}
