using Clientele.Marketing.Assignment;

namespace Clientele.Marketing.Tests.Assignment;

public sealed class GrowthBookHashTests
{
    /// <summary>
    /// The "hash" cases of GrowthBook's SDK specification (growthbook/growthbook, packages/sdk-js/test/cases.json,
    /// specVersion 0.5.4): [seed, value, version, expected bucket]. Every GrowthBook SDK must reproduce them.
    /// </summary>
    [Theory]
    [InlineData("", "a", 1, 0.22)]
    [InlineData("", "b", 1, 0.077)]
    [InlineData("b", "a", 1, 0.946)]
    [InlineData("ef", "d", 1, 0.652)]
    [InlineData("asdf", "8952klfjas09ujk", 1, 0.549)]
    [InlineData("", "123", 1, 0.011)]
    [InlineData("", "___)((*\":&", 1, 0.563)]
    [InlineData("seed", "a", 2, 0.0505)]
    [InlineData("seed", "b", 2, 0.2696)]
    [InlineData("foo", "ab", 2, 0.2575)]
    [InlineData("foo", "def", 2, 0.2019)]
    [InlineData("89123klj", "8952klfjas09ujkasdf", 2, 0.124)]
    [InlineData("90850943850283058242805", "123", 2, 0.7516)]
    [InlineData("()**(%$##$%#$#", "___)((*\":&", 2, 0.0128)]
    public void Hash_GrowthBookSpecificationCases_Match(string seed, string value, int version, double expected) =>
        Assert.Equal(expected, GrowthBookHash.Hash(seed, value, version), 12);

    [Fact]
    public void Hash_UnknownVersion_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GrowthBookHash.Hash("abc", "def", 99)); // the spec's ["abc", "def", 99, null]

    [Theory]
    [InlineData("", 0x811c9dc5u)] // the FNV offset basis
    [InlineData("a", 0xe40c292cu)] // FNV-1a test vectors (Fowler, Noll, Vo; draft-eastlake-fnv)
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a32_PublishedVectors_Match(string text, uint expected) => Assert.Equal(expected, GrowthBookHash.Fnv1a32(text));
}
