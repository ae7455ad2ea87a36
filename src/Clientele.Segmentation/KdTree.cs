namespace Clientele.Segmentation;

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
