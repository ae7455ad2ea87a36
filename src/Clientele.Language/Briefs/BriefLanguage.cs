namespace Clientele.Language.Briefs;

/// <summary>The languages a brief is written in.</summary>
public enum BriefLanguage
{
    English,

    /// <summary>Simplified Chinese.</summary>
    Chinese,
}

/// <summary>Language codes as the CLI and briefs.json spell them.</summary>
public static class BriefLanguages
{
    /// <summary>"en" or "zh".</summary>
    public static string Code(this BriefLanguage language) => language == BriefLanguage.Chinese ? "zh" : "en";

    /// <summary>The language's name as a prompt asks for it.</summary>
    public static string PromptName(this BriefLanguage language) => language == BriefLanguage.Chinese ? "Simplified Chinese (简体中文)" : "English";
}
