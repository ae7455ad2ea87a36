using System.Text.Json;
using Clientele.Core;

namespace Clientele.Segmentation.Tests;

/// <summary>
/// The reference numbers in Data/reference.json, written by Data/make_reference.py with scikit-learn 1.2.1,
/// SciPy 1.10.1 and numpy 1.24.2 (Debian's /usr/bin/python3) on data sets that script generates with fixed seeds.
/// </summary>
internal static class Reference
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "reference.json"))));

    internal static JsonElement Root => Document.Value.RootElement;

    /// <summary>The element at a path of property names, e.g. <c>Get("dbscan", "moons")</c>.</summary>
    internal static JsonElement Get(params string[] path)
    {
        var element = Root;
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }
        return element;
    }

    internal static FeatureMatrix Matrix(JsonElement element)
    {
        var rows = element.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return new FeatureMatrix(rows.SelectMany(r => r).ToArray(), rows.Length, rows[0].Length);
    }

    internal static double[][] Rows(JsonElement element) =>
        element.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    internal static double[] Doubles(JsonElement element) => element.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    internal static int[] Ints(JsonElement element) => element.EnumerateArray().Select(v => v.GetInt32()).ToArray();
}

/// <summary>Assertions on labelings.</summary>
internal static class Labelings
{
    /// <summary>Asserts that two labelings are the same partition: a one-to-one map takes one's labels to the other's.</summary>
    internal static void AssertSamePartition(IReadOnlyList<int> expected, IReadOnlyList<int> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (var i = 0; i < expected.Count; i++)
        {
            if (forward.TryGetValue(expected[i], out var mapped))
            {
                Assert.True(mapped == actual[i], $"row {i}: expected label {expected[i]} maps to {mapped}, got {actual[i]}");
            }
            else
            {
                Assert.False(backward.ContainsKey(actual[i]), $"row {i}: label {actual[i]} already stands for {backward.GetValueOrDefault(actual[i])}");
                forward[expected[i]] = actual[i];
                backward[actual[i]] = expected[i];
            }
        }
    }

    /// <summary>Asserts |expected − actual| ≤ tolerance × max(1, |expected|).</summary>
    internal static void AssertClose(double expected, double actual, double relativeTolerance, string what = "")
    {
        var scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= relativeTolerance * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
