using System.Globalization;
using System.Text;
using Clientele.Core;

namespace Clientele.Reports;

/// <summary>Escaping for text and attributes, and the number formats the report uses (invariant culture throughout).</summary>
internal static class Html
{
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    public static string Attribute(string? text) => Encode(text);

    /// <summary>A data-* attribute name: lower-case letters, digits and hyphens only.</summary>
    public static string DataKey(string key)
    {
        if (key.Length == 0 || !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"\"{key}\" is not a data attribute name (lower-case letters, digits, hyphens).", nameof(key));
        }
        return key;
    }

    /// <summary>A CSS colour, checked to be #rrggbb so that nothing else reaches a style attribute.</summary>
    public static string Colour(string colour)
    {
        if (colour.Length != 7 || colour[0] != '#' || !colour.Skip(1).All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"\"{colour}\" is not a #rrggbb colour.", nameof(colour));
        }
        return colour;
    }
}

/// <summary>How numbers read in the report.</summary>
public static class ReportFormat
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>0.1984 → "19.8 %"; a share above 0 that would round to 0.0 % is "&lt; 0.1 %".</summary>
    public static string Percent(double share) => !double.IsFinite(share)
        ? "–"
        : share > 0 && share < 0.0005 ? "< 0.1 %"
        : (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>Whole currency units with thousands separators: 6288.4 → "6,288".</summary>
    public static string Money(decimal value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Money(double value) => double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : "–";

    /// <summary>A short amount for headlines: 8,300,000 → "8.30 M", 45,200 → "45.2 k".</summary>
    public static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1e9 => (value / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " bn",
        >= 1e6 => (value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 1e4 => (value / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " k",
        _ => value.ToString("N0", CultureInfo.InvariantCulture),
    };

    public static string Fixed(double value, int digits) => double.IsFinite(value)
        ? value.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : "–";

    /// <summary>A lift: 3.29 → "3.29×".</summary>
    public static string Lift(double value) => double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Exact, for data attributes and the data island: "0.198432…" with round-trip precision.</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>At its smallest scale, as the data island (<see cref="ExactDecimalJsonConverter"/>): the same on either store.</summary>
    public static string Exact(decimal value) => ExactDecimalJsonConverter.SmallestScale(value).ToString(CultureInfo.InvariantCulture);

    public static string Exact(long value) => value.ToString(CultureInfo.InvariantCulture);
}
