using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>Chooses the number of clusters.</summary>
public static class KSelection
{
    /// <summary>
    /// The elbow of the inertia curve of <paramref name="table"/>: with k and inertia each scaled to [0, 1] over the
    /// table, the k whose point lies farthest below the chord from the first row to the last (the "kneedle" rule;
    /// ties go to the smaller k). With fewer than three rows, or no point below the chord, the first k.
    /// </summary>
    /// <exception cref="ArgumentException">The table is empty.</exception>
    public static int ElbowK(IReadOnlyList<KSelectionRow> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Count == 0)
        {
            throw new ArgumentException("The table is empty.", nameof(table));
        }
        var k = table.Select(row => (double)row.K).ToArray();
        var inertia = table.Select(row => row.Inertia).ToArray();
        return table[Knee.Index(k, inertia)].K;
    }

    /// <summary>
    /// Fits k-means for every k in [<paramref name="minK"/>, <paramref name="maxK"/>] with
    /// <paramref name="baseOptions"/> (its <see cref="KMeansOptions.NumberOfClusters"/> replaced by k), computes the mean
    /// silhouette of each fit, and chooses the k with the highest silhouette; ties go to the smaller k. When there are
    /// more than <paramref name="silhouetteSampleSize"/> rows, every k's silhouette is computed on the same random
    /// sample of that many rows, drawn with <see cref="KMeansOptions.Seed"/>. When there are more than
    /// <paramref name="fitSampleSize"/> rows, every k is fitted on one seeded sample of that many rows, and the table's
    /// inertia, Davies–Bouldin and Calinski–Harabasz are of that sample.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The range is empty, <paramref name="minK"/> is below 2, <paramref name="maxK"/> is not below the number of rows
    /// (or of sampled rows), or the options are invalid.
    /// </exception>
    /// <exception cref="InvalidOperationException">No k gave a defined silhouette (fewer than two distinct rows).</exception>
    public static KSelectionResult ChooseBySilhouette(
        FeatureMatrix data, KMeansOptions baseOptions, int minK, int maxK, int silhouetteSampleSize = ClusteringRequest.DefaultSilhouetteSampleSize,
        int fitSampleSize = ClusteringRequest.DefaultSelectionSampleSize) =>
        ChooseBySilhouetteWithFit(data, baseOptions, minK, maxK, silhouetteSampleSize, fitSampleSize).Selection;

    /// <summary>
    /// As <see cref="ChooseBySilhouette"/>, with the chosen k's fit: on every row when <c>OnSample</c> is false (then
    /// it is the model <see cref="KMeansFitter"/> gives for that k with the same options), else on the sample.
    /// </summary>
    internal static (KSelectionResult Selection, KMeansModel Chosen, bool OnSample) ChooseBySilhouetteWithFit(
        FeatureMatrix data, KMeansOptions baseOptions, int minK, int maxK, int silhouetteSampleSize, int fitSampleSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(baseOptions);
        if (minK < 2)
        {
            throw new ArgumentException($"The smallest k must be at least 2 (the silhouette needs two clusters), got {minK}.", nameof(minK));
        }
        if (maxK < minK)
        {
            throw new ArgumentException($"The largest k ({maxK}) must be at least the smallest ({minK}).", nameof(maxK));
        }
        if (silhouetteSampleSize < 2)
        {
            throw new ArgumentException($"The silhouette sample size must be at least 2, got {silhouetteSampleSize}.", nameof(silhouetteSampleSize));
        }
        var silhouetteRows = Math.Min(data.Rows, silhouetteSampleSize);
        if (maxK > silhouetteRows - 1)
        {
            throw new ArgumentException(
                $"The largest k ({maxK}) must be below the number of rows the silhouette is computed on ({silhouetteRows}).", nameof(maxK));
        }
        (baseOptions with { NumberOfClusters = minK }).Validate();

        // Above the fit sample's size, every candidate is fitted (and scored) on the same seeded sample of rows.
        var all = data.Rows;
        if (data.Rows > fitSampleSize)
        {
            data = data.SelectRows(ClusterQuality.SampleRows(data.Rows, fitSampleSize, baseOptions.Seed));
        }

        var sample = data.Rows > silhouetteSampleSize
            ? ClusterQuality.SampleRows(data.Rows, silhouetteSampleSize, baseOptions.Seed)
            : null;
        var silhouetteData = sample is null ? data : data.SelectRows(sample);

        var count = maxK - minK + 1;
        var inertias = new double[count];
        var daviesBouldin = new double[count];
        var calinskiHarabasz = new double[count];
        var labelings = new int[count][];
        var labelCounts = new int[count];
        var models = new KMeansModel[count];
        for (var index = 0; index < count; index++)
        {
            var model = models[index] = new KMeansFitter(baseOptions with { NumberOfClusters = minK + index }).Fit(data);
            inertias[index] = model.Inertia;
            var distinct = model.Labels.Distinct().Count();
            var defined = distinct >= 2 && distinct <= data.Rows - 1;
            daviesBouldin[index] = defined ? ClusterQuality.DaviesBouldin(data, model.Labels) : double.NaN;
            calinskiHarabasz[index] = defined ? ClusterQuality.CalinskiHarabasz(data, model.Labels) : double.NaN;
            IReadOnlyList<int> labels = model.Labels;
            if (sample is not null)
            {
                var sampled = new int[sample.Length];
                for (var i = 0; i < sample.Length; i++)
                {
                    sampled[i] = model.Labels[sample[i]];
                }
                labels = sampled;
            }
            labelings[index] = ClusterQuality.DenseLabels(labels, out labelCounts[index]);
        }

        var silhouettes = ClusterQuality.Silhouettes(silhouetteData, labelings, labelCounts);
        var table = new KSelectionRow[count];
        var chosen = -1;
        for (var index = 0; index < count; index++)
        {
            table[index] = new KSelectionRow(minK + index, inertias[index], silhouettes[index], daviesBouldin[index], calinskiHarabasz[index]);
            if (!double.IsNaN(silhouettes[index]) && (chosen < 0 || silhouettes[index] > silhouettes[chosen]))
            {
                chosen = index;
            }
        }
        if (chosen < 0)
        {
            throw new InvalidOperationException("No k gave a defined silhouette: the data has fewer than two distinct rows.");
        }

        var sampling = sample is null
            ? "over all rows"
            : $"on a seeded random sample of {silhouetteSampleSize} rows";
        // Said in full: the clustering's own line (every row) differs from the chosen row of the table (the sample).
        var fitted = data.Rows < all
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", each k fitted on a seeded random sample of {data.Rows:N0} of the {all:N0} rows, so the table's figures are the sample's")
            : "";
        var rule = $"Choose the k from {minK} to {maxK} whose k-means clustering has the highest mean silhouette "
            + $"(computed {sampling}{fitted}); ties go to the smaller k.";
        return (new KSelectionResult(minK + chosen, table, rule), models[chosen], data.Rows < all);
    }
}
