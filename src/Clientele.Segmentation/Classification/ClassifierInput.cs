using Clientele.Core;

namespace Clientele.Segmentation.Classification;

/// <summary>The checks on a classifier's features and labels, with messages a user can act on, and the conversion to ML.NET's single precision.</summary>
internal static class ClassifierInput
{
    /// <summary>
    /// Checks training data: one segment per row, at least two segments, at least <paramref name="folds"/> rows in
    /// every segment, and finite features that fit a float. Returns the features as float rows, the labels, and the
    /// distinct segments in ascending order.
    /// </summary>
    internal static (float[][] Rows, int[] Labels, int[] Segments) CheckTraining(FeatureMatrix features, IReadOnlyList<int> segments, int folds)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(segments);
        if (features.Rows != segments.Count)
        {
            throw new ArgumentException(
                $"The features have {features.Rows} rows but {segments.Count} segments were given; give one segment per row.", nameof(segments));
        }
        var counts = new SortedDictionary<int, int>();
        foreach (var segment in segments)
        {
            counts[segment] = counts.GetValueOrDefault(segment) + 1;
        }
        if (counts.Count < 2)
        {
            throw new ArgumentException(
                counts.Count == 0
                    ? "There are no customers to train the segment classifier on."
                    : $"All {segments.Count} customers are in segment {counts.Keys.First()}; a classifier needs at least two segments to tell apart.",
                nameof(segments));
        }
        var small = counts.Where(pair => pair.Value < folds).ToArray();
        if (small.Length > 0)
        {
            throw new ArgumentException(
                $"Segment {small[0].Key} has {small[0].Value} customer(s), fewer than the {folds} cross-validation folds; every segment needs at least "
                + $"{folds} (segments too small: {string.Join(", ", small.Select(pair => $"{pair.Key} ({pair.Value})"))}). Use fewer folds or merge the small segments.",
                nameof(segments));
        }
        return (ToFloatRows(features, nameof(features)), [.. segments], [.. counts.Keys]);
    }

    /// <summary>The rows as single precision, after checking that every value is finite and within float's range.</summary>
    internal static float[][] ToFloatRows(FeatureMatrix features, string parameterName)
    {
        var rows = new float[features.Rows][];
        for (var i = 0; i < features.Rows; i++)
        {
            rows[i] = ToFloats(features.Row(i), i, features.ColumnNames, parameterName);
        }
        return rows;
    }

    /// <summary>One row as single precision, after checking that every value is finite and within float's range.</summary>
    internal static float[] ToFloats(ReadOnlySpan<double> row, int? rowIndex, IReadOnlyList<string> names, string parameterName)
    {
        var result = new float[row.Length];
        for (var j = 0; j < row.Length; j++)
        {
            var value = row[j];
            if (!double.IsFinite(value) || Math.Abs(value) > float.MaxValue)
            {
                var where = rowIndex is null ? $"Feature '{names[j]}'" : $"Row {rowIndex}, feature '{names[j]}'";
                var what = double.IsNaN(value) ? "is NaN" : $"is {value}";
                throw new ArgumentException(
                    $"{where} {what}; the segment classifier needs finite feature values within ±{float.MaxValue} (impute or drop missing values first).",
                    parameterName);
            }
            result[j] = (float)value;
        }
        return result;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="actual"/> are exactly <paramref name="expected"/>, in order.</summary>
    internal static void CheckFeatureNames(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string parameterName)
    {
        if (expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            return;
        }
        var detail = expected.Count != actual.Count
            ? $"{actual.Count} features instead of {expected.Count}"
            : FirstDifference(expected, actual);
        throw new ArgumentException(
            $"The segment classifier was trained on the features [{string.Join(", ", expected)}] but was given [{string.Join(", ", actual)}] "
            + $"({detail}); give the same features, in the same order.",
            parameterName);
    }

    private static string FirstDifference(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var column = 0;
        while (string.Equals(expected[column], actual[column], StringComparison.Ordinal))
        {
            column++;
        }
        return $"column {column} is '{actual[column]}' where '{expected[column]}' was expected";
    }
}
