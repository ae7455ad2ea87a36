namespace Clientele.Marketing.Audience;

/// <summary><c>column in [a, b, …]</c> or <c>column not in [a, b, …]</c>.</summary>
public sealed record InPredicate(string Column, int ColumnOffset, IReadOnlyList<PredicateLiteral> Values, bool Negated) : Predicate
{
    public override IEnumerable<(string Column, int Offset)> Columns() => [(Column, ColumnOffset)];
}
