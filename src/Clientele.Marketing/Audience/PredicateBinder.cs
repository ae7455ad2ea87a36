namespace Clientele.Marketing.Audience;

/// <summary>
/// Checks a predicate against the columns a profile will have (every column known, numbers compared with numbers,
/// text with text) and turns it into a test of one row. A comparison with a missing number is false.
/// </summary>
public static class PredicateBinder
{
    /// <summary>
    /// Checks the predicate against the column names and types, before any profile is built. <paramref name="isNumeric"/>
    /// says whether a known column is numeric (null when its type is not known yet: then any literal is accepted).
    /// </summary>
    public static void Check(Predicate predicate, IReadOnlyCollection<string> columns, Func<string, bool?> isNumeric)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(isNumeric);
        foreach (var (column, offset) in predicate.Columns())
        {
            if (!columns.Contains(column))
            {
                var near = columns.Where(c => Distance(c, column) <= 2).ToArray();
                var hint = near.Length > 0 ? $"did you mean {string.Join(" or ", near)}? " : "";
                throw new PredicateException($"unknown column \"{column}\"; {hint}the profile has {string.Join(", ", columns)}", offset);
            }
        }
        CheckTypes(predicate, isNumeric);
    }

    /// <summary>The predicate as a test of a row of <paramref name="table"/>.</summary>
    public static Func<int, bool> Bind(Predicate predicate, ProfileTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Check(predicate, table.ColumnNames, c => table.IsNumeric(c));
        return Compile(predicate, table);
    }

    private static void CheckTypes(Predicate predicate, Func<string, bool?> isNumeric)
    {
        switch (predicate)
        {
            case AndPredicate a:
                CheckTypes(a.Left, isNumeric);
                CheckTypes(a.Right, isNumeric);
                break;
            case OrPredicate o:
                CheckTypes(o.Left, isNumeric);
                CheckTypes(o.Right, isNumeric);
                break;
            case NotPredicate n:
                CheckTypes(n.Operand, isNumeric);
                break;
            case ComparisonPredicate c:
                CheckLiteral(c.Column, c.Value, isNumeric(c.Column));
                break;
            case InPredicate i:
                foreach (var value in i.Values)
                {
                    CheckLiteral(i.Column, value, isNumeric(i.Column));
                }
                break;
        }
    }

    private static void CheckLiteral(string column, PredicateLiteral value, bool? numeric)
    {
        if (numeric == true && !value.IsNumber)
        {
            throw new PredicateException($"{column} is a number; {value} is text", value.Offset);
        }
        if (numeric == false && value.IsNumber)
        {
            throw new PredicateException($"{column} is text; compare it with a quoted value ('{value}')", value.Offset);
        }
    }

    private static Func<int, bool> Compile(Predicate predicate, ProfileTable table)
    {
        switch (predicate)
        {
            case AndPredicate a:
                {
                    var left = Compile(a.Left, table);
                    var right = Compile(a.Right, table);
                    return row => left(row) && right(row);
                }
            case OrPredicate o:
                {
                    var left = Compile(o.Left, table);
                    var right = Compile(o.Right, table);
                    return row => left(row) || right(row);
                }
            case NotPredicate n:
                {
                    var operand = Compile(n.Operand, table);
                    return row => !operand(row);
                }
            case ComparisonPredicate c:
                {
                    var j = table.ColumnIndex(c.Column);
                    if (table.Numbers[j] is { } numbers)
                    {
                        var literal = c.Value.Number!.Value;
                        var op = c.Operator;
                        return row => !double.IsNaN(numbers[row]) && Holds(op, numbers[row].CompareTo(literal));
                    }
                    var texts = table.Texts[j];
                    var text = c.Value.Text!;
                    var textOp = c.Operator;
                    return row => Holds(textOp, string.CompareOrdinal(texts[row], text));
                }
            case InPredicate i:
                {
                    var j = table.ColumnIndex(i.Column);
                    var negated = i.Negated;
                    if (table.Numbers[j] is { } numbers)
                    {
                        var set = i.Values.Select(v => v.Number!.Value).ToHashSet();
                        return row => !double.IsNaN(numbers[row]) && set.Contains(numbers[row]) != negated;
                    }
                    var texts = table.Texts[j];
                    var textSet = i.Values.Select(v => v.Text!).ToHashSet(StringComparer.Ordinal);
                    return row => textSet.Contains(texts[row]) != negated;
                }
            default:
                throw new ArgumentException($"Unknown predicate node {predicate.GetType().Name}.", nameof(predicate));
        }
    }

    private static bool Holds(ComparisonOperator op, int comparison) => op switch
    {
        ComparisonOperator.Equal => comparison == 0,
        ComparisonOperator.NotEqual => comparison != 0,
        ComparisonOperator.Less => comparison < 0,
        ComparisonOperator.LessOrEqual => comparison <= 0,
        ComparisonOperator.Greater => comparison > 0,
        _ => comparison >= 0,
    };

    /// <summary>Levenshtein distance, for "did you mean" hints.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
