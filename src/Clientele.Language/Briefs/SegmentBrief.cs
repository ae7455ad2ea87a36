namespace Clientele.Language.Briefs;

/// <summary>Who wrote a brief.</summary>
public enum BriefSource
{
    /// <summary>The template writer (the default, and the fallback of the language-model path).</summary>
    Template,

    /// <summary>A language model through an <c>IChatClient</c>.</summary>
    LanguageModel,
}

/// <summary>A segment's brief in one language: who the customers are, and what to do about them.</summary>
/// <param name="Description">Two to four sentences on the segment.</param>
/// <param name="Angle">The rule-based kind of action (<see cref="MarketingAngleRules"/>), also when a model wrote the text.</param>
/// <param name="AngleText">The suggested action, in a sentence or two.</param>
/// <param name="Warning">Why the language model's brief was replaced by the template's, or null.</param>
public sealed record SegmentBrief(
    string Method,
    int SegmentId,
    string Name,
    BriefLanguage Language,
    string Description,
    MarketingAngle Angle,
    string AngleText,
    BriefSource Source,
    string? Warning = null);
