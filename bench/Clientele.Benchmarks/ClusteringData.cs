using System.Globalization;
using System.Text;
using Clientele.Core;

namespace Clientele.Benchmarks;

/// <summary>
/// The other data of the clustering benchmarks: seeded 2-d blobs with uniform noise for DBSCAN, and the files of
/// labels both sides read (the generating labels) or write (their own, to be compared).
/// </summary>
internal static class ClusteringData
{
    /// <summary>The side of the square the DBSCAN data lies in.</summary>
    public const double DbscanBox = 100.0;

    /// <summary>The standard deviation of each DBSCAN blob in either coordinate.</summary>
    public const double DbscanSpread = 2.0;

    /// <summary>The number of DBSCAN blobs.</summary>
    public const int DbscanBlobs = 8;

    /// <summary>The share of the DBSCAN rows drawn uniformly over the square: noise.</summary>
    public const double DbscanNoise = 0.05;

    /// <summary>
    /// DBSCAN's data: <paramref name="rows"/> 2-d points, each with probability <see cref="DbscanNoise"/> uniform noise
    /// over [0, <see cref="DbscanBox"/>]² (label −1), otherwise from one of <see cref="DbscanBlobs"/> isotropic gaussian
    /// blobs of standard deviation <see cref="DbscanSpread"/> (label = blob), centred on a 4 × 2 grid with a spacing of
    /// 25 (12.5 standard deviations: the blobs never touch) and jittered by up to ±2.5. At a million rows a blob's
    /// centre holds about 4,700 points per unit area and the noise 5.
    /// </summary>
    public static FeatureMatrix GenerateDbscan(int rows, int seed, out int[] labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var random = new Random(seed);
        var centres = new double[DbscanBlobs * 2];
        for (var blob = 0; blob < DbscanBlobs; blob++)
        {
            centres[2 * blob] = 12.5 + (25.0 * (blob % 4)) + (5.0 * (random.NextDouble() - 0.5));
            centres[(2 * blob) + 1] = 25.0 + (50.0 * (blob / 4)) + (5.0 * (random.NextDouble() - 0.5));
        }
        var values = new double[rows * 2];
        labels = new int[rows];
        for (var row = 0; row < rows; row++)
        {
            if (random.NextDouble() < DbscanNoise)
            {
                labels[row] = -1;
                values[2 * row] = DbscanBox * random.NextDouble();
                values[(2 * row) + 1] = DbscanBox * random.NextDouble();
                continue;
            }
            var blob = random.Next(DbscanBlobs);
            labels[row] = blob;
            values[2 * row] = centres[2 * blob] + (DbscanSpread * Gaussian(random));
            values[(2 * row) + 1] = centres[(2 * blob) + 1] + (DbscanSpread * Gaussian(random));
        }
        return new FeatureMatrix(values, rows, 2);
    }

    /// <summary>Writes one label a line under the header <c>label</c>.</summary>
    public static void WriteLabels(IReadOnlyList<int> labels, string path)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        writer.NewLine = "\n";
        writer.WriteLine("label");
        foreach (var label in labels)
        {
            writer.WriteLine(label.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Reads a file written by <see cref="WriteLabels"/>: one integer a line, after an optional header.</summary>
    public static int[] ReadLabels(string path)
    {
        var labels = new List<int>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            if (!int.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out var label))
            {
                if (lineNumber == 1)
                {
                    continue;
                }
                throw new FormatException($"{path}:{lineNumber}: not an integer label: {line}");
            }
            labels.Add(label);
        }
        return [.. labels];
    }

    /// <summary>Writes numbers one a line (round-trip precision) under <paramref name="header"/>.</summary>
    public static void WriteNumbers(IEnumerable<double> values, string header, string path)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        writer.NewLine = "\n";
        writer.WriteLine(header);
        foreach (var value in values)
        {
            writer.WriteLine(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
