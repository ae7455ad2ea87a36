namespace Clientele.Features;

/// <summary>
/// Which products are merchandise and which are service lines (postage, fees, discounts, manual corrections). When at
/// least <see cref="MerchandiseDigitShare"/> of a store's product ids contain a digit, as Online Retail's stock codes
/// do, the ids without one (POST, DOT, M, D, CRUK, BANK CHARGES) are service lines: they are not named as products in
/// briefs and their words are not a segment's themes. Otherwise every product counts as merchandise.
/// </summary>
public static class ServiceLines
{
    public const double MerchandiseDigitShare = 0.9;

    /// <summary>The merchandise among <paramref name="productIds"/> (all of them unless digits mark merchandise).</summary>
    public static HashSet<string> Merchandise(IReadOnlyCollection<string> productIds)
    {
        ArgumentNullException.ThrowIfNull(productIds);
        var withDigit = productIds.Count(HasDigit);
        var digitsMarkMerchandise = productIds.Count > 0 && withDigit >= MerchandiseDigitShare * productIds.Count;
        return productIds.Where(id => !digitsMarkMerchandise || HasDigit(id)).ToHashSet(StringComparer.Ordinal);
    }

    private static bool HasDigit(string id) => id.Any(char.IsAsciiDigit);
}
