using System.Globalization;
using System.Text;
using Clientele.Value;

namespace Clientele.Benchmarks;

/// <summary>
/// The data of the value benchmarks: CDNOW's published customer summaries, and customers simulated from the BG/NBD
/// process with CDNOW's published parameters, both as CSV in CDNOW's layout (<c>ID,x,t_x,T,zbar</c>, times in weeks)
/// so that the Python peer reads exactly the same numbers.
/// </summary>
internal static class BtydData
{
    /// <summary>The header of the CSV files: CDNOW's <c>cdnow_customers_summary_with_transactions.csv</c>.</summary>
    public const string Header = "ID,x,t_x,T,zbar";

    /// <summary>The simulated customers' ages T are uniform in [27, 39] weeks, as CDNOW's (27.00 to 38.86).</summary>
    public const double MinimumAge = 27.0;

    /// <inheritdoc cref="MinimumAge"/>
    public const double MaximumAge = 39.0;

    public const int DefaultSeed = 42;

    /// <summary>BG/NBD r, α, a, b published for CDNOW (Fader, Hardie &amp; Lee 2005): the simulation's truth.</summary>
    public static BetaGeoModel CdnowBetaGeo() => new(0.2426, 4.4136, 0.7929, 2.4259);

    /// <summary>Gamma-Gamma p, q, γ published for CDNOW (Fader, Hardie &amp; Lee 2005 note): the simulation's spend.</summary>
    public static GammaGammaModel CdnowGammaGamma() => new(6.25, 3.74, 15.44);

    /// <summary>
    /// <c>../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv</c> beside the repository, or the file
    /// named by the environment variable <c>CLIENTELE_CDNOW_SUMMARY</c>.
    /// </summary>
    public static string CdnowPath()
    {
        var path = Environment.GetEnvironmentVariable("CLIENTELE_CDNOW_SUMMARY")
            ?? Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), "..", "shared", "data", "cdnow", "cdnow_customers_summary_with_transactions.csv"));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"No CDNOW summary at {path}; set CLIENTELE_CDNOW_SUMMARY to its path.", path);
    }

    /// <summary>
    /// <paramref name="customers"/> customers from <see cref="BetaGeoSimulator.Simulate"/> with CDNOW's published BG/NBD
    /// and Gamma-Gamma parameters and ages uniform in [<see cref="MinimumAge"/>, <see cref="MaximumAge"/>] weeks. Times
    /// are continuous, so almost every customer with a repeat purchase has a (x, t_x, T) of their own.
    /// </summary>
    public static CustomerSummary[] Simulate(int customers, int seed) =>
        BetaGeoSimulator.Simulate(CdnowBetaGeo(), customers, MinimumAge, MaximumAge, seed, CdnowGammaGamma());

    /// <summary>Writes summaries as CSV under <see cref="Header"/>; numbers in round-trip form.</summary>
    public static void WriteCsv(IReadOnlyList<CustomerSummary> customers, string path)
    {
        ArgumentNullException.ThrowIfNull(customers);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        writer.NewLine = "\n";
        writer.WriteLine(Header);
        foreach (var c in customers)
        {
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"{c.CustomerId},{c.Frequency:R},{c.Recency:R},{c.Age:R},{c.MonetaryValue:R}"));
        }
    }

    /// <summary>Reads a CSV with the columns <c>ID, x, t_x, T</c> and optionally <c>zbar</c> (any order, header required).</summary>
    public static CustomerSummary[] ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new FormatException($"{path} is empty.");
        var names = header.Split(',').Select(name => name.Trim()).ToList();
        int Column(string name, bool required)
        {
            var index = names.IndexOf(name);
            return index >= 0 || !required ? index : throw new FormatException($"{path}: no column '{name}' in the header '{header}'.");
        }
        var id = Column("ID", true);
        var x = Column("x", true);
        var tx = Column("t_x", true);
        var age = Column("T", true);
        var spend = Column("zbar", false);
        var result = new List<CustomerSummary>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var cells = line.Split(',');
            if (cells.Length != names.Count)
            {
                throw new FormatException($"{path}:{lineNumber}: expected {names.Count} values, got {cells.Length}.");
            }
            result.Add(new CustomerSummary(
                cells[id],
                Number(cells[x]),
                Number(cells[tx]),
                Number(cells[age]),
                spend >= 0 ? Number(cells[spend]) : 0.0));
        }
        return [.. result];
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
