namespace Clientele.Marketing.Audience;

/// <summary>A comparison operator of an audience predicate.</summary>
public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>A literal of an audience predicate: a number or a quoted string, with its offset in the text.</summary>
public sealed record PredicateLiteral(double? Number, string? Text, int Offset)
{
    public bool IsNumber => Number is not null;

    public override string ToString() => IsNumber ? Number!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : $"'{Text}'";
}

/// <summary>A parsed audience predicate (see <see cref="PredicateParser"/>): a tree of and/or/not over comparisons.</summary>
public abstract record Predicate
{
    /// <summary>Every column the predicate reads, with the offset of each mention.</summary>
    public abstract IEnumerable<(string Column, int Offset)> Columns();
}

public sealed record AndPredicate(Predicate Left, Predicate Right) : Predicate
{
    public override IEnumerable<(string Column, int Offset)> Columns() => Left.Columns().Concat(Right.Columns());
}

public sealed record OrPredicate(Predicate Left, Predicate Right) : Predicate
{
    public override IEnumerable<(string Column, int Offset)> Columns() => Left.Columns().Concat(Right.Columns());
}

public sealed record NotPredicate(Predicate Operand) : Predicate
{
    public override IEnumerable<(string Column, int Offset)> Columns() => Operand.Columns();
}

/// <summary><c>column op literal</c>.</summary>
public sealed record ComparisonPredicate(string Column, int ColumnOffset, ComparisonOperator Operator, PredicateLiteral Value) : Predicate
{
    public override IEnumerable<(string Column, int Offset)> Columns() => [(Column, ColumnOffset)];
}

/// <summary><c>column in [a, b, …]</c> or <c>column not in [a, b, …]</c>.</summary>
public sealed record InPredicate(string Column, int ColumnOffset, IReadOnlyList<PredicateLiteral> Values, bool Negated) : Predicate
{
    public override IEnumerable<(string Column, int Offset)> Columns() => [(Column, ColumnOffset)];
}

/// <summary>A predicate that cannot be parsed or bound; <see cref="Offset"/> is the 0-based character it points at.</summary>
public sealed class PredicateException : Exception
{
    public PredicateException()
    {
    }

    public PredicateException(string message)
        : base(message)
    {
    }

    public PredicateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PredicateException(string message, int offset)
        : base(message)
    {
        Offset = offset;
    }

    public int Offset { get; }
}
