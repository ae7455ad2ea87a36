using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// Buffers that one <see cref="KMeansFitter.Fit(FeatureMatrix)"/> call allocates once and every restart reuses: a tile-transposed
/// copy of the data (one extra n × d doubles, built when a double-precision kernel first needs it), per-point labels
/// and distances, pooled distance tiles, and per-block partial sums so that the parallel steps reduce in block order
/// (deterministic for any number of threads) without allocating per point.
/// </summary>
internal sealed class KMeansWorkspace
{
    /// <summary>Rows per parallel block. Partial sums are kept per block and added up in block order.</summary>
    internal const int BlockSize = 4096;

    internal KMeansWorkspace(FeatureMatrix data, int numberOfClusters)
    {
        Data = data;
        Rows = data.Rows;
        Dimensions = data.Columns;
        NumberOfClusters = numberOfClusters;
        BlockCount = Math.Max(1, (Rows + BlockSize - 1) / BlockSize);
        LocalTrials = KMeansPlusPlus.LocalTrials(numberOfClusters);

        Labels = new int[Rows];
        Distances = new double[Rows];
        BlockClosestSums = new double[BlockCount];
        Candidates = new int[LocalTrials];
        CandidateRows = new double[LocalTrials * Dimensions];
        CandidatePotential = new double[LocalTrials];
        BlockPotential = new double[BlockCount * LocalTrials];

        BlockSums = new double[BlockCount][];
        BlockCounts = new long[BlockCount][];
        for (var b = 0; b < BlockCount; b++)
        {
            BlockSums[b] = new double[numberOfClusters * Dimensions];
            BlockCounts[b] = new long[numberOfClusters];
        }
        BlockInertia = new double[BlockCount];
        BlockChanged = new long[BlockCount];

        Sums = new double[numberOfClusters * Dimensions];
        Counts = new long[numberOfClusters];
        NextCentroids = new double[numberOfClusters * Dimensions];
    }

    internal FeatureMatrix Data { get; }

    internal int Rows { get; }

    internal int Dimensions { get; }

    internal int NumberOfClusters { get; }

    internal int BlockCount { get; }

    internal int LocalTrials { get; }

    /// <summary>The current label of each row.</summary>
    internal int[] Labels { get; }

    /// <summary>
    /// Per row: during seeding, the squared distance to the closest centroid chosen so far; during the iterations,
    /// the squared distance to the centroid the row was last assigned to.
    /// </summary>
    internal double[] Distances { get; }

    /// <summary>
    /// Per block, during seeding, the sum of <see cref="Distances"/> over the block's rows (tile by tile, in vector
    /// lanes): what k-means++ samples from, without a running sum over every row.
    /// </summary>
    internal double[] BlockClosestSums { get; }

    internal int[] Candidates { get; }

    /// <summary>The candidate rows of a k-means++ step, copied out (row-major, trial × d).</summary>
    internal double[] CandidateRows { get; }

    internal double[] CandidatePotential { get; }

    /// <summary>Per block and candidate, the block's share of the candidate's potential (row-major: block, trial).</summary>
    internal double[] BlockPotential { get; }

    /// <summary>Per block, the sum of the rows assigned to each cluster (row-major: cluster, feature).</summary>
    internal double[][] BlockSums { get; }

    internal long[][] BlockCounts { get; }

    internal double[] BlockInertia { get; }

    internal long[] BlockChanged { get; }

    /// <summary>The block sums added up in block order.</summary>
    internal double[] Sums { get; }

    internal long[] Counts { get; }

    /// <summary>Scratch centroids for the update step (row-major, k × d).</summary>
    internal double[] NextCentroids { get; }

    /// <summary>
    /// Builds, unless it exists, the copy of the data in tiles of <see cref="DistanceTile.Size"/> rows, each laid out as
    /// <see cref="DistanceTile.Transpose"/> writes it, so that no pass of a double-precision kernel transposes again.
    /// Call it before the parallel loop whose body uses <see cref="LoadTile"/>: the build is itself parallel.
    /// </summary>
    internal void PrepareTransposedRows()
    {
        if (_transposedRows is not null)
        {
            return;
        }
        var transposed = new double[checked(((Rows + DistanceTile.Size - 1) / DistanceTile.Size) * Dimensions * DistanceTile.Size)];
        ForEachBlock((block, _) =>
        {
            var end = BlockEnd(block);
            for (var start = BlockStart(block); start < end; start += DistanceTile.Size)
            {
                DistanceTile.Transpose(
                    Data.Values[(start * Dimensions)..], Math.Min(DistanceTile.Size, end - start), Dimensions, transposed.AsSpan(TileOffset(start)));
            }
        });
        _transposedRows = transposed;
    }

    private double[]? _transposedRows;

    /// <summary>
    /// Per k-means++ candidate and row (row-major: candidate, row), the row's closest squared distance if that candidate
    /// were chosen; <see cref="LocalTrials"/> doubles per row, allocated at the first seeding.
    /// </summary>
    internal double[] CandidateClosest => _candidateClosest ??= new double[checked(LocalTrials * Rows)];

    private double[]? _candidateClosest;

    /// <summary>Scratch for the centroids as <see cref="KMeansLloyd"/>'s single-precision filter takes them (row-major, k × d).</summary>
    internal float[] SingleCentroids => _singleCentroids ??= new float[NumberOfClusters * Dimensions];

    private float[]? _singleCentroids;

    /// <summary>Scratch for the centroids' squared norms in single precision (k).</summary>
    internal float[] SingleCentroidNorms => _singleCentroidNorms ??= new float[NumberOfClusters];

    private float[]? _singleCentroidNorms;

    /// <summary>
    /// The data centred on its mean and rounded to single precision, for the nearest-centre filter of
    /// <see cref="KMeansLloyd"/>; half an extra copy of the data, built at first use and shared by the restarts.
    /// </summary>
    internal CentredSingleRows CentredSingleRows => _centredSingleRows ??= new CentredSingleRows(this);

    private CentredSingleRows? _centredSingleRows;

    /// <summary>
    /// Each feature's mean: per block, the rows added in order, then the blocks added in block order (the same for any
    /// number of threads).
    /// </summary>
    internal double[] FeatureMeans()
    {
        if (_featureMeans is not null)
        {
            return _featureMeans;
        }
        var blockSums = new double[BlockCount * Dimensions];
        ForEachBlock((block, _) =>
        {
            var sums = blockSums.AsSpan(block * Dimensions, Dimensions);
            for (var i = BlockStart(block); i < BlockEnd(block); i++)
            {
                RowArithmetic.AddScaled(sums, Data.Row(i), 1.0);
            }
        });
        var mean = new double[Dimensions];
        for (var block = 0; block < BlockCount; block++)
        {
            TensorPrimitives.Add(mean, blockSums.AsSpan(block * Dimensions, Dimensions), mean);
        }
        if (Rows > 0)
        {
            TensorPrimitives.Divide(mean, Rows, mean);
        }
        return _featureMeans = mean;
    }

    private double[]? _featureMeans;

    /// <summary>
    /// The mean over features of each feature's population variance (numpy's <c>np.var(X, axis=0).mean()</c>): squared
    /// deviations from <see cref="FeatureMeans"/> (two passes, for accuracy), per block, added up in block order.
    /// </summary>
    internal double MeanFeatureVariance()
    {
        var mean = FeatureMeans();
        var blockSquares = new double[BlockCount * Dimensions];
        ForEachBlock((block, _) =>
        {
            var squares = blockSquares.AsSpan(block * Dimensions, Dimensions);
            for (var i = BlockStart(block); i < BlockEnd(block); i++)
            {
                RowArithmetic.AddSquaredDeviation(squares, Data.Row(i), mean);
            }
        });
        var total = 0.0;
        for (var block = 0; block < BlockCount; block++)
        {
            total += TensorPrimitives.Sum<double>(blockSquares.AsSpan(block * Dimensions, Dimensions));
        }
        return Rows == 0 ? 0.0 : total / ((double)Rows * Dimensions);
    }

    private HamerlyBounds? _hamerlyBounds;

    /// <summary>
    /// The bounds of <see cref="KMeansHamerly"/>, allocated on first use and shared by the restarts of the fit; the
    /// skip margin is <see cref="KMeansHamerly.RelativeMargin"/> times the diagonal of the data's bounding box.
    /// </summary>
    internal HamerlyBounds HamerlyBounds()
    {
        if (_hamerlyBounds is null)
        {
            // Per block and feature, the extremes of the block's rows; then over blocks.
            var blockMinimum = new double[BlockCount * Dimensions];
            var blockMaximum = new double[BlockCount * Dimensions];
            ForEachBlock((block, _) =>
            {
                var minimum = blockMinimum.AsSpan(block * Dimensions, Dimensions);
                var maximum = blockMaximum.AsSpan(block * Dimensions, Dimensions);
                minimum.Fill(double.PositiveInfinity);
                maximum.Fill(double.NegativeInfinity);
                for (var i = BlockStart(block); i < BlockEnd(block); i++)
                {
                    RowArithmetic.Extend(minimum, maximum, Data.Row(i));
                }
            });
            var lowest = new double[Dimensions];
            var highest = new double[Dimensions];
            lowest.AsSpan().Fill(double.PositiveInfinity);
            highest.AsSpan().Fill(double.NegativeInfinity);
            for (var block = 0; block < BlockCount; block++)
            {
                TensorPrimitives.Min(lowest, blockMinimum.AsSpan(block * Dimensions, Dimensions), lowest);
                TensorPrimitives.Max(highest, blockMaximum.AsSpan(block * Dimensions, Dimensions), highest);
            }
            var diagonal = TensorPrimitives.Distance<double>(lowest, highest);
            _hamerlyBounds = new HamerlyBounds(Rows, NumberOfClusters, Dimensions, KMeansHamerly.RelativeMargin * diagonal);
        }
        return _hamerlyBounds;
    }

    internal static int BlockStart(int block) => block * BlockSize;

    /// <summary>
    /// Points <paramref name="tile"/> at rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1;
    /// <paramref name="start"/> is a multiple of <see cref="DistanceTile.Size"/>.
    /// </summary>
    internal void LoadTile(DistanceTile tile, int start, int count) =>
        tile.Use(_transposedRows ?? throw new InvalidOperationException("KMeansWorkspace.LoadTile before PrepareTransposedRows."), TileOffset(start), count);

    /// <summary>Where the tile that starts at row <paramref name="start"/> begins in the transposed rows (and in <see cref="CentredSingleRows"/>).</summary>
    internal int TileOffset(int start) => start / DistanceTile.Size * Dimensions * DistanceTile.Size;

    internal int BlockEnd(int block) => Math.Min(Rows, (block + 1) * BlockSize);

    /// <summary>
    /// Runs <paramref name="body"/> for every block, in parallel when there is more than one, handing each call a
    /// <see cref="DistanceTile"/> that no other call is using at the same time. Tiles are pooled for the whole fit.
    /// </summary>
    internal void ForEachBlock(Action<int, DistanceTile> body)
    {
        if (BlockCount == 1)
        {
            var tile = RentTile();
            body(0, tile);
            _tiles.Add(tile);
            return;
        }
        Parallel.For(
            0,
            BlockCount,
            RentTile,
            (block, _, tile) =>
            {
                body(block, tile);
                return tile;
            },
            _tiles.Add);
    }

    private readonly ConcurrentBag<DistanceTile> _tiles = [];

    private DistanceTile RentTile() =>
        _tiles.TryTake(out var tile) ? tile : new DistanceTile(Dimensions, Math.Max(NumberOfClusters, LocalTrials));

    /// <summary>Adds the block sums and counts up in block order, in block order so the result does not depend on the thread count; returns the number of changed labels.</summary>
    internal long ReduceBlocks()
    {
        var k = NumberOfClusters;
        var totalSums = Sums.AsSpan();
        var totalCounts = Counts;
        totalSums.Clear();
        Array.Clear(totalCounts);
        var totalChanged = 0L;
        for (var block = 0; block < BlockCount; block++)
        {
            TensorPrimitives.Add(totalSums, BlockSums[block], totalSums);
            var counts = BlockCounts[block];
            for (var c = 0; c < k; c++)
            {
                totalCounts[c] += counts[c];
            }
            totalChanged += BlockChanged[block];
        }
        return totalChanged;
    }
}
