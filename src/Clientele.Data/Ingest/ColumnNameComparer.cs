namespace Clientele.Data.Ingest;

/// <summary>
/// Compares column names as people write them: case, spaces, underscores, hyphens and dots do not count, so
/// <c>Customer ID</c>, <c>customer_id</c> and <c>CustomerID</c> are the same column.
/// </summary>
internal sealed class ColumnNameComparer : IEqualityComparer<string>
{
    public static readonly ColumnNameComparer Instance = new();

    private ColumnNameComparer()
    {
    }

    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }
        int i = 0, j = 0;
        while (true)
        {
            while (i < x.Length && Ignored(x[i]))
            {
                i++;
            }
            while (j < y.Length && Ignored(y[j]))
            {
                j++;
            }
            if (i == x.Length || j == y.Length)
            {
                return i == x.Length && j == y.Length;
            }
            if (char.ToUpperInvariant(x[i]) != char.ToUpperInvariant(y[j]))
            {
                return false;
            }
            i++;
            j++;
        }
    }

    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        foreach (var c in obj)
        {
            if (!Ignored(c))
            {
                hash.Add(char.ToUpperInvariant(c));
            }
        }
        return hash.ToHashCode();
    }

    /// <summary>The key a name is matched by (for tests and messages): upper case, without the ignored characters.</summary>
    public static string Key(string name) => string.Concat(name.Where(c => !Ignored(c)).Select(char.ToUpperInvariant));

    private static bool Ignored(char c) => c is ' ' or '_' or '-' or '.' or '\t' or '\u00A0';
}
