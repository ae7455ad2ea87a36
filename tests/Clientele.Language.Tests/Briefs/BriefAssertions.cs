using System.Text.RegularExpressions;
using Clientele.Language.Briefs;

namespace Clientele.Language.Tests.Briefs;

/// <summary>What every rendered brief must satisfy, whatever the segment: shared by these tests and the pipeline's.</summary>
internal static partial class BriefAssertions
{
    public static void WellFormed(SegmentBrief brief)
    {
        foreach (var text in new[] { brief.Description, brief.AngleText })
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"empty text in {brief}");
            Assert.DoesNotContain("{", text, StringComparison.Ordinal);
            Assert.DoesNotContain("}", text, StringComparison.Ordinal);
            Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
            Assert.DoesNotContain("∞", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", text, StringComparison.Ordinal);
            Assert.DoesNotContain("  ", text, StringComparison.Ordinal);
            Assert.DoesNotContain(" .", text, StringComparison.Ordinal);
            Assert.DoesNotContain(" ,", text, StringComparison.Ordinal);
            Assert.Equal(text.Trim(), text);
            if (brief.Language == BriefLanguage.Chinese)
            {
                // Full-width punctuation in Chinese text, and no space before it.
                Assert.DoesNotMatch(@"\s[，。；：）]", text);
                Assert.DoesNotMatch(@"[\u4e00-\u9fff][,;:]", text);
                Assert.True(text.EndsWith('。'), $"Chinese text should end with 。: {text}");
            }
            else
            {
                Assert.True(text.EndsWith('.'), $"English text should end with a full stop: {text}");
            }
        }
        var sentences = Sentences(brief);
        Assert.InRange(sentences, 2, 4);
    }

    /// <summary>Sentences of the description: full stops (or 。) that end a sentence, not decimal points.</summary>
    public static int Sentences(SegmentBrief brief) => brief.Language == BriefLanguage.Chinese
        ? brief.Description.Count(c => c == '。')
        : EnglishSentenceEnd().Count(brief.Description);

    [GeneratedRegex(@"\.(\s|$)")]
    private static partial Regex EnglishSentenceEnd();
}
