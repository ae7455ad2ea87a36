using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Clientele.Recommend.Evaluation;

/// <summary>
/// Fits recommenders on a training matrix and measures them on held-out interactions: for each test user the
/// training matrix knows, the top k with already-interacted items filtered, against the user's test items (all of
/// them with a positive weight, also items outside the training catalogue, which count against recall as in Microsoft
/// Recommenders). Test users unknown to the training matrix are left out (see <see cref="EvaluationRow.Users"/>).
/// </summary>
public static class RecommenderEvaluation
{
    /// <summary>Fits <paramref name="fitter"/> on <paramref name="train"/> and evaluates it on <paramref name="test"/> at <paramref name="k"/>.</summary>
    /// <exception cref="ArgumentException">The training matrix has no interactions.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public static EvaluationRow Evaluate(IRecommenderFitter fitter, InteractionMatrix train, IReadOnlyList<Interaction> test, int k, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(fitter);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        CheckK(k);
        var watch = Stopwatch.StartNew();
        var model = fitter.Fit(train);
        var seconds = watch.Elapsed.TotalSeconds;
        return Evaluate(model, train, test, k, name ?? model.Method, seconds);
    }

    /// <summary>Evaluates an already fitted <paramref name="model"/> (fitted on <paramref name="train"/>).</summary>
    public static EvaluationRow Evaluate(IRecommender model, InteractionMatrix train, IReadOnlyList<Interaction> test, int k, string name, double fitSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(name);
        CheckK(k);
        return Evaluate(model, train, RelevantItems(train, test), k, name, fitSeconds, out _);
    }

    /// <summary>
    /// Evaluates every named fitter like <see cref="Compare(IReadOnlyList{ValueTuple{string, IRecommenderFitter}}, InteractionMatrix, IReadOnlyList{Interaction}, int)"/>
    /// and compares each with the fitter named <paramref name="baseline"/>, customer by customer on NDCG@k
    /// (<see cref="BaselineComparison.Compare"/>), so that a table never names a winner the test set cannot tell apart.
    /// </summary>
    /// <param name="fitters">The recommenders, each with its name.</param>
    /// <param name="train">The training matrix.</param>
    /// <param name="test">The held-out interactions.</param>
    /// <param name="k">The list length.</param>
    /// <param name="baseline">The name of the baseline among <paramref name="fitters"/>.</param>
    /// <param name="options">The comparison's settings.</param>
    /// <param name="bought">
    /// Null to leave out of each list what the user has in the training matrix; otherwise only these items of each user
    /// (<see cref="BoughtFilter"/>: a matrix of views and purchases keeps the viewed products recommendable).
    /// </param>
    /// <exception cref="ArgumentException">No fitter is named <paramref name="baseline"/>, or the training matrix has no interactions.</exception>
    public static (IReadOnlyList<EvaluationRow> Rows, IReadOnlyList<BaselineComparison> Comparisons) CompareWithBaseline(
        IReadOnlyList<(string Name, IRecommenderFitter Fitter)> fitters, InteractionMatrix train, IReadOnlyList<Interaction> test, int k, string baseline,
        BaselineComparisonOptions? options = null, IReadOnlyDictionary<string, IReadOnlySet<string>>? bought = null)
    {
        ArgumentNullException.ThrowIfNull(fitters);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(baseline);
        CheckK(k);
        if (!fitters.Any(f => f.Name == baseline))
        {
            throw new ArgumentException($"No fitter is named \"{baseline}\", the baseline.", nameof(baseline));
        }
        var relevant = RelevantItems(train, test);
        var rows = new EvaluationRow[fitters.Count];
        var perUser = new double[fitters.Count][];
        for (var n = 0; n < fitters.Count; n++)
        {
            var watch = Stopwatch.StartNew();
            var model = fitters[n].Fitter.Fit(train);
            rows[n] = Evaluate(model, train, relevant, k, fitters[n].Name, watch.Elapsed.TotalSeconds, out perUser[n], bought);
        }
        var b = fitters.Select(f => f.Name).ToList().IndexOf(baseline);
        var comparisons = fitters
            .Select((f, n) => (f.Name, n))
            .Where(f => f.n != b)
            .Select(f => BaselineComparison.Compare(f.Name, baseline, perUser[f.n], perUser[b], options))
            .ToArray();
        return (rows, comparisons);
    }

    /// <summary>The row of <paramref name="model"/>, and every test user's NDCG@k in ordinal order of the user ids.</summary>
    private static EvaluationRow Evaluate(
        IRecommender model, InteractionMatrix train, Dictionary<string, IReadOnlySet<string>> relevant, int k, string name, double fitSeconds, out double[] ndcgByUser,
        IReadOnlyDictionary<string, IReadOnlySet<string>>? bought = null)
    {
        var users = relevant.Keys.Order(StringComparer.Ordinal).ToArray();
        var results = bought is null ? model.Recommend(users, k) : BoughtFilter.Recommend(model, users, k, bought);
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var n = 0; n < users.Length; n++)
        {
            lists[users[n]] = results[n].Items.Select(i => i.ItemId).ToArray();
        }
        var summary = RankingMetrics.Summarize(lists, relevant, k);
        ndcgByUser = users.Select(u => RankingMetrics.NdcgAtK(lists[u], relevant[u], k)).ToArray();

        var counts = train.UserItems.ColumnCounts();
        var itemCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                itemCounts[train.ItemIds[i]] = counts[i];
            }
        }
        var coverage = itemCounts.Count == 0 ? 0 : RankingMetrics.CatalogueCoverage(lists.Values, itemCounts.Count);
        var novelty = train.NonZeros == 0 ? 0 : RankingMetrics.Novelty(lists.Values, itemCounts, train.NonZeros);
        return new EvaluationRow(name, k, summary.Users, summary.Precision, summary.Recall, summary.Ndcg, summary.Map, summary.HitRate, coverage, novelty, fitSeconds);
    }

    /// <summary>
    /// Evaluates every named fitter on <paramref name="split"/> (the training matrix built from its train part, with
    /// <paramref name="catalogue"/> added when given), in order.
    /// </summary>
    public static IReadOnlyList<EvaluationRow> Compare(
        IReadOnlyList<(string Name, IRecommenderFitter Fitter)> fitters, DataSplit split, int k, IEnumerable<string>? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        return Compare(fitters, InteractionMatrix.FromInteractions(split.Train, catalogue), split.Test, k);
    }

    /// <summary>Evaluates every named fitter on the same split, in order (give each the same seed for a fair table).</summary>
    public static IReadOnlyList<EvaluationRow> Compare(
        IReadOnlyList<(string Name, IRecommenderFitter Fitter)> fitters, InteractionMatrix train, IReadOnlyList<Interaction> test, int k)
    {
        ArgumentNullException.ThrowIfNull(fitters);
        return fitters.Select(f => Evaluate(f.Fitter, train, test, k, f.Name)).ToArray();
    }

    /// <summary>The rows as a Markdown table (metrics to 4 decimals, novelty to 2, fit seconds to 2).</summary>
    public static string FormatTable(IReadOnlyList<EvaluationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var k = rows.Count > 0 ? rows[0].K : 0;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| algorithm | users | precision@{k} | recall@{k} | NDCG@{k} | MAP@{k} | hit rate@{k} | coverage | novelty | fit s |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Users} | {r.Precision:F4} | {r.Recall:F4} | {r.Ndcg:F4} | {r.Map:F4} | {r.HitRate:F4} | {r.Coverage:F4} | {r.Novelty:F2} | {r.FitSeconds:F2} |");
        }
        return text.ToString();
    }

    /// <summary>The positive-weight test items of every test user the training matrix knows.</summary>
    internal static Dictionary<string, IReadOnlySet<string>> RelevantItems(InteractionMatrix train, IReadOnlyList<Interaction> test)
    {
        var relevant = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var interaction in test)
        {
            if (interaction.Weight <= 0 || interaction.UserId is null || interaction.ItemId is null || !train.TryGetUserIndex(interaction.UserId, out _))
            {
                continue;
            }
            if (!relevant.TryGetValue(interaction.UserId, out var items))
            {
                relevant[interaction.UserId] = items = new HashSet<string>(StringComparer.Ordinal);
            }
            items.Add(interaction.ItemId);
        }
        return relevant.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
    }

    private static void CheckK(int k)
    {
        if (k <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k, the number of items to evaluate, must be at least 1; got {k}.");
        }
    }
}
