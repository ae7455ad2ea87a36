using Clientele.Core;
using Clientele.Marketing.Audience;
using Clientele.Marketing.Campaigns;

namespace Clientele.Marketing.Tests.Campaigns;

public sealed class CampaignPlannerTests
{
    private static readonly string[] Segments = ["At Risk", "Lost", "Champions"];

    private static ProfileTable Profile(int customers)
    {
        var ids = Enumerable.Range(0, customers).Select(i => $"c{i}").ToArray();
        return ProfileTable.FromText(ids, ["customer_id", "rfm_segment", "clv"],
        [
            ids,
            ids.Select((_, i) => Segments[i % 3]).ToArray(),
            ids.Select((_, i) => (i % 10 * 20).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        ]);
    }

    private static CampaignSpec Spec(string? where = "clv >= 100", FrequencyCap? cap = null) => new()
    {
        Name = "test",
        Seed = "test",
        Audience = new AudienceSpec(["At Risk", "Lost"], where),
        Arms = [new("control", ArmKind.Control, 0.5, null, null, null), new("msg", ArmKind.Message, 0.5, null, null, null)],
        HoldoutShare = 0.2,
        FrequencyCap = cap,
        Start = new DateOnly(2024, 3, 1),
        End = new DateOnly(2024, 3, 31),
        SourceFile = "test.yaml",
    };

    [Fact]
    public void Plan_CountsReconcileAndFollowTheAudience()
    {
        var plan = CampaignPlanner.Plan(Spec(), Profile(3_000), new HashSet<string> { "c0", "c6", "c10" }, ContactHistory.None);
        var c = plan.Counts;
        Assert.Equal(1_000, c.NotInSegments); // every third customer is a Champion
        Assert.Equal(1_000, c.PredicateFalse); // clv 0…80 for half of the rest
        Assert.Equal(1_000, c.Audience);
        Assert.Equal(c.Audience, c.Suppressed + c.Eligible);
        Assert.Equal(1, c.Suppressed); // c0 (At Risk, clv 0) and c10 (Lost, clv 0) are not in the audience; c6 (At Risk, clv 120) is
        Assert.Equal(c.Eligible, c.Holdout + c.PerArm.Sum());
        Assert.InRange(c.Holdout, 150, 250); // 20 % of 998, ± 4 SE
    }

    [Fact]
    public void Plan_FrequencyCap_LeavesOutCustomersContactedTooOftenInTheWindow()
    {
        var start = new DateOnly(2024, 3, 1);
        var history = new ContactHistory(new Dictionary<string, IReadOnlyList<DateOnly>>
        {
            ["c3"] = [start.AddDays(-5), start.AddDays(-20)], // At Risk; two in the last 30 days: capped
            ["c4"] = [start.AddDays(-5), start.AddDays(-40)], // Lost; one in the window: fine
            ["c6"] = [start.AddDays(-3)],                     // At Risk; one: fine
        });
        var plan = CampaignPlanner.Plan(Spec(where: null, cap: new FrequencyCap(2, 30)), Profile(30), new HashSet<string>(), history);
        Assert.Equal(1, plan.Counts.FrequencyCapped);
        Assert.DoesNotContain(plan.Customers, p => p.CustomerId == "c3");
        Assert.Contains(plan.Customers, p => p.CustomerId == "c4");
    }

    [Fact]
    public void Plan_EmptyAudience_IsAnErrorNamingTheSpec()
    {
        var error = Assert.Throws<ClienteleException>(() => CampaignPlanner.Plan(Spec("clv > 1000"), Profile(100), new HashSet<string>(), ContactHistory.None));
        Assert.Contains("test.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("the audience is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_UnknownSegment_IsAnError()
    {
        var spec = Spec() with { Audience = new AudienceSpec(["At Rsik"], null) };
        var error = Assert.Throws<ClienteleException>(() => CampaignPlanner.Plan(spec, Profile(100), new HashSet<string>(), ContactHistory.None));
        Assert.Contains("no customer is in segment \"At Rsik\"", error.Message, StringComparison.Ordinal);
    }
}
