namespace Clientele.Marketing.Audience;

/// <summary><c>column op literal</c>.</summary>
public sealed record ComparisonPredicate(string Column, int ColumnOffset, ComparisonOperator Operator, PredicateLiteral Value) : Predicate
{
    public override IEnumerable<(string Column, int Offset)> Columns() => [(Column, ColumnOffset)];
}
