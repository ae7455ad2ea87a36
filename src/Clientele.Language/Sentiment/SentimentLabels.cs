namespace Clientele.Language.Sentiment;

/// <summary>The names of <see cref="SentimentLabel"/> as they appear in files and JSON, and the star-rating mapping.</summary>
public static class SentimentLabels
{
    /// <summary>The labels in class order.</summary>
    public static IReadOnlyList<SentimentLabel> All { get; } = [SentimentLabel.Negative, SentimentLabel.Neutral, SentimentLabel.Positive];

    /// <summary><c>negative</c>, <c>neutral</c> or <c>positive</c>.</summary>
    public static string Name(SentimentLabel label) => label switch
    {
        SentimentLabel.Negative => "negative",
        SentimentLabel.Neutral => "neutral",
        SentimentLabel.Positive => "positive",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not a sentiment label."),
    };

    /// <summary>The label of a name written by <see cref="Name"/>.</summary>
    public static SentimentLabel Parse(string name) => name switch
    {
        "negative" => SentimentLabel.Negative,
        "neutral" => SentimentLabel.Neutral,
        "positive" => SentimentLabel.Positive,
        _ => throw new FormatException($"'{name}' is not a sentiment label; expected negative, neutral or positive."),
    };

    /// <summary>
    /// The label of a 1–5 star rating: 1–2 stars negative, 3 neutral, 4–5 positive (the usual mapping for review
    /// stars; the Alexa set's own <c>feedback</c> column instead counts 3 stars as positive).
    /// </summary>
    public static SentimentLabel FromStars(int stars) => stars switch
    {
        1 or 2 => SentimentLabel.Negative,
        3 => SentimentLabel.Neutral,
        4 or 5 => SentimentLabel.Positive,
        _ => throw new ArgumentOutOfRangeException(nameof(stars), stars, "A star rating is 1 to 5."),
    };
}
