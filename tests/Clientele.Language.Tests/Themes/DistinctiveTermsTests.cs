using Clientele.Language.Themes;

namespace Clientele.Language.Tests.Themes;

public sealed class DistinctiveTermsTests
{
    /// <summary>
    /// Group A: "red cake stand" ×6 and "red mug" ×4; group B: "blue mug" ×8 and "cake stand" ×2. Term counts A: red 10,
    /// cake/stand/"red cake"/"cake stand" 6, mug/"red mug" 4 (n = 42); B: blue/mug/"blue mug" 8, cake/stand/"cake stand" 2
    /// (n = 30); prior 0.1 × the corpus counts. Expected z-scores from Monroe et al.'s formulas evaluated in Python now:
    /// red 2.24432296, cake 0.95513100, blue 2.50996353, mug (for B) 1.86376173. "red cake" (1.666) and "blue mug" are
    /// dropped because a word of theirs ranked first; mug is negative for A and so not A's theme.
    /// </summary>
    [Fact]
    public void Compute_TwoGroups_MonroeZScoresAndOrder()
    {
        var texts = Enumerable.Repeat(("A", "Red cake stand", 1.0), 6)
            .Concat(Enumerable.Repeat(("A", "red MUG", 1.0), 4))
            .Concat(Enumerable.Repeat(("B", "blue mug", 1.0), 8))
            .Concat(Enumerable.Repeat(("B", "cake stand", 1.0), 2));

        var themes = DistinctiveTerms.Compute(texts, new DistinctiveTermsOptions { MinimumCount = 1, Top = 10 });

        Assert.Equal(["red", "cake", "stand"], themes["A"].Select(t => t.Term));
        Assert.Equal(2.24432296, themes["A"][0].ZScore, 6);
        Assert.Equal(0.95513100, themes["A"][1].ZScore, 6);
        Assert.Equal(10, themes["A"][0].Count);
        Assert.Equal(["blue", "mug"], themes["B"].Select(t => t.Term));
        Assert.Equal(2.50996353, themes["B"][0].ZScore, 6);
        Assert.Equal(1.86376173, themes["B"][1].ZScore, 6);
    }

    /// <summary>
    /// Every text one word: for A (5 of the 8 "bag"s) the log-odds of "bag" against A's other words divide by zero
    /// (n_A + α₀ − y − α_w = 5 + 0.8 − 5 − 0.8), an infinite z that no word earns: no theme, rather than "Infinity".
    /// </summary>
    [Fact]
    public void Compute_ACorpusOfOneWord_HasNoThemes()
    {
        var texts = Enumerable.Repeat(("A", "bag", 1.0), 5).Concat(Enumerable.Repeat(("B", "Bag", 1.0), 3));

        var themes = DistinctiveTerms.Compute(texts, new DistinctiveTermsOptions { MinimumCount = 1 });

        Assert.All(themes.Values, terms => Assert.Empty(terms));
    }

    [Fact]
    public void Terms_StopWordsBreakPhrases_EachTermOncePerText()
    {
        var terms = DistinctiveTerms.Terms("Set of 3 cake tins, cake tins pantry design", new DistinctiveTermsOptions()).ToArray();

        Assert.Equal(["cake", "tins", "cake tins", "pantry", "tins pantry", "design", "pantry design"], terms);
    }

    [Theory]
    [InlineData("Jogo de cama pelo melhor preço para casal", new[] { "jogo", "cama", "melhor", "preço", "melhor preço", "casal" })] // Portuguese
    [InlineData("Juego de sábanas para la cama con funda", new[] { "juego", "sábanas", "cama", "funda" })] // Spanish
    [InlineData("Housse de couette avec taies pour le lit", new[] { "housse", "couette", "taies", "lit" })] // French
    [InlineData("Bettwäsche aus Baumwolle für das Bett", new[] { "bettwäsche", "baumwolle", "bett" })] // German
    public void Terms_FunctionWordsOfOtherLanguages_AreNotTerms(string text, string[] expected)
    {
        var terms = DistinctiveTerms.Terms(text, new DistinctiveTermsOptions { Phrases = text.StartsWith("Jogo", StringComparison.Ordinal) }).ToArray();

        Assert.Equal(expected, terms);
    }

    [Fact]
    public void Compute_RareTerm_NotAThemeBelowTheMinimumCount()
    {
        var texts = new[] { ("A", "unicorn lamp", 1.0), ("A", "desk lamp", 4.0), ("B", "desk chair", 5.0) };

        var themes = DistinctiveTerms.Compute(texts, new DistinctiveTermsOptions { MinimumCount = 2 });

        Assert.DoesNotContain(themes["A"], t => t.Term.Contains("unicorn", StringComparison.Ordinal));
        Assert.Equal("lamp", themes["A"][0].Term);
    }
}
