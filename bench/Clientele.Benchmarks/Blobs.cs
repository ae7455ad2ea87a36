using System.Globalization;
using System.Text;
using Clientele.Core;

namespace Clientele.Benchmarks;

/// <summary>
/// Seeded synthetic data for k-means: isotropic gaussian blobs around centres drawn uniformly in a box, like
/// scikit-learn's <c>make_blobs</c>. The box is small against the spread so the blobs overlap and Lloyd's
/// algorithm keeps moving labels for many iterations (on well-separated blobs it converges in two or three).
/// </summary>
internal static class Blobs
{
    /// <summary>Half the side of the box the centres are drawn in.</summary>
    public const double CentreBox = 5.0;

    /// <summary>Standard deviation of every coordinate around its centre.</summary>
    public const double Spread = 3.0;

    public static FeatureMatrix Generate(int rows, int dimensions, int centres, int seed) =>
        Generate(rows, dimensions, centres, seed, out _);

    /// <summary>
    /// As <see cref="Generate(int, int, int, int)"/> (the same rows for the same arguments), with the blob each row was
    /// drawn from: the generating labels, for the adjusted Rand index.
    /// </summary>
    /// <param name="spread">The standard deviation of every coordinate around its centre (default <see cref="Spread"/>).</param>
    public static FeatureMatrix Generate(int rows, int dimensions, int centres, int seed, out int[] labels, double spread = Spread)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(centres);
        var random = new Random(seed);
        var centre = new double[centres * dimensions];
        for (var i = 0; i < centre.Length; i++)
        {
            centre[i] = ((2 * random.NextDouble()) - 1) * CentreBox;
        }

        var values = new double[(long)rows * dimensions];
        labels = new int[rows];
        for (var row = 0; row < rows; row++)
        {
            var blob = random.Next(centres);
            labels[row] = blob;
            for (var column = 0; column < dimensions; column++)
            {
                values[(row * dimensions) + column] = centre[(blob * dimensions) + column] + (spread * Gaussian(random));
            }
        }
        return new FeatureMatrix(values, rows, dimensions);
    }

    /// <summary>Writes the matrix as CSV with a header row <c>x0,x1,…</c>; values round-trip exactly.</summary>
    public static void WriteCsv(FeatureMatrix data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        writer.NewLine = "\n";
        writer.WriteLine(string.Join(',', data.ColumnNames));
        var line = new StringBuilder();
        for (var row = 0; row < data.Rows; row++)
        {
            line.Clear();
            for (var column = 0; column < data.Columns; column++)
            {
                if (column > 0)
                {
                    line.Append(',');
                }
                line.Append(data[row, column].ToString("R", CultureInfo.InvariantCulture));
            }
            writer.WriteLine(line);
        }
    }

    /// <summary>
    /// Reads a CSV of numbers, one row per point; a first row that does not parse as numbers is taken as a header
    /// (as <c>bench/peers/sklearn_kmeans.py</c> does).
    /// </summary>
    public static FeatureMatrix ReadCsv(string path)
    {
        var values = new List<double>();
        var columns = -1;
        var rows = 0;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var cells = line.Split(',');
            var parsed = new double[cells.Length];
            var numeric = true;
            for (var i = 0; i < cells.Length && numeric; i++)
            {
                numeric = double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out parsed[i]);
            }
            if (!numeric)
            {
                if (lineNumber == 1)
                {
                    continue;
                }
                throw new FormatException($"{path}:{lineNumber}: not a row of numbers: {line}");
            }
            if (columns < 0)
            {
                columns = cells.Length;
            }
            else if (cells.Length != columns)
            {
                throw new FormatException($"{path}:{lineNumber}: expected {columns} values, got {cells.Length}.");
            }
            values.AddRange(parsed);
            rows++;
        }
        if (rows == 0)
        {
            throw new FormatException($"{path}: no rows of numbers.");
        }
        return new FeatureMatrix([.. values], rows, columns);
    }

    /// <summary>A standard normal draw (Box–Muller; the second value is thrown away to keep the code simple).</summary>
    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble(); // in (0, 1]: the log is finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
