namespace Clientele.Marketing.Audience;

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
