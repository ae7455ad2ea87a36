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
