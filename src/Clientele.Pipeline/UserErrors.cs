using Clientele.Core;

namespace Clientele.Pipeline;

/// <summary>
/// The one place where an algorithm project's <see cref="ArgumentException"/> (an option out of range, k larger than
/// the customers, a model that cannot be fitted to these data) becomes a <see cref="ClienteleException"/>, which the
/// CLI and the service show as one line.
/// </summary>
public static class UserErrors
{
    public static T Guard<T>(Func<T> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            return run();
        }
        catch (ArgumentException e)
        {
            throw new ClienteleException(e.Message, e);
        }
    }
}
