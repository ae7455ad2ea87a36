using System.Numerics;
using System.Numerics.Tensors;

namespace Clientele.Segmentation;

/// <summary>
/// The rows of a <see cref="KMeansWorkspace"/> minus the feature means, rounded to single precision, tile by tile as
/// the workspace's, with the largest centred row norm. Within a tile, rows come in chunks of <see cref="ChunkRows"/>:
/// feature j of row r at <c>[(r / ChunkRows) × ChunkRows × d + j × ChunkRows + r mod ChunkRows]</c>.
/// </summary>
/// <remarks>
/// Centring first keeps single precision useful wherever the data sit: distances do not change under a translation,
/// but the rounding error of <c>‖c‖² − 2⟨x, c⟩</c> grows with the norms, and data 10⁹ from the origin would otherwise
/// leave nothing for single precision to decide. The subtraction is done in double, so it moves each value by at most
/// a double rounding of the centred value.
/// The chunks make the filter's reads one sequential stream: with a tile's features a kilobyte apart, eight
/// interleaved streams left the hardware prefetcher behind and the kernel waiting on memory (2.7 times slower on the
/// machine measured).
/// </remarks>
internal sealed class CentredSingleRows
{
    private readonly KMeansWorkspace _workspace;

    internal CentredSingleRows(KMeansWorkspace workspace)
    {
        _workspace = workspace;
        var dimensions = workspace.Dimensions;
        var means = workspace.FeatureMeans();
        Means = means;
        var values = new float[workspace.TransposedRows.Length];
        var chunk = ChunkRows;
        var blockLargest = new double[workspace.BlockCount];
        workspace.ForEachBlock((block, _) =>
        {
            Span<double> centred = stackalloc double[DistanceTile.Size];
            Span<double> squares = stackalloc double[DistanceTile.Size];
            Span<float> rounded = stackalloc float[DistanceTile.Size];
            var largest = 0.0;
            var end = workspace.BlockEnd(block);
            for (var start = KMeansWorkspace.BlockStart(block); start < end; start += DistanceTile.Size)
            {
                var count = Math.Min(DistanceTile.Size, end - start);
                var tile = workspace.Tile(start);
                var offset = workspace.TileOffset(start);
                squares.Clear();
                for (var j = 0; j < dimensions; j++)
                {
                    // The whole tile, padding included, so that the kernel's padded lanes read finite values.
                    TensorPrimitives.Subtract(tile.Slice(j * DistanceTile.Size, DistanceTile.Size), means[j], centred);
                    var loaded = centred[..count];
                    TensorPrimitives.MultiplyAdd(loaded, loaded, squares[..count], squares[..count]);
                    Narrow(centred, rounded);
                    for (var first = 0; first < DistanceTile.Size; first += chunk)
                    {
                        rounded.Slice(first, chunk).CopyTo(values.AsSpan(offset + (first * dimensions) + (j * chunk), chunk));
                    }
                }
                largest = Math.Max(largest, TensorPrimitives.Max<double>(squares[..count]));
            }
            blockLargest[block] = largest;
        });
        Values = values;
        LargestNorm = Math.Sqrt(blockLargest.Length == 0 ? 0.0 : blockLargest.Max());
    }

    /// <summary>Rows per chunk: two vectors of single-precision values, the filter kernel's step (a divisor of <see cref="DistanceTile.Size"/>).</summary>
    internal static int ChunkRows => 2 * Vector<float>.Count;

    /// <summary>The feature means the rows were centred on.</summary>
    internal double[] Means { get; }

    /// <summary>The centred rows, tile by tile.</summary>
    internal float[] Values { get; }

    /// <summary>The largest Euclidean norm of a centred row (in double, before rounding).</summary>
    internal double LargestNorm { get; }

    /// <summary>The tile that starts at row <paramref name="start"/> (a multiple of <see cref="DistanceTile.Size"/>).</summary>
    internal ReadOnlySpan<float> Tile(int start) => Values.AsSpan(_workspace.TileOffset(start), _workspace.Dimensions * DistanceTile.Size);

    /// <summary>Rounds <paramref name="source"/> to the nearest single-precision values, two double vectors into one float vector.</summary>
    private static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        var width = Vector<double>.Count;
        var v = 0;
        for (; v + (2 * width) <= source.Length; v += 2 * width)
        {
            Vector.Narrow(new Vector<double>(source[v..]), new Vector<double>(source[(v + width)..])).CopyTo(destination[v..]);
        }
        for (; v < source.Length; v++)
        {
            destination[v] = (float)source[v];
        }
    }
}
