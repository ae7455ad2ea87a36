namespace Clientele.Segmentation;

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
