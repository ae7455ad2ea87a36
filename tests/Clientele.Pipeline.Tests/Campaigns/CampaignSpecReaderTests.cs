using Clientele.Core;
using Clientele.Marketing.Campaigns;
using Clientele.Pipeline.Campaigns;

namespace Clientele.Pipeline.Tests.Campaigns;

public sealed class CampaignSpecReaderTests
{
    private const string Valid = """
        name: winback
        audience:
          segments: [At Risk, Lost]
          where: "churn_risk > 0.6 and clv > 100"
        arms:
          - name: control
            kind: control
            weight: 0.5
          - name: coupon
            kind: coupon
            weight: 0.5
            coupon_value: 10
            template: "{coupon} off"
        holdout_share: 0.1
        start: 2011-12-10
        end: 2012-01-08
        """;

    private static CampaignSpec Parse(string text) => CampaignSpecReader.Parse(text, "spec.yaml");

    private static ClienteleException Error(string text) => Assert.Throws<ClienteleException>(() => Parse(text));

    [Fact]
    public void Parse_ValidSpec_ReadsEveryField()
    {
        var spec = Parse(Valid);
        Assert.Equal("winback", spec.Name);
        Assert.Equal("winback", spec.Seed); // the seed defaults to the name
        Assert.Equal(["At Risk", "Lost"], spec.Audience.Segments);
        Assert.Equal("churn_risk > 0.6 and clv > 100", spec.Audience.Where);
        Assert.Equal(2, spec.Arms.Count);
        Assert.Equal(10m, spec.Arms[1].CouponValue);
        Assert.Equal(0.1, spec.HoldoutShare);
        Assert.Equal(new DateOnly(2012, 1, 8), spec.End);
        Assert.Equal(30, spec.LengthDays);
    }

    [Fact]
    public void Parse_SameSpecAsJson_SameSpec()
    {
        const string json = """
            {"name": "winback", "audience": {"segments": ["At Risk", "Lost"], "where": "churn_risk > 0.6 and clv > 100"},
             "arms": [{"name": "control", "kind": "control", "weight": 0.5},
                      {"name": "coupon", "kind": "coupon", "weight": 0.5, "coupon_value": 10, "template": "{coupon} off"}],
             "holdout_share": 0.1, "start": "2011-12-10", "end": "2012-01-08"}
            """;
        var fromJson = CampaignSpecReader.Parse(json, "spec.json");
        var fromYaml = Parse(Valid);
        Assert.Equal(fromYaml.Arms, fromJson.Arms);
        Assert.Equal(fromYaml.Audience.Where, fromJson.Audience.Where);
        Assert.Equal(fromYaml.HoldoutShare, fromJson.HoldoutShare);
    }

    [Fact]
    public void CheckAudience_UnknownColumn_PointsAtItInTheFile()
    {
        var spec = Parse(Valid.Replace("clv > 100", "clvv > 100", StringComparison.Ordinal));
        var error = Assert.Throws<ClienteleException>(() => CampaignSpecValidator.CheckAudience(spec, CampaignProfiles.StoreColumns.Keys.ToArray(), _ => true));
        // line 4: `  where: "churn_risk > 0.6 and clvv > 100"`; the value starts at column 11, "clvv" 21 characters into it.
        Assert.Equal(4, error.Line);
        Assert.Equal("32", error.Column);
        Assert.StartsWith("spec.yaml, line 4, column 32: audience.where: in the audience predicate: unknown column \"clvv\"; did you mean clv?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("churn_risk > 0.6 and", 4, 31, "expected a column name")]
    [InlineData("(clv > 1", 4, 19, "expected ) to close")]
    public void Parse_PredicateSyntaxError_LineAndColumn(string where, int line, int column, string message)
    {
        var error = Error(Valid.Replace("churn_risk > 0.6 and clv > 100", where, StringComparison.Ordinal));
        Assert.Equal(line, error.Line);
        Assert.Equal(column.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    weight: 0.5\n  - name: coupon", "    weight: 0\n  - name: coupon", 8, 13, "impossible split: arm \"control\" has weight 0")]
    [InlineData("    weight: 0.5\n  - name: coupon", "    weight: -0.5\n  - name: coupon", 8, 13, "every weight must be positive")]
    [InlineData("    weight: 0.5\n  - name: coupon", "    weight: 0.7\n  - name: coupon", 6, 3, "the arm weights sum to 1.2, not 1")]
    [InlineData("holdout_share: 0.1", "holdout_share: 1", 14, 16, "holdout_share 1 must be in [0, 1)")]
    [InlineData("holdout_share: 0.1", "holdout_share: -0.1", 14, 16, "must be in [0, 1)")]
    [InlineData("    weight: 0.5\n  - name: coupon", "    weight: half\n  - name: coupon", 8, 13, "\"half\" is not a number")]
    public void Parse_ImpossibleSplit_LineAndColumn(string from, string to, int line, int column, string message)
    {
        var error = Error(Valid.Replace(from, to, StringComparison.Ordinal));
        Assert.Equal(line, error.Line);
        Assert.Equal(column.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateArmName_PointsAtTheSecond()
    {
        var error = Error(Valid.Replace("  - name: coupon", "  - name: Control", StringComparison.Ordinal));
        Assert.Equal(9, error.Line);
        Assert.Equal("11", error.Column);
        Assert.Contains("arm \"Control\" overlaps arms[0] of the same name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoControls_PointsAtTheSecondKind()
    {
        var error = Error(Valid.Replace("    kind: coupon", "    kind: control", StringComparison.Ordinal).Replace("    coupon_value: 10\n    template: \"{coupon} off\"\n", "", StringComparison.Ordinal));
        Assert.Equal(10, error.Line);
        Assert.Equal("11", error.Column);
        Assert.Contains("two control arms", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    kind: control", "    kind: message", "no control arm")]
    [InlineData("    kind: coupon", "    kind: voucher", "\"voucher\" is not an arm kind")]
    [InlineData("end: 2012-01-08", "end: 2011-12-01", "is before the start")]
    [InlineData("end: 2012-01-08", "end: 08/01/2012", "is not a date")]
    [InlineData("holdout_share: 0.1", "holdout_shar: 0.1", "unknown key \"holdout_shar\"")]
    [InlineData("{coupon} off", "{cupon} off", "unknown placeholder {cupon}")]
    [InlineData("    coupon_value: 10\n", "", "needs coupon_value or coupon_percent")]
    public void Parse_OtherMistakes_ClearErrorWithLine(string from, string to, string message)
    {
        var error = Error(Valid.Replace(from, to, StringComparison.Ordinal));
        Assert.NotNull(error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("spec.yaml, line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BrokenYaml_LineAndColumnFromTheParser()
    {
        var error = Error("name: x\narms: [a, b\nstart: 2011-01-01\n");
        Assert.Contains("not valid YAML or JSON", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }
}
