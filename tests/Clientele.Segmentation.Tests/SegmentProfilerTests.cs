using Clientele.Core;
using Clientele.Core.Maths;

namespace Clientele.Segmentation.Tests;

public sealed class SegmentProfilerTests
{
    [Fact]
    public void Median_OddAndEvenCounts_MiddleValueOrMeanOfTwo()
    {
        // Hand-worked: sorted 1, 2, 3 → 2; sorted 1, 2, 4, 10 → (2 + 4) / 2 = 3.
        Assert.Equal(2, Medians.Of([3, 1, 2]));
        Assert.Equal(3, Medians.Of([10, 4, 1, 2]));
        Assert.Equal(7, Medians.Of([7]));
        Assert.True(double.IsNaN(Medians.Of([])));
    }

    [Fact]
    public void Median_DoesNotReorderItsInput()
    {
        double[] values = [5, 3, 9, 1, 7];
        Medians.Of(values);
        Assert.Equal([5, 3, 9, 1, 7], values);
    }

    [Theory]
    [InlineData(1, 1_001, 1_000_000)] // nearly all distinct
    [InlineData(2, 100_000, 3)] // long runs of three values, like the frequency of a shop of one-time buyers
    [InlineData(3, 100_001, 1)] // one value
    [InlineData(4, 2, 2)]
    [InlineData(5, 65_536, 40)]
    public void Median_RandomValues_SameAsSortingThem(int seed, int count, int distinct)
    {
        // The reference is the definition: sort, take the middle (or the mean of the two middle values).
        var random = new Random(seed);
        var values = Enumerable.Range(0, count).Select(_ => random.Next(distinct) * 0.37 - 3).ToArray();
        var sorted = values.Order().ToArray();
        var mid = count / 2;
        var expected = count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        Assert.Equal(expected, Medians.Of(values));
    }

    [Fact]
    public void Median_SortedAndReversedInput_SameAsSortingThem()
    {
        var ascending = Enumerable.Range(0, 200_000).Select(i => (double)i).ToArray();
        Assert.Equal(99_999.5, Medians.Of(ascending));
        Assert.Equal(99_999.5, Medians.Of([.. ascending.Reverse()]));
    }

    [Fact]
    public void Median_WithNaN_AsSortingPutsNaNFirst()
    {
        // Array.Sort puts NaN first: NaN, 1, 2, 3, 4 → the middle is 2.
        Assert.Equal(2, Medians.Of([3, double.NaN, 1, 4, 2]));
    }

    [Fact]
    public void Profile_RandomSegments_EachSegmentsRowsInOrderAsGroupingThemGives()
    {
        // The reference is the definition, by LINQ: group the rows by segment (ids in order, rows in order), then each
        // column's mean (summed in row order) and median, and the segment's size and share.
        var random = new Random(11);
        const int Rows = 30_000;
        var values = Enumerable.Range(0, Rows * 2).Select(_ => Math.Round(random.NextDouble() * 100, random.Next(0, 4))).ToArray();
        var segmentOf = Enumerable.Range(0, Rows).Select(_ => random.Next(-1, 6) * 3).ToArray();
        var data = new FeatureMatrix(values, Rows, 2, ["a", "b"]);

        var profiles = SegmentProfiler.Profile(data, segmentOf, id => $"s{id}", (_, _) => "");

        var expected = Enumerable.Range(0, Rows).GroupBy(i => segmentOf[i]).OrderBy(g => g.Key).ToArray();
        Assert.Equal(expected.Select(g => g.Key), profiles.Select(p => p.Id));
        foreach (var (group, profile) in expected.Zip(profiles))
        {
            Assert.Equal(group.Count(), profile.Size);
            for (var j = 0; j < 2; j++)
            {
                var column = group.Select(i => values[(i * 2) + j]).ToArray();
                Assert.Equal(column.Average(), profile.Features[j].Mean);
                Assert.Equal(column.Order().ElementAt(column.Length / 2) is var upper && column.Length % 2 == 1 ? upper : (column.Order().ElementAt((column.Length / 2) - 1) + upper) / 2, profile.Features[j].Median);
            }
        }
    }
}
