using Clientele.Core;

namespace Clientele.Value;

/// <summary>
/// A customer-value model cannot be fitted or read: the input breaks a rule of the model (t_x &gt; T, a negative or
/// missing value, too few customers) or the likelihood has no usable maximum. The message says what was wrong and what
/// to try.
/// </summary>
public sealed class ValueModelException : ClienteleException
{
    public ValueModelException()
    {
        Reason = Message;
    }

    public ValueModelException(string message)
        : base(message)
    {
        Reason = message;
    }

    public ValueModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>An error whose reason and advice are kept apart, so that a caller can give its own advice in its own words.</summary>
    /// <param name="reason">What went wrong, in the library's terms, without advice.</param>
    /// <param name="advice">What to try, naming the library's settings (e.g. <c>PenalizerCoefficient</c>).</param>
    public ValueModelException(string reason, string advice)
        : base($"{reason} {advice}")
    {
        Reason = reason;
        Advice = advice;
    }

    /// <summary>What went wrong, without the advice: the whole message when the error carries no separate advice.</summary>
    public string Reason { get; }

    /// <summary>What to try, in the library's terms; null when the message carries no separate advice.</summary>
    public string? Advice { get; }
}
