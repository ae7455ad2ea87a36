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
    }

    public ValueModelException(string message)
        : base(message)
    {
    }

    public ValueModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
