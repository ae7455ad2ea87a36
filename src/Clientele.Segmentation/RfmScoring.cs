namespace Clientele.Segmentation;

/// <summary>
/// R, F and M scores from 1 to 5 by quintile, with ties kept together: a customer's score is
/// 1 + ⌊5 × (share of customers with a strictly worse value)⌋, capped at 5. Equal values therefore always
/// get equal scores (unlike ranking by row order), and a value shared by many customers can leave a score unused.
/// For recency a smaller number of days is better; for frequency and monetary a larger one. The rule itself is
/// <see cref="RfmScale.Score"/>, which also scores a value that was not among the customers (the live service).
/// </summary>
public static class RfmScoring
{
    public const int Levels = 5;

    /// <summary>Scores where a larger value is better (frequency, monetary).</summary>
    public static int[] ScoreHigherIsBetter(ReadOnlySpan<double> values) => Score(values, higherIsBetter: true);

    /// <summary>Scores where a smaller value is better (recency in days).</summary>
    public static int[] ScoreLowerIsBetter(ReadOnlySpan<double> values) => Score(values, higherIsBetter: false);

    private static int[] Score(ReadOnlySpan<double> values, bool higherIsBetter) =>
        values.IsEmpty ? [] : RfmScale.ScoreAll(values, higherIsBetter);
}
