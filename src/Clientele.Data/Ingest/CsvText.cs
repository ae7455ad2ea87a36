namespace Clientele.Data.Ingest;

/// <summary>Writing CSV: one field, quoted only when it must be (RFC 4180).</summary>
public static class CsvText
{
    public static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return "";
        }
        return field.AsSpan().IndexOfAny(",\"\n\r") >= 0
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
    }

    public static string Line(params ReadOnlySpan<string?> fields)
    {
        var parts = new string[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            parts[i] = Escape(fields[i]);
        }
        return string.Join(',', parts);
    }
}
