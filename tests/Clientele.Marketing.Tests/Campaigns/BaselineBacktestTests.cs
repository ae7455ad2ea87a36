using Clientele.Core;
using Clientele.Marketing.Audience;
using Clientele.Marketing.Campaigns;
using Clientele.Marketing.Statistics;

namespace Clientele.Marketing.Tests.Campaigns;

public sealed class BaselineBacktestTests
{
    [Fact]
    public void Measure_FiveCustomers_RateRevenueAndIntervalByHand()
    {
        // Two of five bought (revenue 10 and 30), one returned goods (−5, not a conversion), two did nothing.
        (bool, double)[] outcomes = [(true, 10), (false, 0), (true, 30), (false, -5), (false, 0)];

        var b = BaselineBacktest.Measure(new DateOnly(2024, 1, 1), 30, outcomes);

        Assert.Equal(5, b.Customers);
        Assert.Equal(2, b.Converted);
        Assert.Equal(0.4, b.Rate, 15);
        Assert.Equal(new DateOnly(2024, 1, 31), b.Until);
        Assert.Equal(7.0, b.RevenuePerCustomer, 12); // 35 / 5
        Assert.Equal(195.0, b.RevenueVariance, 9); // (9 + 49 + 529 + 144 + 49) / 4
        var wilson = ProportionInterval.Wilson(2, 5);
        Assert.Equal(wilson.Lower, b.Lower);
        Assert.Equal(wilson.Upper, b.Upper);
    }

    [Fact]
    public void Measure_NoCustomer_Throws() =>
        Assert.Throws<ClienteleException>(() => BaselineBacktest.Measure(new DateOnly(2024, 1, 1), 30, []));

    [Fact]
    public void AudienceRows_SegmentMissingFromTheProfile_SelectsTheOthersWithoutAnError()
    {
        var profile = ProfileTable.FromText(["a", "b", "c"], ["customer_id", "rfm_segment", "monetary"],
            [["a", "b", "c"], ["At Risk", "Champions", "At Risk"], ["100", "500", "20"]]);
        var spec = new CampaignSpec
        {
            Name = "t",
            Seed = "t",
            Audience = new AudienceSpec(["At Risk", "Hibernating"], "monetary > 50"), // nobody is Hibernating in this profile
            Arms = [new("control", ArmKind.Control, 0.5, null, null, null), new("msg", ArmKind.Message, 0.5, null, null, null)],
            Start = new DateOnly(2024, 3, 1),
            End = new DateOnly(2024, 3, 31),
            SourceFile = "t.yaml",
        };

        Assert.Equal([0], CampaignPlanner.AudienceRows(spec, profile));
    }
}
