namespace Clientele.Language.Sentiment;

/// <summary>The polarity of a text. The numeric values order the classes of the English model (0, 1, 2).</summary>
public enum SentimentLabel
{
    Negative = 0,
    Neutral = 1,
    Positive = 2,
}
