using System.Globalization;

namespace Clientele.Data.Ingest;

/// <summary>Which comes first in a date like <c>01/12/2010</c>: the day (most of the world) or the month (the US).</summary>
internal enum DateOrder
{
    /// <summary>Not known yet: decided from the file's own dates the first time one is ambiguous.</summary>
    Unknown,
    DayFirst,
    MonthFirst,
}

/// <summary>
/// Reads the dates of one file. Understood everywhere: ISO 8601 (<c>2010-12-01 08:26:00</c>, <c>T</c>, fractions, and
/// <c>Z</c> or an offset, which are converted to UTC), <c>yyyyMMdd</c>, Unix seconds (9–10 digits, optionally with a
/// fraction) and milliseconds (12–13 digits), and <c>a/b/yyyy</c> dates (also with <c>.</c> or <c>-</c>, a time
/// <c>H:mm[:ss]</c> and AM/PM). Whether <c>a/b</c> is day/month or month/day is never guessed: it comes from
/// <c>--date-format</c>, or from the file (the first date whose first number is above 12 makes the file day-first,
/// whose second is above 12 month-first), found by <see cref="ScanOrder"/> the first time a date needs it.
/// </summary>
internal sealed class DateReader
{
    private static readonly string[] IsoFormats = BuildIsoFormats();

    private readonly string? _format;
    private readonly Func<DateOrderEvidence>? _scan;
    private readonly string? _file;
    private DateOrderEvidence? _evidence;

    /// <param name="format">
    /// <c>--date-format</c>: a .NET custom format (e.g. <c>dd/MM/yyyy HH:mm</c>, which also makes a/b dates day-first),
    /// or <c>day-first</c> / <c>month-first</c>; null to decide from the file.
    /// </param>
    /// <param name="scan">Reads the file's date column from the start until an unambiguous date decides the order.</param>
    /// <param name="file">The file, for the message when its dates cannot tell.</param>
    /// <param name="settled">The order the whole file was already found to have (and the date that showed it), when known.</param>
    public DateReader(string? format, Func<DateOrderEvidence>? scan, string? file = null, DateOrderEvidence? settled = null)
    {
        _scan = scan;
        _file = file;
        if (settled is { Order: not DateOrder.Unknown } known && string.IsNullOrWhiteSpace(format))
        {
            Order = known.Order;
            _evidence = known;
        }
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "":
                break;
            case "day-first" or "dmy":
                Order = DateOrder.DayFirst;
                break;
            case "month-first" or "mdy":
                Order = DateOrder.MonthFirst;
                break;
            default:
                _format = format;
                Order = OrderOf(format);
                break;
        }
    }

    /// <summary>Day-first or month-first for a/b/yyyy dates; <see cref="DateOrder.Unknown"/> until a date needed it.</summary>
    public DateOrder Order { get; private set; }

    /// <summary>Reads <paramref name="text"/> (trimmed) of line <paramref name="line"/>; on failure, <paramref name="problem"/> says why.</summary>
    public bool TryParse(string text, long line, out DateTime value, out string problem)
    {
        problem = "";
        if (_format is not null && DateTime.TryParseExact(text, _format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value))
        {
            value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
            return true;
        }
        if (TryParseUnambiguous(text, out value))
        {
            return true;
        }
        if (!TrySplitSlashDate(text, out var first, out var second, out var year, out var time))
        {
            problem = OrderLineParser.Describe(text) + (_format is null ? " is not a date" : $" matches neither --date-format \"{_format}\" nor ISO 8601");
            return false;
        }
        if (Order == DateOrder.Unknown)
        {
            if (Evidence(text) is var order and not DateOrder.Unknown)
            {
                // Read in file order, the first date with a number above 12 is the one a scan would find.
                Order = order;
                _evidence = new DateOrderEvidence(order, line, text);
            }
            else if (first != second && first <= 12 && second <= 12)
            {
                ResolveOrder(text, line);
            }
        }
        var (day, month) = Order == DateOrder.DayFirst ? (first, second) : (second, first);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            problem = Order == DateOrder.Unknown
                ? $"{OrderLineParser.Describe(text)} is not a date"
                : $"{OrderLineParser.Describe(text)} is not a {Name(Order)} date"
                    + (_evidence is { } e ? $" (this file's dates are {Name(Order)}: line {e.Line} has {OrderLineParser.Describe(e.Text)})" : $" (--date-format {Name(Order)})")
                    + "; give --date-format";
            return false;
        }
        value = new DateTime(year, month, day).Add(time);
        return true;
    }

    /// <summary>
    /// What one a/b/yyyy date says about the order: day-first when a is above 12, month-first when b is, nothing
    /// when both are 12 or less (or the text is not such a date).
    /// </summary>
    public static DateOrder Evidence(string text)
    {
        if (!TrySplitSlashDate(text.Trim(), out var first, out var second, out _, out _))
        {
            return DateOrder.Unknown;
        }
        return first > 12 && second <= 12 ? DateOrder.DayFirst
            : second > 12 && first <= 12 ? DateOrder.MonthFirst
            : DateOrder.Unknown;
    }

    /// <summary>
    /// Reads dates until one decides the order (the first date with a number above 12); the caller gives the values
    /// of the date column from the file's first record on.
    /// </summary>
    public static DateOrderEvidence ScanOrder(IEnumerable<(long Line, string Text)> dates)
    {
        foreach (var (line, text) in dates)
        {
            var order = Evidence(text);
            if (order != DateOrder.Unknown)
            {
                return new DateOrderEvidence(order, line, text.Trim());
            }
        }
        return new DateOrderEvidence(DateOrder.Unknown, 0, "");
    }

    private void ResolveOrder(string text, long line)
    {
        _evidence = _scan?.Invoke() ?? new DateOrderEvidence(DateOrder.Unknown, 0, "");
        Order = _evidence.Value.Order;
        if (Order == DateOrder.Unknown)
        {
            var message =
                $"dates like {OrderLineParser.Describe(text)} could be day-first or month-first and no date in the file has a number above 12 to tell; give --date-format day-first, --date-format month-first or a format such as --date-format \"dd/MM/yyyy HH:mm\"";
            throw _file is null ? new Core.ClienteleException(message) : new Core.ClienteleException(message, _file, line);
        }
    }

    /// <summary>ISO 8601 (offsets to UTC), yyyyMMdd and Unix seconds or milliseconds: forms with one reading only.</summary>
    private static bool TryParseUnambiguous(string text, out DateTime value)
    {
        value = default;
        if (text.Length >= 10 && text[4] == '-' && char.IsAsciiDigit(text[0]))
        {
            if (!DateTime.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value))
            {
                return false;
            }
            value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
            return true;
        }
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? text.AsSpan() : text.AsSpan(0, point);
        if (whole.Length == 0 || whole.IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return false;
        }
        if (point < 0 && whole.Length == 8)
        {
            return DateTime.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
        }
        if (point >= 0 && (whole.Length is < 9 or > 10 || point == text.Length - 1 || text.AsSpan(point + 1).IndexOfAnyExceptInRange('0', '9') >= 0))
        {
            return false;
        }
        if (whole.Length is 9 or 10)
        {
            var seconds = decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            value = DateTime.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));
        }
        else if (whole.Length is 12 or 13)
        {
            value = DateTime.UnixEpoch.AddMilliseconds(long.Parse(whole, CultureInfo.InvariantCulture));
        }
        else
        {
            return false;
        }
        value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>Splits <c>a/b/yyyy[ H:mm[:ss[.f]] [AM|PM]]</c> (separators <c>/ . -</c>); false for anything else.</summary>
    internal static bool TrySplitSlashDate(string text, out int first, out int second, out int year, out TimeSpan time)
    {
        first = second = year = 0;
        time = default;
        var s = text.AsSpan();
        var i = 0;
        if (!Number(s, ref i, 1, 2, out first) || i >= s.Length || s[i] is not ('/' or '.' or '-'))
        {
            return false;
        }
        var separator = s[i++];
        if (!Number(s, ref i, 1, 2, out second) || i >= s.Length || s[i++] != separator || !Number(s, ref i, 4, 4, out year) || year < 1)
        {
            return false;
        }
        if (i == s.Length)
        {
            return true;
        }
        if (s[i] is not (' ' or 'T'))
        {
            return false;
        }
        i++;
        if (!Number(s, ref i, 1, 2, out var hour) || i >= s.Length || s[i++] != ':' || !Number(s, ref i, 2, 2, out var minute))
        {
            return false;
        }
        var second_ = 0;
        var ticks = 0L;
        if (i < s.Length && s[i] == ':')
        {
            i++;
            if (!Number(s, ref i, 2, 2, out second_))
            {
                return false;
            }
            if (i < s.Length && s[i] == '.')
            {
                var start = ++i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
                var digits = s[start..i];
                if (digits.Length is 0 or > 7)
                {
                    return false;
                }
                ticks = long.Parse(digits, CultureInfo.InvariantCulture) * (long)Math.Pow(10, 7 - digits.Length);
            }
        }
        var rest = s[i..].Trim();
        if (rest.Length > 0)
        {
            var pm = rest.Equals("PM", StringComparison.OrdinalIgnoreCase);
            if (!pm && !rest.Equals("AM", StringComparison.OrdinalIgnoreCase) || hour is 0 or > 12)
            {
                return false;
            }
            hour = (hour % 12) + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second_ > 59)
        {
            return false;
        }
        time = new TimeSpan(hour, minute, second_) + TimeSpan.FromTicks(ticks);
        return true;
    }

    private static bool Number(ReadOnlySpan<char> s, ref int i, int minDigits, int maxDigits, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < maxDigits && char.IsAsciiDigit(s[i]))
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }
        return i - start >= minDigits && (i >= s.Length || !char.IsAsciiDigit(s[i]));
    }

    /// <summary>The a/b order a .NET format implies: day-first when its <c>d</c> comes before its <c>M</c>.</summary>
    private static DateOrder OrderOf(string format)
    {
        var d = format.IndexOf('d', StringComparison.Ordinal);
        var m = format.IndexOf('M', StringComparison.Ordinal);
        return d < 0 || m < 0 ? DateOrder.Unknown : d < m ? DateOrder.DayFirst : DateOrder.MonthFirst;
    }

    private static string Name(DateOrder order) => order == DateOrder.DayFirst ? "day-first" : "month-first";

    private static string[] BuildIsoFormats()
    {
        string[] bases = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm"];
        string[] zones = ["", "K", "zz", " K", " zz"];
        return [.. zones.SelectMany(z => bases.Select(b => b + z)), "yyyy-MM-dd"];
    }
}

/// <summary>The order the file's dates decided, and the date that decided it (for messages).</summary>
internal readonly record struct DateOrderEvidence(DateOrder Order, long Line, string Text);
