namespace Clientele.Core.Tests;

/// <summary>A segment's behaviour rates and lifts against everyone's, worked out by hand.</summary>
public sealed class SegmentBehaviourTests
{
    /// <summary>
    /// Everyone: 10 customers, 4 with events, 2 sessions, 3 views and 0.5 cart adds each; 30 views, 3 purchases (10 %); 5
    /// cart sessions, 4 abandoned (80 %); 6 days. Segment: 2 customers, 2 with events (100 %: lift 2.5), 5 sessions (2.5),
    /// 6 views (2), no cart add (0), 12 views and 3 purchases (25 %: 2.5), no cart session (none), 3 days (0.5), top
    /// category lift 1.5.
    /// </summary>
    [Fact]
    public void LiftsAgainst_HandWorkedGroups_RatiosAndNullWhereUndefined()
    {
        var everyone = new SegmentBehaviour(10, 4, 2, 1, 3, 0.5, 30, 3, 5, 4, 6, "hats", 0.4, 1);
        var segment = new SegmentBehaviour(2, 2, 5, 5, 6, 0, 12, 3, 0, 0, 3, "hats", 0.6, 1.5);

        Assert.Equal(0.1, everyone.ViewToPurchase);
        Assert.Equal(0.8, everyone.CartAbandonment);
        Assert.Equal(0.25, segment.ViewToPurchase);
        Assert.Null(segment.CartAbandonment);
        Assert.Equal(new BehaviourLifts(2.5, 2.5, 2, 0, 2.5, null, 0.5, 1.5), segment.LiftsAgainst(everyone));
    }

    /// <summary>Against a group with no view, no cart add and no visit, every lift that would divide by nothing is null, not NaN or infinity.</summary>
    [Fact]
    public void LiftsAgainst_EveryoneWithoutViewsOrVisits_NullLifts()
    {
        var everyone = new SegmentBehaviour(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null);
        var segment = new SegmentBehaviour(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null);

        Assert.Equal(new BehaviourLifts(null, null, null, null, null, null, null, null), segment.LiftsAgainst(everyone));
    }
}
