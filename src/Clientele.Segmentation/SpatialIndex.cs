namespace Clientele.Segmentation;

/// <summary>Receives the points a <see cref="SpatialIndex"/> query finds; a struct, so that queries do not allocate.</summary>
internal interface INeighbourVisitor
{
    /// <summary>Called with the original row index of a point within the radius; return false to stop the query.</summary>
    bool Visit(int index);
}

/// <summary>
/// Fixed-radius neighbour queries over a fixed set of points (row-major, n × d): every point whose squared Euclidean
/// distance to the query is at most the squared radius, in no particular order.
/// </summary>
internal abstract class SpatialIndex
{
    private protected SpatialIndex(double[] points, int rows, int dimensions)
    {
        Points = points;
        Rows = rows;
        Dimensions = dimensions;
    }

    /// <summary>The indexed points in the index's own order (row-major).</summary>
    private protected double[] Points { get; }

    internal int Rows { get; }

    internal int Dimensions { get; }

    /// <summary>Visits every indexed point within <paramref name="radius"/> of <paramref name="point"/> (distance² ≤ radius²).</summary>
    internal abstract void VisitWithin<TVisitor>(ReadOnlySpan<double> point, double radius, ref TVisitor visitor)
        where TVisitor : struct, INeighbourVisitor;

    /// <summary>
    /// The index for radius queries of at most <paramref name="radius"/>: a grid when asked (or, automatically, for at
    /// most <see cref="GridIndex.MaximumDimensions"/> dimensions and coordinates the grid can hold), else a k-d tree,
    /// or brute force when asked.
    /// </summary>
    internal static SpatialIndex Create(double[] rowMajor, int rows, int dimensions, double radius, DbscanIndex kind)
    {
        switch (kind)
        {
            case DbscanIndex.BruteForce:
                return new BruteForceIndex(rowMajor, rows, dimensions);
            case DbscanIndex.KdTree:
                return new KdTree(rowMajor, rows, dimensions);
            case DbscanIndex.Grid:
                return GridIndex.TryCreate(rowMajor, rows, dimensions, radius)
                    ?? throw new ArgumentException(
                        $"A grid index needs at most {GridIndex.MaximumDimensions} dimensions and coordinates below 1e6 × epsilon; use {nameof(DbscanIndex.Automatic)}.");
            default:
                return GridIndex.TryCreate(rowMajor, rows, dimensions, radius) ?? (SpatialIndex)new KdTree(rowMajor, rows, dimensions);
        }
    }
}

/// <summary>Every query scans every point: O(n) per query, for tests and for high dimensions with few points.</summary>
internal sealed class BruteForceIndex(double[] points, int rows, int dimensions) : SpatialIndex(points, rows, dimensions)
{
    internal override void VisitWithin<TVisitor>(ReadOnlySpan<double> point, double radius, ref TVisitor visitor)
    {
        var radiusSquared = radius * radius;
        var points = Points.AsSpan();
        for (var i = 0; i < Rows; i++)
        {
            if (KMeansDistance.Squared(point, points.Slice(i * Dimensions, Dimensions)) <= radiusSquared && !visitor.Visit(i))
            {
                return;
            }
        }
    }
}

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

/// <summary>
/// A k-d tree (Bentley 1975) with axis-aligned bounding boxes per node: each node splits its points at the median of
/// the dimension in which its box is widest; leaves hold at most <see cref="LeafSize"/> points. Supports radius queries
/// and k-nearest-neighbour queries (ties broken by the lower original index). Queries use a stack on the call stack,
/// so they do not allocate.
/// </summary>
internal sealed class KdTree : SpatialIndex
{
    private const int LeafSize = 16;

    private readonly int[] _original;
    private readonly int[] _start;
    private readonly int[] _end;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly int _depth;

    internal KdTree(double[] rowMajor, int rows, int dimensions)
        : base(new double[rowMajor.Length], rows, dimensions)
    {
        var order = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            order[i] = i;
        }
        var start = new List<int>();
        var end = new List<int>();
        var left = new List<int>();
        var right = new List<int>();
        var lower = new List<double>();
        var upper = new List<double>();
        var pending = new Stack<(int Node, int Depth)>();
        var minimum = new double[dimensions];
        var maximum = new double[dimensions];
        AddNode(0, rows);
        pending.Push((0, 1));
        var depth = 1;
        while (pending.Count > 0)
        {
            var (node, level) = pending.Pop();
            depth = Math.Max(depth, level);
            var from = start[node];
            var to = end[node];
            if (to - from <= LeafSize)
            {
                continue;
            }
            var widest = 0;
            var width = -1.0;
            for (var j = 0; j < dimensions; j++)
            {
                var extent = upper[(node * dimensions) + j] - lower[(node * dimensions) + j];
                if (extent > width)
                {
                    width = extent;
                    widest = j;
                }
            }
            if (width <= 0)
            {
                continue; // all points equal: a leaf, however many
            }
            var middle = from + ((to - from) / 2);
            Select(rowMajor, dimensions, order, from, to - 1, middle, widest);
            var leftNode = AddNode(from, middle);
            var rightNode = AddNode(middle, to);
            left[node] = leftNode;
            right[node] = rightNode;
            pending.Push((leftNode, level + 1));
            pending.Push((rightNode, level + 1));
        }

        _original = order;
        for (var i = 0; i < rows; i++)
        {
            rowMajor.AsSpan(order[i] * dimensions, dimensions).CopyTo(Points.AsSpan(i * dimensions, dimensions));
        }
        _start = [.. start];
        _end = [.. end];
        _left = [.. left];
        _right = [.. right];
        _lower = [.. lower];
        _upper = [.. upper];
        _depth = depth;

        int AddNode(int from, int to)
        {
            Array.Fill(minimum, double.PositiveInfinity);
            Array.Fill(maximum, double.NegativeInfinity);
            for (var i = from; i < to; i++)
            {
                var row = rowMajor.AsSpan(order[i] * dimensions, dimensions);
                for (var j = 0; j < dimensions; j++)
                {
                    minimum[j] = Math.Min(minimum[j], row[j]);
                    maximum[j] = Math.Max(maximum[j], row[j]);
                }
            }
            start.Add(from);
            end.Add(to);
            left.Add(-1);
            right.Add(-1);
            lower.AddRange(minimum);
            upper.AddRange(maximum);
            return start.Count - 1;
        }
    }

    internal override void VisitWithin<TVisitor>(ReadOnlySpan<double> point, double radius, ref TVisitor visitor)
    {
        var radiusSquared = radius * radius;
        var dimensions = Dimensions;
        var points = Points.AsSpan();
        Span<int> stack = stackalloc int[_depth + 2];
        var top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var node = stack[--top];
            if (BoxDistanceSquared(node, point) > radiusSquared)
            {
                continue;
            }
            if (_left[node] < 0)
            {
                for (var i = _start[node]; i < _end[node]; i++)
                {
                    if (KMeansDistance.Squared(point, points.Slice(i * dimensions, dimensions)) <= radiusSquared && !visitor.Visit(_original[i]))
                    {
                        return;
                    }
                }
                continue;
            }
            stack[top++] = _right[node];
            stack[top++] = _left[node];
        }
    }

    /// <summary>
    /// The <paramref name="indices"/>.Length nearest indexed points to <paramref name="point"/> (original indices and
    /// squared distances, nearest first; equal distances by lower index). Needs at least that many points.
    /// </summary>
    internal void Nearest(ReadOnlySpan<double> point, Span<int> indices, Span<double> squaredDistances)
    {
        var k = indices.Length;
        var dimensions = Dimensions;
        var points = Points.AsSpan();
        var count = 0;
        Span<int> stack = stackalloc int[_depth + 2];
        var top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var node = stack[--top];
            if (count == k && BoxDistanceSquared(node, point) > squaredDistances[0])
            {
                continue;
            }
            if (_left[node] < 0)
            {
                for (var i = _start[node]; i < _end[node]; i++)
                {
                    var distance = KMeansDistance.Squared(point, points.Slice(i * dimensions, dimensions));
                    var index = _original[i];
                    if (count < k)
                    {
                        // Max-heap on (distance, index): the root is the worst of the best so far.
                        var child = count++;
                        while (child > 0)
                        {
                            var parent = (child - 1) / 2;
                            if (!Worse(distance, index, squaredDistances[parent], indices[parent]))
                            {
                                break;
                            }
                            squaredDistances[child] = squaredDistances[parent];
                            indices[child] = indices[parent];
                            child = parent;
                        }
                        squaredDistances[child] = distance;
                        indices[child] = index;
                    }
                    else if (Worse(squaredDistances[0], indices[0], distance, index))
                    {
                        SiftDown(squaredDistances, indices, distance, index);
                    }
                }
                continue;
            }
            var leftDistance = BoxDistanceSquared(_left[node], point);
            var rightDistance = BoxDistanceSquared(_right[node], point);
            if (leftDistance <= rightDistance)
            {
                stack[top++] = _right[node];
                stack[top++] = _left[node];
            }
            else
            {
                stack[top++] = _left[node];
                stack[top++] = _right[node];
            }
        }

        // Heap order to ascending order: repeatedly move the worst to the end.
        for (var size = count - 1; size > 0; size--)
        {
            var distance = squaredDistances[size];
            var index = indices[size];
            squaredDistances[size] = squaredDistances[0];
            indices[size] = indices[0];
            SiftDown(squaredDistances[..size], indices[..size], distance, index);
        }
    }

    private static bool Worse(double distance, int index, double otherDistance, int otherIndex) =>
        distance > otherDistance || (distance == otherDistance && index > otherIndex);

    /// <summary>Replaces the root of the max-heap with (distance, index) and restores the heap.</summary>
    private static void SiftDown(Span<double> distances, Span<int> indices, double distance, int index)
    {
        var size = distances.Length;
        var position = 0;
        while (true)
        {
            var child = (2 * position) + 1;
            if (child >= size)
            {
                break;
            }
            if (child + 1 < size && Worse(distances[child + 1], indices[child + 1], distances[child], indices[child]))
            {
                child++;
            }
            if (!Worse(distances[child], indices[child], distance, index))
            {
                break;
            }
            distances[position] = distances[child];
            indices[position] = indices[child];
            position = child;
        }
        distances[position] = distance;
        indices[position] = index;
    }

    private double BoxDistanceSquared(int node, ReadOnlySpan<double> point)
    {
        var lower = _lower.AsSpan(node * Dimensions, Dimensions);
        var upper = _upper.AsSpan(node * Dimensions, Dimensions);
        var total = 0.0;
        for (var j = 0; j < point.Length; j++)
        {
            var below = lower[j] - point[j];
            var above = point[j] - upper[j];
            var gap = Math.Max(0.0, Math.Max(below, above));
            total += gap * gap;
        }
        return total;
    }

    /// <summary>Quickselect: reorders order[from..to] so that position <paramref name="nth"/> holds its rank by coordinate <paramref name="dimension"/>.</summary>
    private static void Select(double[] points, int dimensions, int[] order, int from, int to, int nth, int dimension)
    {
        while (to > from)
        {
            // Median of three as pivot.
            var middle = from + ((to - from) / 2);
            var a = Key(from);
            var b = Key(middle);
            var c = Key(to);
            var pivot = Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
            var i = from;
            var j = to;
            while (i <= j)
            {
                while (Key(i) < pivot)
                {
                    i++;
                }
                while (Key(j) > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (order[i], order[j]) = (order[j], order[i]);
                    i++;
                    j--;
                }
            }
            if (nth <= j)
            {
                to = j;
            }
            else if (nth >= i)
            {
                from = i;
            }
            else
            {
                return;
            }
        }

        double Key(int position) => points[(order[position] * dimensions) + dimension];
    }
}
