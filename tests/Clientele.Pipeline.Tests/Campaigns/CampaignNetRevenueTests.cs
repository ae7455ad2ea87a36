using Clientele.Pipeline.Campaigns;
using Clientele.Tests;

namespace Clientele.Pipeline.Tests.Campaigns;

/// <summary><c>campaign analyze</c>: a money coupon arm's revenue per customer after the coupons' cost.</summary>
public sealed class CampaignNetRevenueTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Run_MoneyCouponArm_NetRevenueAgainstControl_AsWelchOnHandAdjustedRevenue()
    {
        var spec = _folder.Write("spec.yaml", """
            name: net
            audience:
              segments: [At Risk]
            arms:
              - name: control
                kind: control
                weight: 0.34
              - name: coupon
                kind: coupon
                weight: 0.33
                coupon_value: 5
                template: "{coupon} off"
              - name: percent
                kind: coupon
                weight: 0.33
                coupon_percent: 10
                template: "{coupon} off"
            start: 2011-12-10
            end: 2012-01-08
            """);
        var outcomes = _folder.Write("outcomes.csv", """
            customer_id,arm,converted,revenue
            c1,control,0,0
            c2,control,1,20
            c3,control,0,0
            c4,control,1,40
            k1,coupon,1,30
            k2,coupon,0,0
            k3,coupon,1,50
            k4,coupon,0,0
            p1,percent,1,30
            p2,percent,0,0
            p3,percent,1,50
            p4,percent,0,0
            """);

        var result = CampaignAnalyzeJob.Run(new CampaignAnalyzeRequest { SpecFile = spec, OutcomesFile = outcomes });

        // By hand: two redemptions of 5 take the coupon arm from 30, 0, 50, 0 to 25, 0, 45, 0 (mean 17.5) against the
        // control's 0, 20, 0, 40 (mean 15): +2.5, relative +1/6. Welch's p from SciPy 1.10.1 (Debian's python3):
        // stats.ttest_ind([25, 0, 45, 0], [0, 20, 0, 40], equal_var=False) → t 0.17234549688642783, p 0.8689234037444317.
        var net = Assert.Single(result.NetRevenue);
        Assert.Equal(("coupon", 5m, 2L, 10.0, 17.5), (net.Arm, net.CouponValue, net.Redemptions, net.CouponCost, net.NetRevenuePerCustomer));
        Assert.Equal(2.5, net.Effect.Estimate, 12);
        Assert.Equal(0.8689234037444317, net.Effect.PValue, 9);
        Assert.Equal(1.0 / 6, net.Relative!.Estimate, 12);
        // The gross comparison is unchanged (mean 20 against 15), and the percentage coupon gets a note, not a number.
        Assert.Equal(5.0, result.Analysis.Comparisons.Single(c => c.Arm == "coupon").RevenuePerCustomer.Estimate, 12);
        Assert.Contains(result.Notes, n => n.StartsWith("percent: a percentage coupon's cost", StringComparison.Ordinal));
    }
}
