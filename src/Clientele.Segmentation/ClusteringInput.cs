using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>The checks every clusterer makes on its input before fitting, with messages a user can act on.</summary>
internal static class ClusteringInput
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="data"/> has fewer than two rows or a NaN or infinite
    /// value (the message names the first such row and column), when <paramref name="numberOfClusters"/> is below 1 or
    /// above the number of rows, or when more than one cluster is asked for and every feature is constant (all rows
    /// identical: there is nothing to split).
    /// </summary>
    /// <param name="method">The method's name for the messages, e.g. "k-means".</param>
    /// <param name="numberOfClusters">The number of clusters asked for, or null when the method does not take one.</param>
    internal static void Check(FeatureMatrix data, string method, int? numberOfClusters)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (numberOfClusters is < 1)
        {
            throw new ArgumentException($"{method} needs at least 1 cluster, got {numberOfClusters}.", nameof(numberOfClusters));
        }
        if (data.Rows < 2)
        {
            throw new ArgumentException($"{method} needs at least 2 rows to cluster, got {data.Rows}.", nameof(data));
        }
        if (numberOfClusters > data.Rows)
        {
            throw new ArgumentException(
                $"{method} with {numberOfClusters} clusters needs at least {numberOfClusters} rows, got {data.Rows}.", nameof(data));
        }
        var values = data.Values;
        var columns = data.Columns;
        var varies = false;
        for (var index = 0; index < values.Length; index++)
        {
            var value = values[index];
            if (!double.IsFinite(value))
            {
                var column = index % columns;
                throw new ArgumentException(
                    $"Row {index / columns}, column '{data.ColumnNames[column]}' holds {value}; {method} needs finite values.", nameof(data));
            }
            varies |= value != values[index % columns];
        }
        if (!varies && numberOfClusters > 1)
        {
            throw new ArgumentException(
                $"Every feature is constant (all {data.Rows} rows are identical), so there is nothing to split into {numberOfClusters} clusters.",
                nameof(data));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the data holds a NaN or infinity; the message locates it.</summary>
    internal static void CheckFinite(FeatureMatrix data, string method)
    {
        ArgumentNullException.ThrowIfNull(data);
        var values = data.Values;
        for (var index = 0; index < values.Length; index++)
        {
            if (!double.IsFinite(values[index]))
            {
                throw new ArgumentException(
                    $"Row {index / data.Columns}, column '{data.ColumnNames[index % data.Columns]}' holds {values[index]}; {method} needs finite values.",
                    nameof(data));
            }
        }
    }
}
