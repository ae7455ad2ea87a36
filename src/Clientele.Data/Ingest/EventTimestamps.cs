using System.Globalization;

namespace Clientele.Data.Ingest;

/// <summary>
/// Reads an events file's timestamps and remembers which forms it met, so the summary can say how they were read.
/// Numbers are Unix time: with <see cref="TimestampUnit.Auto"/> by magnitude (9–10 digits seconds, 12–13 milliseconds:
/// both 1973–2286, so the two cannot be confused; 8 digits are a yyyyMMdd date), a number of any other length is
/// rejected with the unit to give; with a unit given, every number is read in it. Text goes to <see cref="DateReader"/> (ISO 8601, offsets to UTC, …).
/// </summary>
internal sealed class EventTimestamps(TimestampUnit unit, DateReader dates)
{
    private long _seconds;
    private long _milliseconds;
    private long _text;

    public bool TryParse(string text, long line, out DateTime value, out string problem)
    {
        problem = "";
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? text.AsSpan() : text.AsSpan(0, point);
        var numeric = whole.Length > 0 && whole.IndexOfAnyExceptInRange('0', '9') < 0
            && (point < 0 || (point < text.Length - 1 && text.AsSpan(point + 1).IndexOfAnyExceptInRange('0', '9') < 0));
        if (!numeric || (unit == TimestampUnit.Auto && point < 0 && whole.Length == 8))
        {
            // Text, or eight digits: yyyyMMdd unless a unit was given.
            var parsed = dates.TryParse(text, line, out value, out problem);
            _text += parsed ? 1 : 0;
            return parsed;
        }
        var asUnit = unit switch
        {
            TimestampUnit.Seconds => TimestampUnit.Seconds,
            TimestampUnit.Milliseconds => TimestampUnit.Milliseconds,
            _ => whole.Length is 9 or 10 ? TimestampUnit.Seconds : whole.Length is 12 or 13 && point < 0 ? TimestampUnit.Milliseconds : TimestampUnit.Auto,
        };
        value = default;
        if (asUnit == TimestampUnit.Auto)
        {
            problem = $"{OrderLineParser.Describe(text)} is a number of {whole.Length} digits: Unix seconds have 9–10, milliseconds 12–13 (1973–2286); give --timestamp-unit seconds or milliseconds";
            return false;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            problem = $"{OrderLineParser.Describe(text)} is too large a number for a timestamp";
            return false;
        }
        var ticksPerUnit = asUnit == TimestampUnit.Seconds ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond;
        if (number > (decimal)(DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / ticksPerUnit)
        {
            problem = $"{OrderLineParser.Describe(text)} {(asUnit == TimestampUnit.Seconds ? "seconds" : "milliseconds")} is past the year 9999";
            return false;
        }
        value = DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks((long)decimal.Round(number * ticksPerUnit)), DateTimeKind.Unspecified);
        if (asUnit == TimestampUnit.Seconds)
        {
            _seconds++;
        }
        else
        {
            _milliseconds++;
        }
        return true;
    }

    /// <summary>How the timestamps read so far were written: "Unix seconds (by magnitude)", "ISO 8601 or other text", or a mix with counts.</summary>
    public string Describe()
    {
        var how = unit == TimestampUnit.Auto ? "by magnitude" : "--timestamp-unit";
        var forms = new List<(string Name, long Count)>();
        if (_seconds > 0)
        {
            forms.Add(($"Unix seconds ({how})", _seconds));
        }
        if (_milliseconds > 0)
        {
            forms.Add(($"Unix milliseconds ({how})", _milliseconds));
        }
        if (_text > 0)
        {
            forms.Add(("text (ISO 8601 or another date form)", _text));
        }
        return forms.Count switch
        {
            0 => "none read",
            1 => forms[0].Name,
            _ => "mixed: " + string.Join(", ", forms.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Count:N0} {f.Name}"))),
        };
    }
}
