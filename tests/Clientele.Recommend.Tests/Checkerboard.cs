namespace Clientele.Recommend.Tests;

/// <summary>
/// implicit's contract data (tests/recommender_base_test.py, <c>get_checker_board</c>): n users and n items; every even
/// user likes every even item and every odd user every odd item, except that user u does not have item u (the
/// diagonal is withheld). Item u is then liked by all of u's group and must come back first for u.
/// </summary>
internal static class Checkerboard
{
    public const int Size = 50;

    public static string User(int u) => $"u{u:D2}";

    public static string Item(int i) => $"i{i:D2}";

    public static Interaction[] Interactions(int n = Size)
    {
        var list = new List<Interaction>();
        for (var u = 0; u < n; u++)
        {
            for (var i = u % 2; i < n; i += 2)
            {
                if (i != u)
                {
                    list.Add(new Interaction(User(u), Item(i)));
                }
            }
        }
        return [.. list];
    }

    public static InteractionMatrix Matrix(int n = Size) => InteractionMatrix.FromInteractions(Interactions(n));

    /// <summary>Each user's group: "even" or "odd".</summary>
    public static Dictionary<string, string> Segments(int n = Size) =>
        Enumerable.Range(0, n).ToDictionary(User, u => u % 2 == 0 ? "even" : "odd");

    /// <summary>Item texts that share words within a group only.</summary>
    public static Dictionary<string, string> ItemTexts(int n = Size) =>
        Enumerable.Range(0, n).ToDictionary(Item, i => i % 2 == 0 ? $"red apple crunchy product {i}" : $"green pear juicy product {i}");
}
