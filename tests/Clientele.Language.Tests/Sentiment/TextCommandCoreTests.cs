using System.Text.Json;
using Clientele.Core;
using Clientele.Language.Sentiment;
using Clientele.Tests;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>
/// The core of <c>clientele text embed</c> and <c>clientele text sentiment</c> (src/Clientele.Cli/TextCommand.cs):
/// reading the texts of a file (lines, or a CSV/TSV column) and the JSON line written per text.
/// </summary>
public sealed class TextCommandCoreTests
{
    [Fact]
    public void Texts_LineFile_EveryLineInOrderEmptyOnesToo()
    {
        using var folder = new TempFolder();
        var path = folder.Write("texts.txt", "first\n\nthird, with a comma\n");

        using var input = TextInput.Open(path);

        Assert.Equal(["first", "", "third, with a comma"], input.Texts());
    }

    [Fact]
    public void Texts_CsvColumn_QuotedFieldsWithDelimitersQuotesAndLineBreaks()
    {
        using var folder = new TempFolder();
        var path = folder.Write("reviews.csv", "id,review,stars\n1,\"Great, really great\",5\n2,\"Bad \"\"very\"\" bad\nsecond line\",1\n3,plain,3\n");

        using var input = TextInput.Open(path, "review");

        Assert.Equal(["Great, really great", "Bad \"very\" bad\nsecond line", "plain"], input.Texts());
    }

    [SharedDataFact(SentimentData.AlexaFile)]
    public void Texts_TsvColumn_DetectsTab()
    {
        using var input = TextInput.Open(SentimentData.AlexaPath, "verified_reviews");

        var texts = input.Texts().ToList();

        Assert.Equal(3_150, texts.Count);
        Assert.Equal("Love my Echo!", texts[0]);
    }

    [Fact]
    public void Open_MissingColumn_ThrowsListingHeader()
    {
        using var folder = new TempFolder();
        var path = folder.Write("reviews.csv", "id,review\n1,good\n");

        var error = Assert.Throws<ClienteleException>(() => TextInput.Open(path, "text"));

        Assert.Equal($"{path}, line 1: has no column 'text'; its header is: id, review", error.Message);
    }

    [Fact]
    public void Open_MissingFile_ThrowsNoSuchFile()
    {
        var error = Assert.Throws<ClienteleException>(() => TextInput.Open("/no/such/texts.txt"));

        Assert.Equal("/no/such/texts.txt: no such file", error.Message);
    }

    [Fact]
    public void Texts_RecordWithoutColumn_ThrowsWithLine()
    {
        using var folder = new TempFolder();
        var path = folder.Write("reviews.csv", "id,review\n1,good\n2\n");
        using var input = TextInput.Open(path, "review");

        var error = Assert.Throws<ClienteleException>(() => input.Texts().ToList());

        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Embedding_Line_HasTextAnd512Floats()
    {
        const string text = "Alexa plays my music \"loud\" 很好";
        var vector = UseLiteModel.Embedder.Embed(text);

        var line = TextJsonLines.Embedding(text, vector);

        Assert.DoesNotContain('\n', line);
        Assert.Contains("很好", line, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(line);
        Assert.Equal(["text", "embedding"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(text, json.RootElement.GetProperty("text").GetString());
        Assert.Equal(vector, json.RootElement.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()));
    }

    [SharedDataFact(SentimentData.AlexaFile, SentimentData.ChineseFile)]
    public void Sentiment_Lines_OnePerTextInOrderWithLabelScoreLanguage()
    {
        string[] texts = ["Love my Echo!", "坏了，很失望", "", "It stopped working and support was useless."];

        var lines = SentimentData.Analyzer.Analyze(texts).Select((result, i) => TextJsonLines.Sentiment(texts[i], result)).ToList();

        Assert.Equal(texts.Length, lines.Count);
        var parsed = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(texts, parsed.Select(p => p.GetProperty("text").GetString()));
        Assert.Equal(["positive", "negative", null, "negative"], parsed.Select(p => p.GetProperty("label").GetString()));
        Assert.Equal(["en", "zh", "und", "en"], parsed.Select(p => p.GetProperty("language").GetString()));
        Assert.All(parsed.Where(p => p.GetProperty("score").ValueKind == JsonValueKind.Number), p => Assert.InRange(p.GetProperty("score").GetDouble(), -1, 1));
        Assert.Equal(
            ["text", "label", "score", "language", "probability", "model"],
            parsed[0].EnumerateObject().Select(p => p.Name));
        // The empty text: judged by no model, which it says, rather than "neutral".
        Assert.Equal(
            ["text", "label", "score", "language", "model", "reason"],
            parsed[2].EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, parsed[2].GetProperty("score").ValueKind);
        Assert.Equal("empty text", parsed[2].GetProperty("reason").GetString());
    }
}
