namespace Clientele.Value;

/// <summary>
/// Sums a per-row quantity over rows in blocks on all cores. Each block writes its own partial sums and the partials
/// are added in block order, so the result does not depend on the number of threads or their timing.
/// </summary>
internal static class BlockParallel
{
    /// <summary>Rows per block: large enough to amortise the scheduling, small enough to balance two to a few dozen cores.</summary>
    public const int BlockSize = 4096;

    public delegate void Kernel(int start, int end, Span<double> sums);

    /// <summary>Writes to <paramref name="totals"/> the sums over all rows of the <paramref name="totals"/>.Length quantities the kernel adds up.</summary>
    public static void Sum(int rows, Kernel kernel, Span<double> totals)
    {
        var width = totals.Length;
        var blocks = (rows + BlockSize - 1) / BlockSize;
        totals.Clear();
        if (blocks <= 1)
        {
            kernel(0, rows, totals);
            return;
        }
        var partials = new double[blocks * width];
        Parallel.For(0, blocks, block =>
        {
            var start = block * BlockSize;
            kernel(start, Math.Min(rows, start + BlockSize), partials.AsSpan(block * width, width));
        });
        for (var block = 0; block < blocks; block++)
        {
            for (var k = 0; k < width; k++)
            {
                totals[k] += partials[(block * width) + k];
            }
        }
    }
}
