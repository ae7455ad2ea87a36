namespace Clientele.Marketing.Audience;

public sealed record OrPredicate(Predicate Left, Predicate Right) : Predicate
{
    public override IEnumerable<(string Column, int Offset)> Columns() => Left.Columns().Concat(Right.Columns());
}
