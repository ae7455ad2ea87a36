using Clientele.Marketing.Audience;

namespace Clientele.Marketing.Tests.Audience;

public sealed class PredicateParserTests
{
    private static ProfileTable Profile() => ProfileTable.FromText(
        ["a", "b", "c", "d"],
        ["churn_risk", "clv", "rfm_segment"],
        [
            ["0.9", "0.7", "0.2", ""],
            ["150", "50", "500", "1000"],
            ["At Risk", "Lost", "Champions", "O'Brien's"],
        ]);

    private static string[] Matching(string predicate)
    {
        var profile = Profile();
        var test = PredicateBinder.Bind(PredicateParser.Parse(predicate), profile);
        return Enumerable.Range(0, profile.Count).Where(test).Select(i => profile.Ids[i]).ToArray();
    }

    [Theory]
    [InlineData("churn_risk > 0.6 and clv > 100", new[] { "a" })]
    [InlineData("churn_risk > 0.6 or clv > 100", new[] { "a", "b", "c", "d" })]
    [InlineData("churn_risk >= 0.7 and clv < 100", new[] { "b" })]
    [InlineData("not churn_risk > 0.6", new[] { "c", "d" })] // a missing number makes the comparison false, so not makes it true
    [InlineData("clv > 100 and (churn_risk > 0.8 or rfm_segment = 'Champions')", new[] { "a", "c" })]
    [InlineData("clv > 100 and churn_risk > 0.8 or rfm_segment == \"Champions\"", new[] { "a", "c" })] // and binds tighter than or
    [InlineData("clv > 100 and not (churn_risk > 0.8 or rfm_segment = 'Champions')", new[] { "d" })]
    [InlineData("rfm_segment in ['At Risk', 'Lost']", new[] { "a", "b" })]
    [InlineData("rfm_segment NOT IN ['At Risk', 'Lost']", new[] { "c", "d" })]
    [InlineData("rfm_segment = 'O''Brien''s'", new[] { "d" })]
    [InlineData("clv in [50, 1000]", new[] { "b", "d" })]
    [InlineData("clv != 50 and clv <> 150", new[] { "c", "d" })]
    [InlineData("clv >= 1e3", new[] { "d" })]
    [InlineData("churn_risk > -0.5", new[] { "a", "b", "c" })]
    public void Bind_Predicate_SelectsTheRightRows(string predicate, string[] expected) => Assert.Equal(expected, Matching(predicate));

    [Theory]
    [InlineData("churn_risk > ", 13, "expected a number or a quoted text, found the end")]
    [InlineData("churn_risk > 0.6 and", 20, "expected a column name")]
    [InlineData("(churn_risk > 0.6", 17, "expected ) to close")]
    [InlineData("churn_risk > 0.6 clv > 3", 17, "expected and, or or the end")]
    [InlineData("rfm_segment = 'Lost", 14, "never closed")]
    [InlineData("rfm_segment = Lost", 14, "quote text values")]
    [InlineData("rfm_segment in ['Lost'", 22, "expected , or ]")]
    [InlineData("clv ! 3", 4, "write != or not")]
    [InlineData("clv > 3 & 4", 8, "unexpected character '&'")]
    [InlineData("clv ~ 3", 4, "unexpected character '~'")]
    [InlineData("clv 3", 4, "expected a comparison")]
    public void Parse_BadSyntax_PointsAtTheCharacter(string predicate, int offset, string message)
    {
        var error = Assert.Throws<PredicateException>(() => PredicateParser.Parse(predicate));
        Assert.Equal(offset, error.Offset);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_UnknownColumn_NamesItWithAHint()
    {
        var error = Assert.Throws<PredicateException>(() => PredicateBinder.Bind(PredicateParser.Parse("clv > 1 and churn_rsk > 0.5"), Profile()));
        Assert.Equal(12, error.Offset);
        Assert.Contains("unknown column \"churn_rsk\"; did you mean churn_risk?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clv > 'high'", 6, "clv is a number")]
    [InlineData("rfm_segment = 3", 14, "rfm_segment is text")]
    public void Bind_TypeMismatch_IsAnError(string predicate, int offset, string message)
    {
        var error = Assert.Throws<PredicateException>(() => PredicateBinder.Bind(PredicateParser.Parse(predicate), Profile()));
        Assert.Equal(offset, error.Offset);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
