using System.Text;

namespace Clientele.Language.Sentiment;

/// <summary>
/// Reads delimited records (CSV or TSV, RFC 4180 quoting: a field in double quotes may hold the delimiter, line
/// breaks and doubled quotes) one at a time, keeping the line number where each record starts.
/// </summary>
internal sealed class DelimitedReader(TextReader reader, char delimiter)
{
    private readonly StringBuilder _field = new();

    /// <summary>The line (1-based) where the record last read starts.</summary>
    public long Line { get; private set; }

    private long _nextLine = 1;

    /// <summary>
    /// Reads the next record into <paramref name="fields"/> (cleared first); false at the end of the input.
    /// </summary>
    /// <exception cref="FormatException">A quoted field is not closed before the end of the input.</exception>
    public bool Read(List<string> fields)
    {
        fields.Clear();
        var line = reader.ReadLine();
        if (line is null)
        {
            return false;
        }
        Line = _nextLine++;
        _field.Clear();
        var inQuotes = false;
        var fieldStart = true;
        while (true)
        {
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            _field.Append('"');
                            i++;
                        }
                        else
                        {
                            inQuotes = false;
                        }
                    }
                    else
                    {
                        _field.Append(c);
                    }
                }
                else if (c == '"' && fieldStart)
                {
                    inQuotes = true;
                    fieldStart = false;
                }
                else if (c == delimiter)
                {
                    fields.Add(_field.ToString());
                    _field.Clear();
                    fieldStart = true;
                }
                else
                {
                    _field.Append(c);
                    fieldStart = false;
                }
            }
            if (!inQuotes)
            {
                break;
            }
            line = reader.ReadLine();
            if (line is null)
            {
                throw new FormatException($"a quoted field that starts on line {Line} is not closed before the end of the file");
            }
            _nextLine++;
            _field.Append('\n');
        }
        fields.Add(_field.ToString());
        return true;
    }
}
