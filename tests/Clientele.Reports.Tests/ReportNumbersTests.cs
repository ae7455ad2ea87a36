using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clientele.Pipeline;

namespace Clientele.Reports.Tests;

/// <summary>
/// The numbers on the page are the numbers in the files: segment sizes and revenue against customers.csv and
/// segments.json, CLV against customers.csv and value-model.json, row counts against the ingest.
/// </summary>
[Collection(OnlineRetailReportGroup.Name)]
public sealed partial class ReportNumbersTests(OnlineRetailReports reports)
{
    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Report_OnlineRetail_RecommendationSectionBeatsPopularityAndNamesProducts(string engine)
    {
        var report = reports.For(engine);
        // The section's numbers are the evaluate-recommend table: ALS above popularity on NDCG@10 (issue 5's acceptance).
        var rows = report.Facts.GetProperty("recommendations").GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("ndcg").GetDouble());
        Assert.True(rows["als"] > rows["popular"]);
        Assert.Contains("data-table=\"recommendation-examples\"", report.Html, StringComparison.Ordinal);
        Assert.Contains("CAKE CASES", report.Html, StringComparison.Ordinal); // product names, not only stock codes
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Report_OnlineRetail_SegmentSizesAndRevenueEqualCustomersCsvAndSegmentsJson(string engine)
    {
        var report = reports.For(engine);
        var csv = CustomerTable.Read(report.Result.Segments.CustomersFile);
        using var segmentsJson = JsonDocument.Parse(File.ReadAllText(report.Result.Segments.SegmentsFile));
        var json = segmentsJson.RootElement;
        var segments = report.Facts.GetProperty("segments");

        Assert.Equal(4_338, segments.GetProperty("customers").GetInt32()); // the README's tour
        Assert.Equal(csv.CustomerIds.Count, segments.GetProperty("customers").GetInt32());
        Assert.Equal(json.GetProperty("customers").GetInt32(), segments.GetProperty("customers").GetInt32());
        Assert.Equal(json.GetProperty("customers_without_purchases").GetInt32(), segments.GetProperty("customers_without_purchases").GetInt32());

        var total = csv.CustomerIds.Sum(id => Money(csv.Value(id, "monetary")));
        foreach (var (group, column, jsonGroup, jsonKey) in new[] { ("rfm", "rfm_segment", "rfm", "name"), ("clusters", "cluster", "clustering", "id") })
        {
            var shown = segments.GetProperty(group).GetProperty("segments").EnumerateArray().ToList();
            var inJson = json.GetProperty(jsonGroup).GetProperty("segments").EnumerateArray()
                .ToDictionary(s => jsonKey == "id" ? s.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture) : s.GetProperty("name").GetString()!, s => s.GetProperty("size").GetInt32());
            var inCsv = csv.CustomerIds.GroupBy(id => csv.Value(id, column)).ToDictionary(g => g.Key, g => (Count: g.Count(), Revenue: g.Sum(id => Money(csv.Value(id, "monetary")))));
            Assert.Equal(inCsv.Keys.Order(), shown.Select(s => s.GetProperty("key").GetString()!).Order());
            foreach (var s in shown)
            {
                var key = s.GetProperty("key").GetString()!;
                Assert.Equal(inCsv[key].Count, s.GetProperty("customers").GetInt32());
                Assert.Equal(inJson[key], s.GetProperty("customers").GetInt32());
                Assert.Equal(inCsv[key].Revenue, s.GetProperty("revenue").GetDecimal());
                Assert.Equal((double)(inCsv[key].Revenue / total), s.GetProperty("revenue_share").GetDouble(), 12);
            }
        }
        Assert.Equal(json.GetProperty("clustering").GetProperty("k").GetInt32(), segments.GetProperty("chosen_k").GetInt32());
        Assert.Equal(
            json.GetProperty("clustering").GetProperty("k_selection").GetProperty("table").EnumerateArray().Select(r => r.GetProperty("silhouette").GetDouble()),
            segments.GetProperty("k_selection").EnumerateArray().Select(r => r.GetProperty("silhouette").GetDouble()));
        // The heat map's cells count every customer once.
        Assert.Equal(csv.CustomerIds.Count, segments.GetProperty("rf_grid").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetInt32()));
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Report_OnlineRetail_ProfileTablesShowTheDataIslandsNumbers(string engine)
    {
        var report = reports.For(engine);
        var rows = ProfileRow().Matches(report.Html).Select(m => (Group: m.Groups[1].Value, Key: WebUtility.HtmlDecode(m.Groups[2].Value), Customers: int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), Cells: m.Groups[4].Value)).ToList();
        var segments = report.Facts.GetProperty("segments");
        foreach (var (group, kind) in new[] { ("rfm", "rfm"), ("clusters", "cluster") })
        {
            var shown = segments.GetProperty(group).GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s.GetProperty("customers").GetInt32());
            var table = rows.Where(r => r.Group == kind).ToList();
            Assert.Equal(shown.Count, table.Count);
            foreach (var row in table)
            {
                Assert.Equal(shown[row.Key], row.Customers);
                // The visible customers cell (the second) says the same number.
                var cells = CellText().Matches(row.Cells).Select(c => c.Groups[1].Value).ToList();
                Assert.Equal(row.Customers.ToString("N0", CultureInfo.InvariantCulture), cells[1]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Report_OnlineRetail_ClvOfTopCustomersEqualsCustomersCsvAndTotalEqualsValueModel(string engine)
    {
        var report = reports.For(engine);
        var value = report.Facts.GetProperty("value");
        var csv = CustomerTable.Read(report.Result.Segments.CustomersFile);
        var top = value.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal(15, top.Count);
        foreach (var c in top)
        {
            var id = c.GetProperty("customer_id").GetString()!;
            // customers.csv rounds CLV to cents.
            Assert.Equal(double.Parse(csv.Value(id, "clv"), CultureInfo.InvariantCulture), c.GetProperty("clv").GetDouble(), 0.005);
            Assert.Equal(double.Parse(csv.Value(id, "p_alive"), CultureInfo.InvariantCulture), c.GetProperty("probability_alive").GetDouble(), 0.000_001);
        }
        // The top of the table is the top of customers.csv.
        var csvTop = csv.CustomerIds.Where(id => csv.Value(id, "clv").Length > 0).Max(id => double.Parse(csv.Value(id, "clv"), CultureInfo.InvariantCulture));
        Assert.Equal(csvTop, top[0].GetProperty("clv").GetDouble(), 0.005);

        using var model = JsonDocument.Parse(File.ReadAllText(report.Result.Value!.ModelFile));
        Assert.Equal(model.RootElement.GetProperty("clv").GetProperty("total_clv").GetDouble(), value.GetProperty("total_clv").GetDouble(), 1e-6);
        Assert.Equal(model.RootElement.GetProperty("customers").GetInt32(), value.GetProperty("customers").GetInt32());
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Report_OnlineRetail_RowCountsEqualTheIngest(string engine)
    {
        var report = reports.For(engine);
        var data = report.Facts.GetProperty("data");
        var ingest = report.Ingest;
        Assert.Equal(541_909, data.GetProperty("rows_read").GetInt64());
        Assert.Equal(ingest.Read, data.GetProperty("rows_read").GetInt64());
        Assert.Equal(ingest.Accepted, data.GetProperty("rows_accepted").GetInt64());
        Assert.Equal(ingest.Rejected, data.GetProperty("rows_rejected").GetInt64());
        Assert.Equal(ingest.ReturnLines, data.GetProperty("return_lines").GetInt64());
        Assert.Equal(
            ingest.RejectedByReason.Select(r => (r.Description, r.Rows)).Order(),
            data.GetProperty("rejected_by_reason").EnumerateArray().Select(r => (r.GetProperty("reason").GetString()!, r.GetProperty("rows").GetInt64())).Order());
        Assert.Equal(13, data.GetProperty("months").GetArrayLength()); // December 2010 to December 2011
    }

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public void Report_OnlineRetail_UnderFiveMegabytesWithEveryFigureAsSvgAndPng(string engine)
    {
        var report = reports.For(engine);
        var files = report.Result.Files;
        Assert.True(files.Bytes < 5 * 1024 * 1024, $"report.html is {files.Bytes:N0} bytes.");
        Assert.Equal(new FileInfo(files.Report).Length, files.Bytes);

        var names = Regex.Matches(report.Html, "data-figure=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(8, names.Count); // monthly activity; RFM shares, heat map; cluster shares, PCA map, silhouette; CLV, P(alive)
        Assert.Equal(names.Count * 2, files.Figures.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var stem = Path.Combine(files.FiguresDirectory, $"{i + 1:00}-{names[i]}");
            Assert.StartsWith("<?xml", File.ReadAllText(stem + ".svg"), StringComparison.Ordinal);
            var png = File.ReadAllBytes(stem + ".png");
            Assert.Equal((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            // PNGs are drawn at twice the page's size, for slides: the width is bytes 16–19 of the IHDR chunk.
            var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
            Assert.True(width >= 1000, $"{stem}.png is {width} px wide.");
        }
    }

    [PostgresFact]
    public void Report_OnlineRetail_DuckDbAndPostgresPagesSayTheSame()
    {
        // The same file ingested into either store gives the same segments, values, recommendations and numbers: the data
        // islands are identical, text for text (before, PostgreSQL's money kept numeric's six places: 8887208.894000).
        var duckdb = reports.For(StoreEngines.DuckDb);
        var postgres = reports.For(StoreEngines.Postgres);

        Assert.Equal(FactsIsland().Match(duckdb.Html).Value, FactsIsland().Match(postgres.Html).Value);
        Assert.Equal(DataAttributes().Matches(duckdb.Html).Select(m => m.Value), DataAttributes().Matches(postgres.Html).Select(m => m.Value));
    }

    private static decimal Money(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);

    [GeneratedRegex("<script type=\"application/json\" id=\"report-facts\">.*?</script>", RegexOptions.Singleline)]
    private static partial Regex FactsIsland();

    [GeneratedRegex("<tr data-[^>]*>")]
    private static partial Regex DataAttributes();

    [GeneratedRegex("<tr data-group=\"(rfm|cluster)\" data-segment=\"([^\"]+)\" data-customers=\"(\\d+)\"[^>]*>(.*?)</tr>")]
    private static partial Regex ProfileRow();

    [GeneratedRegex("<td[^>]*>(?:<span[^>]*></span>)?([^<]*)</td>")]
    private static partial Regex CellText();
}
