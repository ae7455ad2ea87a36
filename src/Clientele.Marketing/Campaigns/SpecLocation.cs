namespace Clientele.Marketing.Campaigns;

/// <summary>
/// Where a value of a campaign spec starts in its file (1-based line and column). <see cref="SingleLine"/> says whether
/// a character offset inside the value can be added to <see cref="Column"/> (true for a value written on one line),
/// so an error inside an audience predicate can point at the very token.
/// </summary>
public readonly record struct SpecLocation(int Line, int Column, bool SingleLine = false)
{
    /// <summary>The location of the character <paramref name="offset"/> places into the value.</summary>
    public SpecLocation At(int offset) => SingleLine ? this with { Column = Column + offset } : this;
}
