using System.Numerics;

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
        var values = new float[checked(((workspace.Rows + DistanceTile.Size - 1) / DistanceTile.Size) * dimensions * DistanceTile.Size)];
        var chunk = ChunkRows;
        var blockLargest = new double[workspace.BlockCount];
        workspace.ForEachBlock((block, _) =>
        {
            // Row by row from the row-major data; the padding rows of a last, short tile stay zero (finite, and ignored).
            var largest = 0.0;
            for (var i = KMeansWorkspace.BlockStart(block); i < workspace.BlockEnd(block); i++)
            {
                var row = workspace.Data.Row(i);
                var start = i / DistanceTile.Size * DistanceTile.Size;
                var r = i - start;
                var offset = workspace.TileOffset(start) + (r / chunk * chunk * dimensions) + (r % chunk);
                var squaredNorm = 0.0;
                for (var j = 0; j < dimensions; j++)
                {
                    var centred = row[j] - means[j];
                    squaredNorm += centred * centred;
                    values[offset + (j * chunk)] = (float)centred;
                }
                largest = Math.Max(largest, squaredNorm);
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
}
