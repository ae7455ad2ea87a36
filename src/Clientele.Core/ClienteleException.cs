namespace Clientele.Core;

/// <summary>
/// An error a user can act on: it says what went wrong, and where (file, line, column) when that is known.
/// The CLI prints <see cref="Exception.Message"/> as one line and exits non-zero; it never shows a stack trace for these.
/// </summary>
public class ClienteleException : Exception
{
    public ClienteleException()
    {
    }

    public ClienteleException(string message)
        : base(message)
    {
    }

    public ClienteleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An error located in an input file.</summary>
    public ClienteleException(string message, string file, long? line = null, string? column = null, Exception? innerException = null)
        : base(Locate(message, file, line, column), innerException)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public string? File { get; }

    public long? Line { get; }

    public string? Column { get; }

    private static string Locate(string message, string file, long? line, string? column)
    {
        var where = file;
        if (line is not null)
        {
            where += $", line {line}";
        }
        if (column is not null)
        {
            where += $", column {column}";
        }
        return $"{where}: {message}";
    }
}
