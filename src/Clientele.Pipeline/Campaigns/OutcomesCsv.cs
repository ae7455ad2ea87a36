using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Marketing.Statistics;

namespace Clientele.Pipeline.Campaigns;

/// <summary>
/// outcomes.csv: one row per customer, with a header naming at least <c>customer_id, arm, converted, revenue</c>
/// (any order) and optionally <c>pre_revenue</c> and <c>segment</c>. converted is 1/0 or true/false; revenue and
/// pre_revenue are numbers (pre_revenue may be empty). A bad row stops the read with the file, line, column and reason;
/// blank lines are not rows. The simulator writes this layout.
/// </summary>
public static class OutcomesCsv
{
    public static readonly IReadOnlyList<string> RequiredColumns = ["customer_id", "arm", "converted", "revenue"];
    public static readonly IReadOnlyList<string> OptionalColumns = ["pre_revenue", "segment"];

    public static IReadOnlyList<Outcome> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ClienteleException($"No outcomes file at {path}.");
        }
        using var source = CsvRecordSource.Open(path, "an outcomes file");
        var columns = source.Header.ToList();
        foreach (var required in RequiredColumns)
        {
            if (!columns.Contains(required))
            {
                throw new ClienteleException($"the header has no column {required}; expected customer_id, arm, converted, revenue (and optionally pre_revenue, segment), found {string.Join(", ", columns)}", path, 1);
            }
        }
        var unknown = columns.Where(c => !RequiredColumns.Contains(c) && !OptionalColumns.Contains(c)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ClienteleException($"unknown column {unknown[0]}; the columns are customer_id, arm, converted, revenue, pre_revenue, segment", path, 1, unknown[0]);
        }
        int id = columns.IndexOf("customer_id"), arm = columns.IndexOf("arm"), converted = columns.IndexOf("converted"), revenue = columns.IndexOf("revenue");
        int pre = columns.IndexOf("pre_revenue"), segment = columns.IndexOf("segment");
        var outcomes = new List<Outcome>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        while (source.Read())
        {
            var line = source.LineNumber;
            if (source.Malformation is { } malformation)
            {
                throw new ClienteleException(malformation, path, line);
            }
            var f = source.Fields;
            if (f.Count != columns.Count)
            {
                throw new ClienteleException($"expected {columns.Count} fields, found {f.Count}", path, line);
            }
            var customer = f[id].Trim();
            if (customer.Length == 0)
            {
                throw new ClienteleException("the customer id is empty", path, line, "customer_id");
            }
            if (seen.TryGetValue(customer, out var first))
            {
                throw new ClienteleException($"customer {customer} appears twice (first on line {first}); one outcome per customer", path, line, "customer_id");
            }
            seen[customer] = line;
            var armName = f[arm].Trim();
            if (armName.Length == 0)
            {
                throw new ClienteleException("the arm is empty", path, line, "arm");
            }
            var isConverted = f[converted].Trim().ToLowerInvariant() switch
            {
                "1" or "true" => true,
                "0" or "false" => false,
                var other => throw new ClienteleException($"converted is \"{other}\"; expected 1, 0, true or false", path, line, "converted"),
            };
            var money = Number(f[revenue], path, line, "revenue") ?? throw new ClienteleException("revenue is empty; write 0 for a customer who spent nothing", path, line, "revenue");
            double? before = pre < 0 ? null : Number(f[pre], path, line, "pre_revenue");
            var segmentName = segment < 0 || f[segment].Trim().Length == 0 ? null : f[segment].Trim();
            outcomes.Add(new Outcome(customer, armName, isConverted, money, before, segmentName));
        }
        if (outcomes.Count == 0)
        {
            throw new ClienteleException("no outcome rows after the header", path, 1);
        }
        return outcomes;
    }

    /// <summary>The line on which <paramref name="customerId"/>'s row starts, or null when no row has it (for an error that names the line).</summary>
    public static long? LineOf(string path, string customerId)
    {
        using var source = CsvRecordSource.Open(path, "an outcomes file");
        var id = source.Header.ToList().IndexOf("customer_id");
        while (id >= 0 && source.Read())
        {
            if (source.Fields.Count > id && source.Fields[id].Trim() == customerId)
            {
                return source.LineNumber;
            }
        }
        return null;
    }

    public static void Write(string path, IEnumerable<Outcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        using var writer = new StreamWriter(path);
        writer.WriteLine("customer_id,arm,converted,revenue,pre_revenue,segment");
        foreach (var o in outcomes)
        {
            writer.WriteLine(CsvText.Line(
                o.CustomerId, o.Arm, o.Converted ? "1" : "0", Money(o.Revenue), o.PreRevenue is { } p ? Money(p) : "", o.Segment ?? ""));
        }
    }

    private static string Money(double value) => value.ToString("0.00####", CultureInfo.InvariantCulture);

    private static double? Number(string field, string path, long line, string column)
    {
        var text = field.Trim();
        if (text.Length == 0)
        {
            return null;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ClienteleException($"{column} is \"{text}\", not a number", path, line, column);
    }
}
