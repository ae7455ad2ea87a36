namespace Clientele.Language.Sentiment;

/// <summary>A text with its sentiment label.</summary>
public readonly record struct LabelledText(string Text, SentimentLabel Label);
