using Clientele.Language.Briefs;

namespace Clientele.Language.Tests.Briefs;

public sealed class BriefTextTests
{
    [Theory]
    [InlineData("WHITE HANGING HEART T-LIGHT HOLDER", "White Hanging Heart T-Light Holder")]
    [InlineData("SET OF 3 CAKE TINS PANTRY DESIGN ", "Set of 3 Cake Tins Pantry Design")]
    [InlineData("PAPER CHAIN KIT 50'S CHRISTMAS ", "Paper Chain Kit 50's Christmas")]
    [InlineData("Manual", "Manual")]
    [InlineData("  Lunch  bag  ", "Lunch bag")]
    public void ProductName_TidiesCaseAndSpaces(string raw, string expected) => Assert.Equal(expected, BriefText.ProductName(raw));

    [Theory]
    [InlineData(0.1985, "19.9%")]
    [InlineData(0.2, "20%")]
    [InlineData(0.0004, "under 0.1%")]
    [InlineData(0, "0%")]
    public void Percent_English(double share, string expected) => Assert.Equal(expected, BriefText.Percent(share, BriefLanguage.English));

    [Theory]
    [InlineData(4_338, "4,338")]
    [InlineData(12_345, "1.2万")]
    [InlineData(250_000_000, "2.5亿")]
    public void Count_Chinese_UsesWanAboveTenThousand(double value, string expected) => Assert.Equal(expected, BriefText.Count(value, BriefLanguage.Chinese));

    [Theory]
    [InlineData(328.4, "328")]
    [InlineData(12_345.6, "12,346")]
    [InlineData(14.5, "14.50")]
    public void Money_English(double value, string expected) => Assert.Equal(expected, BriefText.Money(value, BriefLanguage.English));
}
