using System.Text.Json;
using Clientele.Marketing.Statistics;

namespace Clientele.Cli.Tests;

public sealed class CampaignCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // Ten customers per arm, hand-made: control 3 buyers, coupon 6; pre_revenue given for CUPED.
    private static readonly (string Id, string Arm, int Converted, double Revenue, double Pre, string Segment)[] Rows =
    [
        ("1", "control", 1, 20, 15, "a"), ("2", "control", 0, 0, 0, "a"), ("3", "control", 1, 35.5, 30, "a"), ("4", "control", 0, 0, 5, "b"),
        ("5", "control", 0, 0, 0, "b"), ("6", "control", 1, 12, 10, "b"), ("7", "control", 0, 0, 0, "a"), ("8", "control", 0, 0, 20, "b"),
        ("9", "control", 0, 0, 0, "a"), ("10", "control", 0, 0, 0, "b"),
        ("11", "coupon", 1, 25, 20, "a"), ("12", "coupon", 1, 40, 35, "a"), ("13", "coupon", 0, 0, 0, "a"), ("14", "coupon", 1, 18, 10, "b"),
        ("15", "coupon", 1, 22.25, 0, "b"), ("16", "coupon", 0, 0, 5, "b"), ("17", "coupon", 1, 60, 40, "a"), ("18", "coupon", 0, 0, 0, "b"),
        ("19", "coupon", 1, 15, 15, "a"), ("20", "coupon", 0, 0, 0, "b"),
    ];

    private string Outcomes() => _temp.Write("outcomes.csv",
        "customer_id,arm,converted,revenue,pre_revenue,segment\n"
        + string.Concat(Rows.Select(r => $"{r.Id},{r.Arm},{r.Converted},{r.Revenue.ToString(System.Globalization.CultureInfo.InvariantCulture)},{r.Pre.ToString(System.Globalization.CultureInfo.InvariantCulture)},{r.Segment}\n")));

    [Fact]
    public void AnalyzeOutcomesAlone_Json_GivesTheStatisticsLibrarysNumbers()
    {
        var json = Cli.Ok("campaign", "analyze", "--outcomes", Outcomes(), "--output", "json").Json();
        var arms = json.GetProperty("arms").EnumerateArray().ToArray();
        Assert.Equal("control", arms[0].GetProperty("arm").GetString());
        Assert.Equal(JsonValueKind.Null, arms[0].GetProperty("conversion").ValueKind);
        var coupon = arms[1];
        Assert.Equal(10, coupon.GetProperty("customers").GetInt64());
        Assert.Equal(6, coupon.GetProperty("conversions").GetInt64());

        var z = FrequentistTests.TwoProportionZTest(3, 10, 6, 10);
        var conversion = coupon.GetProperty("conversion");
        Assert.Equal(z.Estimate, conversion.GetProperty("estimate").GetDouble(), 12);
        Assert.Equal(z.Lower, conversion.GetProperty("lower").GetDouble(), 12);
        Assert.Equal(z.Upper, conversion.GetProperty("upper").GetDouble(), 12);
        Assert.Equal(z.PValue, conversion.GetProperty("p_value").GetDouble(), 12);

        var control = ArmSample.FromValues(Rows.Where(r => r.Arm == "control").Select(r => r.Revenue).ToArray());
        var treatment = ArmSample.FromValues(Rows.Where(r => r.Arm == "coupon").Select(r => r.Revenue).ToArray());
        var welch = FrequentistTests.WelchTTest(control, treatment);
        var revenue = coupon.GetProperty("revenue_per_customer_effect");
        Assert.Equal(welch.Estimate, revenue.GetProperty("estimate").GetDouble(), 12);
        Assert.Equal(welch.PValue, revenue.GetProperty("p_value").GetDouble(), 12);
        var relative = FrequentistTests.RelativeEffect(control, treatment);
        Assert.Equal(relative.Estimate, coupon.GetProperty("revenue_per_customer_relative").GetProperty("estimate").GetDouble(), 12);
        Assert.Equal(2, json.GetProperty("segments").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, coupon.GetProperty("cuped_revenue").ValueKind);
    }

    [Fact]
    public void AnalyzeOutcomesAlone_Text_PrintsTheTables()
    {
        var text = Cli.Ok("campaign", "analyze", "--outcomes", Outcomes()).Out;
        Assert.Contains("control (control)", text, StringComparison.Ordinal);
        Assert.Contains("revenue / customer", text, StringComparison.Ordinal);
        Assert.Contains("by segment (Holm-adjusted p)", text, StringComparison.Ordinal);
        // The segment rows count the treated arm and the control apart: segment a has coupon 11, 12, 13, 17, 19 and control 1, 2, 3, 7, 9.
        Assert.Matches(@"a\s+coupon\s+5\s+5\s", text);
        Assert.Contains("treated", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnalyzeOutcomesAlone_NoSplit_SaysTheRatioIsNotChecked()
    {
        // A planned 40/30/30 split observed as planned: assuming an equal split would call it a mismatch.
        var file = _temp.Write("planned.csv", "customer_id,arm,converted,revenue\n"
            + string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i},{(i < 400 ? "control" : i < 700 ? "coupon" : "message")},{i % 7 == 0},{(i % 7 == 0 ? 20 : 0)}\n")));

        var alone = Cli.Ok("campaign", "analyze", "--outcomes", file);
        Assert.Contains("note: the sample ratio is not checked: outcomes alone do not say how the customers were meant to be split", alone.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("sample-ratio mismatch", alone.Out, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, Cli.Ok("campaign", "analyze", "--outcomes", file, "--output", "json").Json().GetProperty("sample_ratio").ValueKind);

        // With the planned split: 400/300/300 against 0.4/0.3/0.3 is χ² = 0.
        var json = Cli.Ok("campaign", "analyze", "--outcomes", file, "--split", "control=0.4,coupon=0.3,message=0.3", "--output", "json").Json();
        Assert.Equal(0.0, json.GetProperty("sample_ratio").GetProperty("chi_square").GetDouble(), 12);
        Assert.False(json.GetProperty("sample_ratio").GetProperty("mismatch").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("sample_ratio_note").ValueKind);
        Assert.Contains("sample ratio: as planned", Cli.Ok("campaign", "analyze", "--outcomes", file, "--split", "control=0.4,coupon=0.3,message=0.3").Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("control=0.4,coupon=0.3", "the shares sum to 0.7, not 1")]
    [InlineData("control=0.4,coupon=0.3,message=0.2,other=0.1", "other has no outcome")]
    [InlineData("control=0,coupon=0.5,message=0.5", "the share of control, \"0\", is not a number in (0, 1]")]
    [InlineData("control=0.5,coupon=0.5", "it has no share for message")]
    [InlineData("control=0.4,coupon=0.3,message=abc", "the share of message, \"abc\", is not a number in (0, 1]")]
    [InlineData("control=0.4,control=0.3,message=0.3", "arm control is named twice")]
    [InlineData("control0.4,coupon=0.6", "is not arm=share")]
    public void AnalyzeOutcomes_BadSplit_OneLineError(string split, string reason)
    {
        var file = _temp.Write("three.csv", "customer_id,arm,converted,revenue\n1,control,1,5\n2,control,0,0\n3,coupon,1,5\n4,coupon,0,0\n5,message,0,0\n6,message,1,3\n");
        Cli.AssertOneLineError(Cli.Run("campaign", "analyze", "--outcomes", file, "--split", split), reason);
    }

    [Theory]
    [InlineData("21,coupon,yes,10,,a\n", 22, "column converted", "converted is \"yes\"")]
    [InlineData("21,coupon,1,ten,,a\n", 22, "column revenue", "revenue is \"ten\", not a number")]
    [InlineData("5,coupon,1,10,,a\n", 22, "column customer_id", "customer 5 appears twice (first on line 6)")]
    [InlineData("21,,1,10,,a\n", 22, "column arm", "the arm is empty")]
    [InlineData("21,coupon,1\n", 22, null, "expected 6 fields, found 3")]
    public void AnalyzeOutcomes_BadRow_OneLineErrorWithLineAndColumn(string row, int line, string? column, string reason)
    {
        var file = _temp.Write("bad.csv", File.ReadAllText(Outcomes()) + row);
        var result = Cli.Run("campaign", "analyze", "--outcomes", file);
        Cli.AssertOneLineError(result, reason);
        Assert.Contains($"bad.csv, line {line}", result.Err, StringComparison.Ordinal);
        if (column is not null)
        {
            Assert.Contains(column, result.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnalyzeOutcomes_MissingColumn_OneLineError() =>
        Cli.AssertOneLineError(Cli.Run("campaign", "analyze", "--outcomes", _temp.Write("x.csv", "customer_id,arm,revenue\n1,control,0\n")), "the header has no column converted");

    [Fact]
    public void Plan_ImpossibleSplit_OneLineErrorAndNothingWritten()
    {
        var spec = _temp.Write("spec.yaml", """
            name: x
            arms:
              - {name: control, kind: control, weight: 0.6}
              - {name: msg, kind: message, weight: 0.6}
            start: 2011-12-10
            end: 2012-01-08
            """);
        var outDir = _temp.File("out");
        var result = Cli.Run("campaign", "plan", spec, "--profile", _temp.Write("customers.csv", "customer_id,rfm_segment\n1,Lost\n"), "--out", outDir);
        Cli.AssertOneLineError(result, "spec.yaml, line 3, column 3: arms: impossible split: the arm weights sum to 1.2");
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Plan_FromProfileFile_WritesFilesWithoutAStore()
    {
        var profile = _temp.Write("customers.csv", "customer_id,rfm_segment,clv\n"
            + string.Concat(Enumerable.Range(1, 400).Select(i => $"{i},{(i % 2 == 0 ? "Lost" : "At Risk")},{i}\n")));
        var spec = _temp.Write("spec.yaml", """
            name: profile-only
            audience: {segments: [Lost], where: "clv > 100"}
            arms:
              - {name: control, kind: control, weight: 0.5}
              - {name: msg, kind: message, weight: 0.5, template: "hi {customer_id}"}
            start: 2011-12-10
            end: 2012-01-08
            frequency_cap: {max_contacts: 1, days: 30}
            """);
        var json = Cli.Ok("campaign", "plan", spec, "--profile", profile, "--out", _temp.File("out"), "--output", "json").Json();
        var counts = json.GetProperty("counts");
        Assert.Equal(150, counts.GetProperty("audience").GetInt32()); // even ids 102…400
        var perArm = counts.GetProperty("per_arm").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(150, perArm.Sum());
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("no --store", StringComparison.Ordinal));
        Assert.False(json.GetProperty("recorded_in_store").GetBoolean());
        Assert.Equal(perArm[1] + 1, File.ReadLines(Path.Combine(_temp.File("out"), "audience-msg.csv")).Count());
    }
}
