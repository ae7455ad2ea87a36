namespace Clientele.Marketing.Audience;

/// <summary>A parsed audience predicate (see <see cref="PredicateParser"/>): a tree of and/or/not over comparisons.</summary>
public abstract record Predicate
{
    /// <summary>Every column the predicate reads, with the offset of each mention.</summary>
    public abstract IEnumerable<(string Column, int Offset)> Columns();
}
