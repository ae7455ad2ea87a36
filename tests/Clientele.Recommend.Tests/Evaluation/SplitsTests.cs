using Clientele.Recommend.Evaluation;

namespace Clientele.Recommend.Tests.Evaluation;

public sealed class SplitsTests
{
    /// <summary>10 users; user u has 4 + u interactions with items i0, i1, … at times 100·u + n.</summary>
    private static Interaction[] CreateSut() =>
        [.. Enumerable.Range(0, 10).SelectMany(u => Enumerable.Range(0, 4 + u).Select(n => new Interaction($"u{u}", $"i{n}", 1f, (100 * u) + n)))];

    private static void AssertReconciles(Interaction[] all, DataSplit split)
    {
        Assert.Equal(all.Length, split.Train.Count + split.Test.Count);
        Assert.Equal(all.Select(Key).Order(), split.Train.Concat(split.Test).Select(Key).Order());
    }

    [Fact]
    public void Random_Fraction_FloorOfRowsInTrainAndReconciles()
    {
        var all = CreateSut(); // 85 rows

        var split = Splits.Random(all, 0.75, seed: 7);

        Assert.Equal(63, split.Train.Count); // ⌊0.75 × 85⌋
        AssertReconciles(all, split);
        Assert.Equal(split, Splits.Random(all, 0.75, seed: 7) with { }, new SplitComparer());
        Assert.NotEqual(split.Test, Splits.Random(all, 0.75, seed: 8).Test);
    }

    [Fact]
    public void RandomPerUser_EveryUserInBothParts()
    {
        var all = CreateSut();

        var split = Splits.RandomPerUser(all, 0.75, seed: 7);

        AssertReconciles(all, split);
        for (var u = 0; u < 10; u++)
        {
            var n = 4 + u;
            Assert.Equal((int)Math.Ceiling(0.75 * n), split.Train.Count(i => i.UserId == $"u{u}"));
            Assert.Contains(split.Test, i => i.UserId == $"u{u}");
        }
    }

    [Fact]
    public void LeaveKOut_Latest_EachUsersLastKInTest()
    {
        var all = CreateSut();

        var split = Splits.LeaveKOut(all, k: 2);

        AssertReconciles(all, split);
        Assert.Equal(20, split.Test.Count);
        for (var u = 0; u < 10; u++)
        {
            var latest = all.Where(i => i.UserId == $"u{u}").OrderByDescending(i => i.Timestamp).Take(2);
            Assert.Equal(latest.Select(Key).Order(), split.Test.Where(i => i.UserId == $"u{u}").Select(Key).Order());
        }
    }

    [Fact]
    public void LeaveKOut_UserWithKOrFewer_StaysInTrain()
    {
        var all = CreateSut();

        var split = Splits.LeaveKOut(all, k: 5, which: LeaveOut.Random, seed: 3);

        AssertReconciles(all, split);
        Assert.DoesNotContain(split.Test, i => i.UserId == "u0"); // 4 interactions
        Assert.DoesNotContain(split.Test, i => i.UserId == "u1"); // 5 interactions
        Assert.Equal(5, split.Test.Count(i => i.UserId == "u2"));
    }

    [Fact]
    public void ByTime_Cutoff_BeforeTrainsAtOrAfterTests()
    {
        var all = CreateSut();

        var split = Splits.ByTime(all, cutoff: 500);

        AssertReconciles(all, split);
        Assert.All(split.Train, i => Assert.True(i.Timestamp < 500));
        Assert.All(split.Test, i => Assert.True(i.Timestamp >= 500));
    }

    [Fact]
    public void LastFractionPerUser_LatestQuarterOfEachUser()
    {
        var all = CreateSut();

        var split = Splits.LastFractionPerUser(all, 0.25);

        AssertReconciles(all, split);
        for (var u = 0; u < 10; u++)
        {
            var mine = all.Where(i => i.UserId == $"u{u}").OrderBy(i => i.Timestamp).ToArray();
            var testCount = (int)Math.Floor(0.25 * mine.Length);
            Assert.Equal(mine.TakeLast(testCount), split.Test.Where(i => i.UserId == $"u{u}").OrderBy(i => i.Timestamp));
        }
    }

    [Fact]
    public void Splits_BadArguments_ThrowWithClearMessages()
    {
        var all = CreateSut();

        Assert.Contains("strictly between 0 and 1", Assert.Throws<ArgumentException>(() => Splits.Random(all, 1.0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Splits.RandomPerUser(all, 0));
        Assert.Throws<ArgumentException>(() => Splits.LastFractionPerUser(all, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.LeaveKOut(all, 0));
    }

    private static string Key(Interaction i) => $"{i.UserId}|{i.ItemId}|{i.Timestamp}";

    private sealed class SplitComparer : IEqualityComparer<DataSplit>
    {
        public bool Equals(DataSplit? x, DataSplit? y) => x is not null && y is not null && x.Train.SequenceEqual(y.Train) && x.Test.SequenceEqual(y.Test);

        public int GetHashCode(DataSplit obj) => obj.Train.Count;
    }
}
