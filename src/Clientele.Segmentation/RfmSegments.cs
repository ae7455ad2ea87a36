namespace Clientele.Segmentation;

/// <summary>
/// The usual eleven named RFM segments, from the recency score R and the combined frequency-monetary score
/// FM = ⌈(F + M) / 2⌉. Every (R, FM) cell belongs to exactly one segment:
/// <code>
///        FM=1              FM=2                FM=3                FM=4             FM=5
/// R=5    New               Potential Loyalist  Potential Loyalist  Champions        Champions
/// R=4    Promising         Potential Loyalist  Potential Loyalist  Loyal            Champions
/// R=3    About to Sleep    Need Attention      Need Attention      Loyal            Loyal
/// R=2    Hibernating       Hibernating         At Risk             At Risk          Can't Lose Them
/// R=1    Lost              Lost                At Risk             Can't Lose Them  Can't Lose Them
/// </code>
/// </summary>
public static class RfmSegments
{
    public const string Champions = "Champions";
    public const string Loyal = "Loyal";
    public const string PotentialLoyalist = "Potential Loyalist";
    public const string New = "New";
    public const string Promising = "Promising";
    public const string NeedAttention = "Need Attention";
    public const string AboutToSleep = "About to Sleep";
    public const string AtRisk = "At Risk";
    public const string CantLoseThem = "Can't Lose Them";
    public const string Hibernating = "Hibernating";
    public const string Lost = "Lost";

    /// <summary>The segments from best to worst, the order reports list them in.</summary>
    public static readonly IReadOnlyList<string> All =
        [Champions, Loyal, PotentialLoyalist, New, Promising, NeedAttention, AboutToSleep, AtRisk, CantLoseThem, Hibernating, Lost];

    private static readonly Dictionary<string, int> Ranks = All.Select((name, rank) => (name, rank)).ToDictionary(p => p.name, p => p.rank, StringComparer.Ordinal);

    /// <summary>A segment's place in <see cref="All"/> (0 is the best); <see cref="int.MaxValue"/> for a name that is not a segment.</summary>
    public static int Rank(string name) => Ranks.GetValueOrDefault(name, int.MaxValue);

    // Rows are R = 5 … 1, columns FM = 1 … 5: the grid in the summary, as data.
    private static readonly string[][] Grid =
    [
        [New, PotentialLoyalist, PotentialLoyalist, Champions, Champions],
        [Promising, PotentialLoyalist, PotentialLoyalist, Loyal, Champions],
        [AboutToSleep, NeedAttention, NeedAttention, Loyal, Loyal],
        [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
        [Lost, Lost, AtRisk, CantLoseThem, CantLoseThem],
    ];

    /// <summary>Scores every customer (<see cref="RfmScoring"/>) and names their segment: the one way RFM segments are made.</summary>
    public static RfmAssignment Assign(ReadOnlySpan<double> recencyDays, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary)
    {
        var r = RfmScoring.ScoreLowerIsBetter(recencyDays);
        var f = RfmScoring.ScoreHigherIsBetter(frequency);
        var m = RfmScoring.ScoreHigherIsBetter(monetary);
        var names = new string[r.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Name(r[i], f[i], m[i]);
        }
        return new RfmAssignment(r, f, m, names);
    }

    /// <summary>FM = ⌈(F + M) / 2⌉.</summary>
    public static int FrequencyMonetaryScore(int f, int m)
    {
        CheckScore(f, nameof(f));
        CheckScore(m, nameof(m));
        return (f + m + 1) / 2;
    }

    public static string Name(int r, int f, int m)
    {
        CheckScore(r, nameof(r));
        return Grid[RfmScoring.Levels - r][FrequencyMonetaryScore(f, m) - 1];
    }

    /// <summary>The (R, FM) cells of a segment, for documentation and reports ("R 4–5, FM 4–5").</summary>
    public static IReadOnlyList<(int R, int FM)> Cells(string segment)
    {
        var cells = new List<(int, int)>();
        for (var r = RfmScoring.Levels; r >= 1; r--)
        {
            for (var fm = 1; fm <= RfmScoring.Levels; fm++)
            {
                if (Grid[RfmScoring.Levels - r][fm - 1] == segment)
                {
                    cells.Add((r, fm));
                }
            }
        }
        return cells;
    }

    private static void CheckScore(int score, string name)
    {
        if (score is < 1 or > RfmScoring.Levels)
        {
            throw new ArgumentOutOfRangeException(name, score, "RFM scores run from 1 to 5.");
        }
    }
}
