using System.Text.Json;
using Clientele.Language.Briefs;
using Clientele.Tests;

namespace Clientele.Language.Tests.Briefs;

public sealed class LlmBriefWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly SegmentFacts _facts = BriefFacts.RfmSegments().ElementAt(7).Facts; // At Risk: win-back

    public void Dispose() => _temp.Dispose();

    private string LogPath => _temp.File("briefs-llm-log.jsonl");

    private LlmBriefWriter CreateSut(FakeChatClient client, TimeSpan? timeout = null) =>
        new(client, new LlmBriefOptions { Model = "fake-model", LogPath = LogPath, Timeout = timeout ?? TimeSpan.FromSeconds(10) });

    private JsonElement[] LogLines() => File.ReadAllLines(LogPath).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();

    [Fact]
    public async Task WriteAsync_ValidAnswer_UsesTheModelsBriefAndLogsFactsPromptAndAnswer()
    {
        const string answer = "{\"description\": \"At Risk: 544 customers who used to buy often.\", \"angle\": \"Win them back with an offer on White Hanging Heart T-Light Holder.\"}";
        var client = FakeChatClient.Answering(answer);

        var brief = await CreateSut(client).WriteAsync(_facts, BriefLanguage.English);

        Assert.Equal(BriefSource.LanguageModel, brief.Source);
        Assert.Null(brief.Warning);
        Assert.Equal("At Risk: 544 customers who used to buy often.", brief.Description);
        Assert.Equal("Win them back with an offer on White Hanging Heart T-Light Holder.", brief.AngleText);
        Assert.Equal(MarketingAngle.WinBack, brief.Angle);
        Assert.Equal("fake-model", client.Options.Single()!.ModelId);

        var line = Assert.Single(LogLines());
        Assert.Equal("model", line.GetProperty("outcome").GetString());
        Assert.Equal(answer, line.GetProperty("answer").GetString());
        Assert.Equal(544, line.GetProperty("facts").GetProperty("customers").GetInt32());
        Assert.Equal("system", line.GetProperty("prompt")[0].GetProperty("role").GetString());
        Assert.Contains("\"name\":\"At Risk\"", line.GetProperty("prompt")[1].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Prompt_HoldsTheFactsAsJsonTheRuleAngleAndTheLanguage()
    {
        var client = FakeChatClient.Answering("{\"description\": \"d.\", \"angle\": \"a.\"}");
        await CreateSut(client).WriteAsync(_facts, BriefLanguage.Chinese);

        var messages = Assert.Single(client.Requests);
        Assert.Equal(2, messages.Count);
        Assert.Contains("Simplified Chinese", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("\"description\"", messages[0].Text, StringComparison.Ordinal);
        var user = messages[1].Text;
        Assert.Contains("win_back", user, StringComparison.Ordinal);
        // The facts object is in the message verbatim: it parses back to the same facts.
        var json = user[user.IndexOf('{', StringComparison.Ordinal)..(user.LastIndexOf('}') + 1)];
        var facts = JsonSerializer.Deserialize<SegmentFacts>(json, BriefJson.Options)!;
        Assert.Equal(_facts.Customers, facts.Customers);
        Assert.Equal(_facts.Features.Single(f => f.Feature == "recency_days").Median, facts.Features.Single(f => f.Feature == "recency_days").Median);
        Assert.Equal("WHITE HANGING HEART T-LIGHT HOLDER", facts.TopProducts[0].Name);
    }

    [Fact]
    public async Task WriteAsync_AnswerInAFence_IsRead()
    {
        var client = FakeChatClient.Answering("Here you are:\n```json\n{\"Description\": \"有流失风险的客户。\", \"angle\": \"挽回。\"}\n```");
        var brief = await CreateSut(client).WriteAsync(_facts, BriefLanguage.Chinese);
        Assert.Equal(BriefSource.LanguageModel, brief.Source);
        Assert.Equal("有流失风险的客户。", brief.Description);
    }

    public static TheoryData<string, string> BadAnswers => new()
    {
        { "", "empty" },
        { "   ", "empty" },
        { "Win them back.", "no JSON object" },
        { "{\"description\": \"only half\"}", "lacked" },
        { "{\"description\": \"x\", \"angle\": \"\"}", "lacked" },
        { "{\"description\": \"x\", \"angle\": ", "no JSON object" },
        { "{\"description\": \"x\" \"angle\": \"y\"}", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task WriteAsync_UnusableAnswer_FallsBackToTheTemplateWithAWarning(string answer, string reason)
    {
        var brief = await CreateSut(FakeChatClient.Answering(answer)).WriteAsync(_facts, BriefLanguage.English);

        var template = TemplateBriefWriter.Write(_facts, BriefLanguage.English);
        Assert.Equal(BriefSource.Template, brief.Source);
        Assert.Equal(template.Description, brief.Description);
        Assert.Equal(template.AngleText, brief.AngleText);
        Assert.Contains(reason, brief.Warning, StringComparison.Ordinal);
        Assert.Equal("template_fallback", Assert.Single(LogLines()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task WriteAsync_Unreachable_FallsBackAndLogsWhy()
    {
        var client = FakeChatClient.Throwing(new HttpRequestException("Connection refused (localhost:11434)"));
        var brief = await CreateSut(client).WriteAsync(_facts, BriefLanguage.English);

        Assert.Equal(BriefSource.Template, brief.Source);
        Assert.Contains("Connection refused", brief.Warning, StringComparison.Ordinal);
        var line = Assert.Single(LogLines());
        Assert.Equal(JsonValueKind.Undefined, line.TryGetProperty("answer", out var a) ? a.ValueKind : JsonValueKind.Undefined);
        Assert.Contains("Connection refused", line.GetProperty("warning").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_NoAnswerInTime_FallsBack()
    {
        var brief = await CreateSut(FakeChatClient.Hanging(), TimeSpan.FromMilliseconds(100)).WriteAsync(_facts, BriefLanguage.Chinese);
        Assert.Equal(BriefSource.Template, brief.Source);
        Assert.Contains("did not answer within", brief.Warning, StringComparison.Ordinal);
        Assert.Equal(TemplateBriefWriter.Write(_facts, BriefLanguage.Chinese).Description, brief.Description);
    }

    [Fact]
    public async Task WriteAsync_CallerCancels_Throws()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut(FakeChatClient.Hanging()).WriteAsync(_facts, BriefLanguage.English, cancel.Token));
    }

    [Fact]
    public async Task WriteAsync_SeveralSegments_OneLogLineEach()
    {
        var sut = CreateSut(FakeChatClient.Answering("{\"description\": \"d.\", \"angle\": \"a.\"}"));
        foreach (var (facts, _) in BriefFacts.RfmSegments().Take(3))
        {
            await sut.WriteAsync(facts, BriefLanguage.English);
        }
        Assert.Equal(["Champions", "Loyal", "Potential Loyalist"], LogLines().Select(l => l.GetProperty("name").GetString()));
    }

    [Fact]
    public void Messages_MostlyOneTimeBuyers_PAliveNotShownAndTheModelToldWhy()
    {
        var facts = BriefFacts.Make("cluster 1", 300, 1.0, 140, SegmentKind.Cluster, 6_000, "low value, lapsed, one-off") with
        {
            Value = new ValueFacts(12, 15, 0.999, 0.998, 365),
        };

        var user = BriefPrompt.Messages(facts, BriefLanguage.English)[1].Text;
        var repeat = BriefPrompt.Messages(facts with { Value = facts.Value with { MeanProbabilityAlive = 0.5 }, Features = [.. facts.Features.Select(f => f.Feature == "frequency" ? f with { Median = 3 } : f)] }, BriefLanguage.English)[1].Text;

        Assert.DoesNotContain("0.999", user, StringComparison.Ordinal);
        Assert.Contains("0.998", user, StringComparison.Ordinal);
        Assert.Contains("P(alive)) is left out on purpose", user, StringComparison.Ordinal);
        Assert.Contains("\"mean_probability_alive\":0.5", repeat, StringComparison.Ordinal);
        Assert.DoesNotContain("left out on purpose", repeat, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NonPositiveTimeout_RejectedWhenBuilt() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlmBriefWriter(FakeChatClient.Answering(""), new LlmBriefOptions { Timeout = TimeSpan.Zero }));
}
