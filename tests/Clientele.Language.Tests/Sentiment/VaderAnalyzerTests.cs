using System.Globalization;
using Clientele.Language.Sentiment;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>
/// VADER against the outputs that vaderSentiment publishes: the "Output for the above example code" table of its
/// README (cjhutto/vaderSentiment, README.rst), printed by vaderSentiment 3.x for the README's example sentences.
/// The emoji example ("Catch utf-8 emoji such as 💘 and 💋 and 😁") is left out: it needs vaderSentiment's emoji
/// lexicon, which this implementation does not have (see <see cref="VaderAnalyzer"/>).
/// </summary>
public sealed class VaderAnalyzerTests
{
    /// <summary>Sentence, then neg, neu, pos and compound as the README prints them.</summary>
    public static TheoryData<string, double, double, double, double> ReadmeExamples => new()
    {
        { "VADER is smart, handsome, and funny.", 0.0, 0.254, 0.746, 0.8316 },
        { "VADER is smart, handsome, and funny!", 0.0, 0.248, 0.752, 0.8439 },
        { "VADER is very smart, handsome, and funny.", 0.0, 0.299, 0.701, 0.8545 },
        { "VADER is VERY SMART, handsome, and FUNNY.", 0.0, 0.246, 0.754, 0.9227 },
        { "VADER is VERY SMART, handsome, and FUNNY!!!", 0.0, 0.233, 0.767, 0.9342 },
        { "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.0, 0.294, 0.706, 0.9469 },
        { "VADER is not smart, handsome, nor funny.", 0.646, 0.354, 0.0, -0.7424 },
        { "The book was good.", 0.0, 0.508, 0.492, 0.4404 },
        { "The book was only kind of good.", 0.0, 0.697, 0.303, 0.3832 },
        { "The plot was good, but the characters are uncompelling and the dialog is not great.", 0.327, 0.579, 0.094, -0.7042 },
        { "Today SUX!", 0.779, 0.221, 0.0, -0.5461 },
        { "Today only kinda sux! But I'll get by, lol", 0.127, 0.556, 0.317, 0.5249 },
        { "Make sure you :) or :D today!", 0.0, 0.294, 0.706, 0.8633 },
        { "Not bad at all", 0.0, 0.513, 0.487, 0.431 },
    };

    [Theory]
    [MemberData(nameof(ReadmeExamples))]
    public void PolarityScores_ReadmeExample_MatchesVaderSentiment(string sentence, double negative, double neutral, double positive, double compound)
    {
        var scores = VaderAnalyzer.Default.PolarityScores(sentence);

        Assert.Equal(compound, scores.Compound, 4);
        Assert.Equal(negative, scores.Negative, 3);
        Assert.Equal(neutral, scores.Neutral, 3);
        Assert.Equal(positive, scores.Positive, 3);
    }

    /// <summary>
    /// The README prints neu 0.637, pos 0.363 here, from vaderSentiment before 3.3, which dropped one-letter tokens
    /// ("a"). 3.3 keeps them, as this implementation does: the compound is the same (0.431: "horrible" −2.5 negated by
    /// "isn't" two tokens before, ×−0.74 = 1.85), and the shares become pos (1.85 + 1) / (2.85 + 6 neutral tokens) = 0.322.
    /// </summary>
    [Fact]
    public void PolarityScores_OneLetterToken_CountsAsNeutralAsInVaderSentiment33()
    {
        var scores = VaderAnalyzer.Default.PolarityScores("At least it isn't a horrible book.");

        Assert.Equal(0.431, scores.Compound, 4);
        Assert.Equal(0.322, scores.Positive, 3);
        Assert.Equal(0.678, scores.Neutral, 3);
        Assert.Equal(0.0, scores.Negative, 3);
    }

    [Fact]
    public void Default_LexiconSize_IsVaderLexicon()
    {
        // vader_lexicon.txt has 7,517 lines; 14 repeat an earlier token (the later valence wins, as in vaderSentiment).
        Assert.Equal(7_503, VaderAnalyzer.Default.LexiconSize);
    }

    [Theory]
    [InlineData("", 0.0)]
    [InlineData("   ", 0.0)]
    [InlineData("The speaker is black and round.", 0.0)]
    public void PolarityScores_NoRatedWord_IsZero(string text, double compound)
    {
        var scores = VaderAnalyzer.Default.PolarityScores(text);

        Assert.Equal(compound, scores.Compound);
        Assert.Equal(SentimentLabel.Neutral, scores.Label);
    }

    [Theory]
    [InlineData(0.05, SentimentLabel.Positive)]
    [InlineData(0.0499, SentimentLabel.Neutral)]
    [InlineData(-0.0499, SentimentLabel.Neutral)]
    [InlineData(-0.05, SentimentLabel.Negative)]
    public void Classify_StandardThresholds(double compound, SentimentLabel expected)
    {
        Assert.Equal(expected, VaderAnalyzer.Classify(compound));
    }

    [Fact]
    public void PolarityScores_Shares_AddUpToOne()
    {
        foreach (var sentence in ReadmeExamples.Select(row => (string)row[0]))
        {
            var scores = VaderAnalyzer.Default.PolarityScores(sentence);
            Assert.InRange(scores.Negative + scores.Neutral + scores.Positive, 0.998, 1.002);
        }
    }

    [Fact]
    public void FromLexicon_BadLine_ThrowsNamingLine()
    {
        using var reader = new StringReader("good\t1.9\nbad-line\n");

        var error = Assert.Throws<FormatException>(() => VaderAnalyzer.FromLexicon(reader));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLexicon_OwnLexicon_IsUsed()
    {
        using var reader = new StringReader(string.Create(CultureInfo.InvariantCulture, $"splendiferous\t{3.0}\n"));
        var analyzer = VaderAnalyzer.FromLexicon(reader);

        Assert.True(analyzer.PolarityScores("a splendiferous speaker").Compound > 0.5);
        Assert.Equal(0.0, analyzer.PolarityScores("a good speaker").Compound);
    }
}
