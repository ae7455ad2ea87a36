using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Clientele.Language.Briefs;

/// <summary>
/// The prompt that asks a language model for a brief (a system message with the instructions, a user message with the
/// facts as JSON and the rule-based angle), and the reading of its answer: a JSON object with "description" and "angle".
/// </summary>
public static class BriefPrompt
{
    public static IList<ChatMessage> Messages(SegmentFacts facts, BriefLanguage language)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var angle = MarketingAngleRules.Choose(facts);
        // As the templates do: P(alive) says little for a segment that mostly ordered once, so the model is not shown it.
        var aliveLeftOut = facts.Value is { MeanProbabilityAlive: not null } && BriefContext.MostlyOneTimeBuyers(facts);
        var shown = aliveLeftOut ? facts with { Value = facts.Value! with { MeanProbabilityAlive = null } } : facts;
        var system =
            "You are a marketing analyst for an online shop. You write short briefs about customer segments for marketers. " +
            $"Write in {language.PromptName()}. Use only the facts you are given: do not invent numbers, products or reasons. " +
            "Numbers: shares as percentages with at most one decimal, money as in the facts without a currency symbol. " +
            "When the facts give star ratings but no sentiment, describe the ratings and say that they come from the star ratings. " +
            "Answer with one JSON object and nothing else: {\"description\": \"2 to 4 sentences on who these customers are: " +
            "their size and share of revenue, how recently, how often and how much they buy compared with all customers, and what they buy\", " +
            "\"angle\": \"one concrete marketing action for this segment, in one or two sentences, naming products from the facts where it helps\"}.";
        var user =
            $"Segment facts (JSON; features compare the segment with all customers: lift = segment mean / overall mean):\n{JsonSerializer.Serialize(shown, BriefJson.Options)}\n\n" +
            (aliveLeftOut ? "The chance of still being active (P(alive)) is left out on purpose: most of this segment ordered once, and that model cannot tell a one-time buyer who left from one who has not yet come back. Do not state it.\n\n" : "") +
            $"The rule-based marketing angle for these facts is \"{angle.Code()}\" ({TemplateBriefWriter.AngleName(angle, BriefLanguage.English)}). " +
            $"Build the angle on it. Write the brief in {language.PromptName()}.";
        return [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, user)];
    }

    /// <summary>
    /// Reads an answer: a JSON object (possibly in a ```json fence or with text around it) whose "description" and
    /// "angle" are non-empty strings. Returns null, with the reason, when the answer is not in that form.
    /// </summary>
    public static (string Description, string Angle)? Parse(string? answer, out string? problem)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            problem = "the model's answer was empty";
            return null;
        }
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            problem = "the model's answer held no JSON object";
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(answer[start..(end + 1)]);
            var description = Text(document.RootElement, "description");
            var angle = Text(document.RootElement, "angle");
            if (description is null || angle is null)
            {
                problem = "the model's answer lacked a non-empty \"description\" or \"angle\"";
                return null;
            }
            problem = null;
            return (description, angle);
        }
        catch (JsonException e)
        {
            problem = $"the model's answer was not valid JSON ({e.Message.Split('\n')[0]})";
            return null;
        }
    }

    private static string? Text(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                var text = string.Join(' ', property.Value.GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                return text.Length > 0 ? text : null;
            }
        }
        return null;
    }
}
