using System.Text;
using Clientele.Language.Tokenization;

namespace Clientele.Language.Tests.Tokenization;

/// <summary>
/// The tokenizer reproduces the USE-lite JavaScript runtime (@energetic-ai/embeddings 0.2.0), quirks included. The
/// expected ids were produced by that runtime's tokenizer code under Node 20.
/// </summary>
public sealed class SentencePieceTokenizerTests
{
    // Six reserved pieces, then: 6 ▁, 7 a, 8 b, 9 ▁a, 10 ab, 11 ▁ab (null score), 12 c.
    private const string SmallVocabulary =
        """[["\ufffd",0],["<s>",0],["</s>",0],["x1",0],["x2",0],["x3",0],["\u2581",-1],["a",-2],["b",-2],["\u2581a",-3],["ab",-2.5],["\u2581ab",null],["c",-1]]""";

    [Theory]
    [InlineData("ab", new[] { 6, 10 })]        // ▁ab scores 0, which the runtime reads as "no best yet": ▁ + ab wins
    [InlineData("a", new[] { 6, 7 })]          // a tie (−3): the later start wins
    [InlineData("abc", new[] { 6, 10, 12 })]
    [InlineData("zz ab", new[] { 6, 0, 11 })]  // unknown z z merged into one id 0
    [InlineData("c c", new[] { 6, 12, 6, 12 })]
    [InlineData("ba", new[] { 6, 8, 7 })]
    [InlineData("a\u00E9\u00E9b", new[] { 6, 7, 0, 8 })]
    [InlineData("", new int[0])]
    public void Encode_SmallVocabulary_SameAsJavaScriptRuntime(string text, int[] expected)
    {
        Assert.Equal(expected, Small().Encode(text));
    }

    [Theory]
    [InlineData("\uFB01ne \uFF21\uFF22\uFF23", new[] { 839, 74, 2512 })]               // NFKC first: as "fine ABC"
    [InlineData("Cafe\u0301 au lait", new[] { 823, 209, 1133, 11, 194, 549, 217 })]     // as "Café au lait"
    [InlineData("two\u00A0words", new[] { 174, 883 })]                                  // as "two words"
    [InlineData("\uD800", new[] { 30, 0 })]
    [InlineData("a\uDC00b", new[] { 11, 0, 151 })]
    [InlineData("great :) but :( ://", new[] { 318, 658, 41, 4258, 30, 255 })]          // pieces with a null score
    [InlineData("\u2122 \u00BD \u2026", new[] { 259, 224, 207, 7935, 288, 718 })]
    [InlineData("\uD83D\uDC4D\uD83C\uDFFD\uD83D\uDC4D\uD83C\uDFFD ok", new[] { 30, 0, 2303 })]
    [InlineData("\t\n", new[] { 30, 0 })]
    [InlineData("\uD55C\uAD6D\uC5B4 \uC88B\uC544\uC694", new[] { 30, 0, 30, 0 })]
    public void Tokenize_UseLiteVocabulary_SameAsJavaScriptRuntime(string text, int[] expected)
    {
        Assert.Equal(expected, UseLiteModel.Embedder.Tokenize(text));
    }

    [Fact]
    public void Encode_MaximumIds_KeepsTheFirst()
    {
        var tokenizer = Small();
        var scratch = new TokenizerScratch();

        var count = tokenizer.Encode("c c c c", scratch, 3);

        Assert.Equal(3, count);
        Assert.Equal([6, 12, 6], scratch.Ids.AsSpan(0, 3).ToArray());
    }

    [Fact]
    public void Load_NotPairs_ThrowsNamingEntry()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load("""[["a",0],["b",0],["c",0],["d",0],["e",0],["f",0],["g"]]"""));

        Assert.Contains("entry 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotJson_ThrowsNamingSource()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load("[[\"a\", 0"));

        Assert.Contains("vocab.json", error.Message, StringComparison.Ordinal);
    }

    private static SentencePieceTokenizer Small() => Load(SmallVocabulary);

    private static SentencePieceTokenizer Load(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return SentencePieceTokenizer.Load(stream, "vocab.json");
    }
}
