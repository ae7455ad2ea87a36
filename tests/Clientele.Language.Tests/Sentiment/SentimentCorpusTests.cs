using Clientele.Core;
using Clientele.Language.Sentiment;
using Clientele.Tests;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>The corpus readers against the counts the data sets' READMEs give (../shared/data/*/README.md).</summary>
public sealed class SentimentCorpusTests
{
    [SharedDataFact(SentimentData.AlexaFile)]
    public void ReadAmazonAlexa_SharedFile_ReconcilesWithReadme()
    {
        var corpus = SentimentData.Alexa;

        // README: 3,150 rows, 79 empty texts; stars 1: 161, 2: 96, 3: 152, 4: 455, 5: 2,286 (before removing repeats).
        Assert.Equal(3_150, corpus.Rows);
        Assert.Equal(79, corpus.Empty);
        Assert.Equal(corpus.Rows, corpus.Texts.Count + corpus.Empty + corpus.Duplicates);
        Assert.Equal(2_301, corpus.Texts.Count);
        Assert.Equal(206, corpus.LabelCounts()[SentimentLabel.Negative]);
        Assert.Equal(105, corpus.LabelCounts()[SentimentLabel.Neutral]);
        Assert.Equal(1_990, corpus.LabelCounts()[SentimentLabel.Positive]);
        Assert.Equal("Love my Echo!", corpus.Texts[0].Text);
    }

    [SharedDataFact(SentimentData.ChineseFile)]
    public void ReadOnlineShopping_SharedFile_ReconcilesWithReadme()
    {
        var corpus = SentimentData.Chinese;

        // README: 62,774 reviews (31,728 positive, 31,046 negative), 1 empty; stray U+FEFF removed from texts.
        Assert.Equal(62_774, corpus.Rows);
        Assert.Equal(1, corpus.Empty);
        Assert.Equal(corpus.Rows, corpus.Texts.Count + corpus.Empty + corpus.Duplicates);
        Assert.DoesNotContain(corpus.Texts, t => t.Text.Contains('\uFEFF', StringComparison.Ordinal));
        Assert.All(corpus.Texts, t => Assert.NotEqual(SentimentLabel.Neutral, t.Label));
    }

    [Fact]
    public void ReadAmazonAlexa_MissingColumn_ThrowsNamingColumns()
    {
        using var folder = new TempFolder();
        var path = folder.Write("reviews.tsv", "rating\ttext\n5\tgood\n");

        var error = Assert.Throws<ClienteleException>(() => SentimentCorpus.ReadAmazonAlexa(path));

        Assert.Contains("verified_reviews", error.Message, StringComparison.Ordinal);
        Assert.Contains("rating, text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAmazonAlexa_BadRating_ThrowsWithLine()
    {
        using var folder = new TempFolder();
        var path = folder.Write("reviews.tsv", "rating\tverified_reviews\n5\tgood\n6\tbad\n");

        var error = Assert.Throws<ClienteleException>(() => SentimentCorpus.ReadAmazonAlexa(path));

        Assert.Equal(3, error.Line);
        Assert.Contains("'6' is not a star rating from 1 to 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOnlineShopping_MissingFile_ThrowsNoSuchFile()
    {
        var error = Assert.Throws<ClienteleException>(() => SentimentCorpus.ReadOnlineShopping("/no/such/reviews.csv"));

        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
    }
}
