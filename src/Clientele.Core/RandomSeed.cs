namespace Clientele.Core;

/// <summary>
/// The seed of every randomised fit, split, sample and simulation when none is given. It is one setting, so it has one
/// default: the options records and requests that take a seed start from this value, and a command's <c>--seed</c>
/// without a value leaves it alone.
/// </summary>
public static class RandomSeed
{
    /// <summary>The default seed.</summary>
    /// <value>42.</value>
    public const int Default = 42;
}
