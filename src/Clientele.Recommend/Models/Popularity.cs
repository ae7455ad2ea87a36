namespace Clientele.Recommend;

/// <summary>Popularity counts shared by the popularity models.</summary>
internal static class Popularity
{
    /// <summary>The number of users of every item; −∞ for items nobody has.</summary>
    public static float[] Scores(InteractionMatrix interactions) =>
        interactions.UserItems.ColumnCounts().Select(c => c > 0 ? (float)c : float.NegativeInfinity).ToArray();
}
