namespace Clientele.Marketing.Audience;

public sealed record NotPredicate(Predicate Operand) : Predicate
{
    public override IEnumerable<(string Column, int Offset)> Columns() => Operand.Columns();
}
