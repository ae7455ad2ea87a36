using System.Globalization;
using System.Text;

namespace Clientele.Data.Ingest;

/// <summary>
/// Reads the money values of one file as people and programs write them: a decimal point or a decimal comma
/// (<c>--decimal</c>, or detected: see <see cref="ScanDecimalComma"/>), thousands separators in groups of three
/// (<c>1,234.50</c>, <c>1.234,50</c>, <c>1 234,50</c>), a currency symbol before or after (<c>£1,234.50</c>,
/// <c>1.234,50 €</c>, <c>$3.00</c>), an exponent (<c>1.5e3</c>). The store keeps <see cref="MaximumDecimals"/>
/// decimals; a value with more is a binary floating-point artefact (<c>7.950000000000001</c>, written by pandas,
/// JavaScript or a Parquet DOUBLE) when it has at least <see cref="ArtefactDigits"/> significant digits and lies
/// within a relative <see cref="ArtefactTolerance"/> of a 6-decimal value: it is rounded and counted. Anything else
/// with more decimals (<c>0.1234567</c>) is a real value the store cannot keep, so it is rejected, not changed.
/// </summary>
public sealed class NumberReader
{
    /// <summary>The scale of the store's money columns (DECIMAL(18, 6) and DECIMAL(24, 6)).</summary>
    public const int MaximumDecimals = 6;

    /// <summary>A double printed in full (shortest round-trip) has 15–17 significant digits; a person's price far fewer.</summary>
    public const int ArtefactDigits = 15;

    /// <summary>About 4,500 double ulps: wide for the error of a few float operations, far below a real 7th decimal.</summary>
    public const decimal ArtefactTolerance = 1e-12m;

    /// <summary>The largest money value DECIMAL(18, 6) holds; a larger one is rejected, not handed to the store.</summary>
    public const decimal MaximumMoney = 999_999_999_999.999999m;

    /// <summary>The largest line value DECIMAL(24, 6) (the amount column) holds.</summary>
    public const decimal MaximumLineValue = 999_999_999_999_999_999.999999m;

    private readonly Func<bool>? _scan;
    private bool _scanned;

    /// <param name="decimalSeparator">'.' or ',' from <c>--decimal</c>; null to detect (a point unless the file shows otherwise).</param>
    /// <param name="scan">Whether the file's money columns use a decimal comma throughout (see <see cref="ScanDecimalComma"/>).</param>
    public NumberReader(char? decimalSeparator, Func<bool>? scan)
    {
        if (decimalSeparator is { } d && d is not ('.' or ','))
        {
            throw new Core.ClienteleException($"--decimal {d}: the decimal separator is . or ,");
        }
        Explicit = decimalSeparator is not null;
        DecimalSeparator = decimalSeparator ?? '.';
        _scan = scan;
    }

    public char DecimalSeparator { get; private set; }

    /// <summary>The separator came from <c>--decimal</c>, not from detection.</summary>
    public bool Explicit { get; }

    /// <summary>Reads a money value; <paramref name="rounded"/> is true when it was a float artefact rounded to 6 decimals.</summary>
    public bool TryParseMoney(string text, out decimal value, out bool rounded, out string problem)
    {
        rounded = false;
        if (!TryParse(text, out value, out problem))
        {
            if (!Explicit && !_scanned && LooksLikeDecimalComma(text))
            {
                _scanned = true;
                if (_scan?.Invoke() == true)
                {
                    DecimalSeparator = ',';
                    return TryParseMoney(text, out value, out rounded, out problem);
                }
            }
            return false;
        }
        return TryStoreMoney(value, OrderLineParser.Describe(text), out value, out rounded, out problem);
    }

    /// <summary>
    /// The store's rule for a money value once read, from a file or from a number in an event (the live service): at
    /// most <see cref="MaximumMoney"/>; more than <see cref="MaximumDecimals"/> decimals only as a float artefact, which is
    /// rounded (<paramref name="rounded"/>). <paramref name="described"/> names the value in <paramref name="problem"/>.
    /// </summary>
    public static bool TryStoreMoney(decimal parsed, string described, out decimal value, out bool rounded, out string problem)
    {
        rounded = false;
        problem = "";
        value = Normalise(parsed);
        if (Math.Abs(value) > MaximumMoney)
        {
            problem = $"{described} is too large for the store (at most {MaximumMoney.ToString("N0", CultureInfo.InvariantCulture)})";
            return false;
        }
        if (value.Scale <= MaximumDecimals)
        {
            return true;
        }
        if (IsFloatArtefact(value, out var nearest))
        {
            value = nearest;
            rounded = true;
            return true;
        }
        problem = $"{described} has more than {MaximumDecimals} decimal places (the store keeps {MaximumDecimals}; not a float artefact, so not rounded)";
        return false;
    }

    /// <summary>A whole number (a quantity); <c>6.0</c> as pandas writes integers of a column with gaps is 6.</summary>
    public bool TryParseWhole(string text, out int value, out string problem)
    {
        problem = "";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        var point = text.IndexOf(DecimalSeparator, StringComparison.Ordinal);
        if (point > 0 && point < text.Length - 1 && text.AsSpan(point + 1).IndexOfAnyExcept('0') < 0
            && int.TryParse(text.AsSpan(0, point), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        problem = OrderLineParser.Describe(text) + " is not a whole number";
        return false;
    }

    /// <summary>
    /// True when <paramref name="value"/> is a double's rendering of a 6-decimal number: at least
    /// <see cref="ArtefactDigits"/> significant digits, within <see cref="ArtefactTolerance"/> (relative) of it.
    /// </summary>
    public static bool IsFloatArtefact(decimal value, out decimal nearest)
    {
        nearest = Math.Round(value, MaximumDecimals, MidpointRounding.ToEven);
        if (SignificantDigits(value) < ArtefactDigits || nearest == 0m)
        {
            return false;
        }
        return Math.Abs(value - nearest) <= Math.Abs(nearest) * ArtefactTolerance;
    }

    /// <summary>
    /// Whether a file's money values use a decimal comma: at least one value proves it (one comma followed by other
    /// than three digits, like <c>2,55</c>, or after a zero, like <c>0,001</c>), and none contradicts it (a point
    /// anywhere, or two commas). Values like <c>1,095</c> could be either alone; beside a proof they are decimals.
    /// </summary>
    public static bool ScanDecimalComma(IEnumerable<string> values)
    {
        var proofs = 0L;
        foreach (var raw in values)
        {
            var text = StripCurrency(raw.Trim(), out _).AsSpan().TrimStart("+-");
            if (text.Length == 0)
            {
                continue;
            }
            var comma = text.IndexOf(',');
            if (comma < 0)
            {
                if (text.IndexOfAnyExceptInRange('0', '9') >= 0)
                {
                    return false;
                }
                continue;
            }
            var whole = text[..comma];
            var fraction = text[(comma + 1)..];
            if (whole.Length == 0 || fraction.Length == 0 || whole.IndexOfAnyExceptInRange('0', '9') >= 0 || fraction.IndexOfAnyExceptInRange('0', '9') >= 0)
            {
                return false;
            }
            proofs += fraction.Length != 3 || whole is "0" ? 1 : 0;
        }
        return proofs > 0;
    }

    /// <summary>A value that reads as a number if the comma is the decimal separator (worth scanning the file for).</summary>
    private static bool LooksLikeDecimalComma(string raw)
    {
        var text = StripCurrency(raw.Trim(), out _).AsSpan().TrimStart("+-");
        var comma = text.IndexOf(',');
        return comma > 0 && comma < text.Length - 1 && text.IndexOf('.') < 0 && text[(comma + 1)..].IndexOf(',') < 0;
    }

    private bool TryParse(string raw, out decimal value, out string problem)
    {
        problem = "";
        // The common case, without allocating: plain digits with a decimal point.
        if (DecimalSeparator == '.' && decimal.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        value = 0m;
        var text = StripCurrency(raw.Trim(), out var currencies);
        if (currencies > 1)
        {
            problem = OrderLineParser.Describe(raw) + " has more than one currency symbol";
            return false;
        }
        var s = text.AsSpan();
        var invariant = new StringBuilder(s.Length);
        var i = 0;
        if (i < s.Length && s[i] is '-' or '+')
        {
            invariant.Append(s[i++]);
        }
        var decimalSeparator = DecimalSeparator;
        var groupSeparator = '\0';
        var groups = new List<int>();
        var run = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || IsGroupSeparator(s[i], decimalSeparator)))
        {
            if (char.IsAsciiDigit(s[i]))
            {
                invariant.Append(s[i]);
                run++;
            }
            else
            {
                if (groupSeparator != '\0' && s[i] != groupSeparator)
                {
                    problem = OrderLineParser.Describe(raw) + " mixes thousands separators";
                    return false;
                }
                groupSeparator = s[i];
                groups.Add(run);
                run = 0;
            }
            i++;
        }
        groups.Add(run);
        var fraction = false;
        if (i < s.Length && s[i] == decimalSeparator)
        {
            fraction = true;
            invariant.Append('.');
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                invariant.Append(s[i++]);
            }
        }
        if (i < s.Length && s[i] is 'e' or 'E' && groupSeparator == '\0')
        {
            invariant.Append('E');
            i++;
            if (i < s.Length && s[i] is '-' or '+')
            {
                invariant.Append(s[i++]);
            }
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                invariant.Append(s[i++]);
            }
        }
        if (i < s.Length || text.Length == 0)
        {
            problem = OrderLineParser.Describe(raw) + " is not a number"
                + (decimalSeparator == ',' && s[i..].Contains('.') && !s[i..].Contains(',') ? " with a decimal comma (--decimal ,)" : "");
            return false;
        }
        if (groupSeparator != '\0')
        {
            var wellGrouped = groups[0] is >= 1 and <= 3 && groups.Skip(1).All(g => g == 3);
            if (!wellGrouped)
            {
                problem = OrderLineParser.Describe(raw)
                    + (groupSeparator == ',' && groups.Count == 2 && groups[1] is 1 or 2 && !fraction
                        ? " has a decimal comma; give --decimal ,"
                        : $" is not a number ('{groupSeparator}' is not a thousands separator here)");
                return false;
            }
            if (!Explicit && groupSeparator == ',' && !fraction && groups.Count == 2)
            {
                problem = OrderLineParser.Describe(raw) + " is ambiguous: a thousands separator or a decimal comma; give --decimal . or --decimal ,";
                return false;
            }
        }
        if (!decimal.TryParse(invariant.ToString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
        {
            problem = OrderLineParser.Describe(raw) + " is not a number (or too large)";
            return false;
        }
        return true;
    }

    private static bool IsGroupSeparator(char c, char decimalSeparator) =>
        c is ' ' or '\u00A0' or '\u202F' or '\'' || (decimalSeparator == '.' ? c == ',' : c == '.');

    /// <summary>Removes currency symbols (and the spaces beside them) at either end; <paramref name="count"/> of them.</summary>
    private static string StripCurrency(string text, out int count)
    {
        count = 0;
        var s = text.AsSpan();
        string? sign = null;
        while (true)
        {
            var trimmed = s.Trim(" \u00A0\u202F");
            if (trimmed.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(trimmed[0]) == UnicodeCategory.CurrencySymbol)
            {
                s = trimmed[1..];
                count++;
            }
            else if (trimmed.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(trimmed[^1]) == UnicodeCategory.CurrencySymbol)
            {
                s = trimmed[..^1];
                count++;
            }
            else if (count == 0 && sign is null && trimmed.Length > 1 && trimmed[0] is '-' or '+'
                && trimmed[1..].TrimStart(" \u00A0") is { Length: > 0 } rest && CharUnicodeInfo.GetUnicodeCategory(rest[0]) == UnicodeCategory.CurrencySymbol)
            {
                // -£3.00: the sign before the symbol.
                sign = trimmed[..1].ToString();
                s = trimmed[1..];
            }
            else
            {
                return count == 0 ? text : sign + trimmed.ToString();
            }
        }
    }

    private static decimal Normalise(decimal value) => value / 1.000000000000000000000000000000000m;

    private static int SignificantDigits(decimal value)
    {
        var digits = Math.Abs(value).ToString(CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        return digits.Length;
    }
}
