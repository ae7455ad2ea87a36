namespace Clientele.Language.Sentiment;

/// <summary>
/// The four numbers of a VADER analysis, rounded as vaderSentiment rounds them: the shares of the text that are
/// negative, neutral and positive (3 decimals; they add up to about 1) and the normalised compound score in [-1, 1]
/// (4 decimals).
/// </summary>
public readonly record struct VaderScores(double Negative, double Neutral, double Positive, double Compound)
{
    /// <summary>The label by the standard thresholds on <see cref="Compound"/> (see <see cref="VaderAnalyzer.Classify"/>).</summary>
    public SentimentLabel Label => VaderAnalyzer.Classify(Compound);
}
