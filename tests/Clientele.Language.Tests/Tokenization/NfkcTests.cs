using Clientele.Language.Tokenization;

namespace Clientele.Language.Tests.Tokenization;

/// <summary>
/// NFKC under invariant globalization, against what Node 20's <c>String.prototype.normalize("NFKC")</c> (ICU 78.2,
/// Unicode 17) returns for the same strings; the USE-lite runtime normalises with that function.
/// </summary>
public sealed class NfkcTests
{
    [Theory]
    [InlineData("plain ASCII, unchanged", "plain ASCII, unchanged")]
    [InlineData("\uFB01ne \uFF21\uFF22\uFF23 \u2460\u2461", "fine ABC 12")]          // ligature, fullwidth, circled digits
    [InlineData("Cafe\u0301", "Caf\u00E9")]                                            // canonical composition
    [InlineData("\u00A0x\u3000y", " x y")]                                             // no-break and ideographic spaces
    [InlineData("\u00BD \u2122 \u2026", "1\u20442 TM ...")]                            // fraction, trade mark, ellipsis
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]                                       // Hangul jamo compose
    [InlineData("\uD55C\uAD6D\uC5B4", "\uD55C\uAD6D\uC5B4")]                           // Hangul syllables stay
    [InlineData("e\u0327\u0301", "\u0229\u0301")]                                      // cedilla composes, acute is blocked then
    [InlineData("A\u030A\u0323", "\u1EA0\u030A")]                                      // reordered: dot below (220) before ring (230)
    [InlineData("\uFF76\uFF9E", "\u30AC")]                                             // halfwidth katakana + voiced mark
    [InlineData("\u212B", "\u00C5")]                                                   // angstrom sign, a singleton
    [InlineData("x\u0345\u0301", "x\u0301\u0345")]                                     // ypogegrammeni (240) sorts last
    [InlineData("\uD800 and a\uDC00b", "\uD800 and a\uDC00b")]                         // unpaired surrogates stay
    [InlineData("", "")]
    public void Normalize_Text_SameAsNode(string text, string expected)
    {
        Assert.Equal(expected, Nfkc.Normalize(text));
    }

    [Fact]
    public void Normalize_LongExpansion_GrowsTheBuffer()
    {
        var buffer = new int[1];

        var count = Nfkc.Normalize("\uFDFA", ref buffer); // one code point, 18 after decomposition

        Assert.Equal(18, count);
    }
}
