using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>Runs any of the clustering methods on a feature matrix and puts the result in one shape.</summary>
public static class CustomerClustering
{
    public static ClusteringOutcome Cluster(FeatureMatrix space, ClusteringRequest request, IReadOnlyList<double>? orderBy = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var n = space.Rows;
        var fixedK = request.NumberOfClusters;
        if (request.Method != ClusteringMethod.Dbscan && n < Math.Max(fixedK ?? request.MinimumK, 2))
        {
            throw new ClienteleException($"Too few customers ({n}) to form {fixedK ?? request.MinimumK} clusters.");
        }
        // k chosen by the silhouette needs more customers in its sample than the smallest k (a silhouette of k clusters
        // over k customers is not defined): said here, in the user's terms, rather than by the selection's range check.
        if (fixedK is null && (request.Method is ClusteringMethod.KMeans or ClusteringMethod.Hierarchical) && Math.Min(n, request.SilhouetteSampleSize) <= request.MinimumK)
        {
            throw new ClienteleException(
                $"Too few customers ({n}) to choose k from {request.MinimumK} to {request.MaximumK} by the silhouette, which needs more customers than clusters; ask for a number of clusters from 2 to {n} instead.");
        }
        var maxK = Math.Max(request.MinimumK, Math.Min(request.MaximumK, Math.Min(n, request.SilhouetteSampleSize) - 1));

        KSelectionResult? selection = null;
        GaussianMixtureSelectionResult? mixtureSelection = null;
        double? epsilon = null;
        ClusteringModel model;
        switch (request.Method)
        {
            case ClusteringMethod.KMeans:
            {
                // Lloyd/Hamerly to convergence (tolerance 0): customers number thousands, and a converged restart never
                // has a higher inertia than the same restart stopped early.
                var options = new KMeansOptions
                {
                    NumberOfClusters = fixedK ?? request.MinimumK,
                    NumberOfRestarts = request.NumberOfRestarts,
                    Seed = request.Seed,
                    OptimizationTolerance = 0,
                };
                if (fixedK is not null)
                {
                    model = new KMeansFitter(options).Fit(space);
                    break;
                }
                var (chosen, fit, onSample) = KSelection.ChooseBySilhouetteWithFit(space, options, request.MinimumK, maxK, request.SilhouetteSampleSize, request.SelectionSampleSize);
                selection = onSample ? chosen with { Rule = chosen.Rule + " The chosen k's centroids on the sample then start one k-means run on every row." } : chosen;
                // The choice already fitted the chosen k with these options: on every row, that fit is the clustering
                // (a second would repeat it); on a sample, its centroids start one run on every row in place of ten
                // k-means++ restarts, which on the million-customer shop ended at the same clusters.
                model = onSample ? new KMeansFitter(options with { NumberOfClusters = chosen.ChosenK }).Fit(space, fit.CentroidsRowMajor()) : fit;
                break;
            }
            case ClusteringMethod.Hierarchical:
            {
                var options = new HierarchicalOptions { Linkage = request.Linkage, SampleLimit = request.SampleLimit, Seed = request.Seed };
                var k = fixedK ?? ChooseHierarchicalK(space, options, request, maxK, out selection);
                model = new HierarchicalFitter(options with { NumberOfClusters = k }).Fit(space);
                break;
            }
            case ClusteringMethod.Dbscan:
            {
                if (request.Epsilon is null && n <= request.MinimumPoints)
                {
                    // The suggestion reads each customer's distance to its min-points-th nearest neighbour.
                    throw new ClienteleException(
                        $"Too few customers ({n}) to suggest DBSCAN's eps from each one's distance to its {request.MinimumPoints}th nearest neighbour (--min-points {request.MinimumPoints}); give --eps, or a --min-points below {n}.");
                }
                epsilon = request.Epsilon ?? DbscanEpsilon.Suggest(space, request.MinimumPoints);
                model = new DbscanFitter(new DbscanOptions { Epsilon = epsilon.Value, MinimumPoints = request.MinimumPoints }).Fit(space);
                if (model.NumberOfClusters == 0)
                {
                    throw new ClienteleException(
                        $"DBSCAN with eps {epsilon.Value:G4} and min-points {request.MinimumPoints} marked every customer as noise; try a larger --eps or a smaller --min-points.");
                }
                break;
            }
            default:
            {
                var options = new GaussianMixtureOptions
                {
                    NumberOfComponents = fixedK ?? request.MinimumK,
                    Covariance = request.Covariance,
                    Seed = request.Seed,
                };
                if (fixedK is null)
                {
                    mixtureSelection = GaussianMixtureSelection.ChooseByBayesianInformationCriterion(space, options, request.MinimumK, Math.Min(request.MaximumK, n));
                    model = mixtureSelection.Model;
                }
                else
                {
                    model = new GaussianMixtureFitter(options).Fit(space);
                }
                break;
            }
        }
        return Renumber(space, request, model, orderBy, selection, mixtureSelection, epsilon);
    }

    /// <summary>Cuts one dendrogram at every k in range and keeps the k with the highest silhouette (ties: smaller k).</summary>
    private static int ChooseHierarchicalK(FeatureMatrix space, HierarchicalOptions options, ClusteringRequest request, int maxK, out KSelectionResult selection)
    {
        var sample = space.Rows > request.SilhouetteSampleSize ? ClusterQuality.SampleRows(space.Rows, request.SilhouetteSampleSize, request.Seed) : null;
        var data = sample is null ? space : space.SelectRows(sample);
        var dendrogram = HierarchicalFitter.BuildDendrogram(data, options.Linkage);
        var rows = new List<KSelectionRow>();
        for (var k = request.MinimumK; k <= maxK; k++)
        {
            var labels = dendrogram.CutIntoClusters(k);
            rows.Add(new KSelectionRow(k, ClusterQuality.Inertia(data, labels), ClusterQuality.Silhouette(data, labels), ClusterQuality.DaviesBouldin(data, labels), ClusterQuality.CalinskiHarabasz(data, labels)));
        }
        var best = rows.OrderByDescending(r => r.Silhouette).ThenBy(r => r.K).First();
        selection = new KSelectionResult(
            best.K,
            rows,
            $"Cut the {options.Linkage} dendrogram (of {(sample is null ? "all" : $"a seeded sample of {sample.Length:N0}")} customers) at every k from {request.MinimumK} to {maxK} and keep the highest mean silhouette; ties go to the smaller k.");
        return best.K;
    }

    private static ClusteringOutcome Renumber(
        FeatureMatrix space, ClusteringRequest request, ClusteringModel model, IReadOnlyList<double>? orderBy,
        KSelectionResult? selection, GaussianMixtureSelectionResult? mixtureSelection, double? epsilon)
    {
        var n = space.Rows;
        var labels = model.Labels;
        var clusters = Enumerable.Range(0, model.NumberOfClusters)
            .Select(c => (Cluster: c, Rows: Enumerable.Range(0, n).Where(i => labels[i] == c).ToArray()))
            .Where(c => c.Rows.Length > 0)
            .OrderByDescending(c => orderBy is null ? 0 : c.Rows.Average(i => orderBy[i]))
            .ThenByDescending(c => c.Rows.Length)
            .ThenBy(c => c.Cluster)
            .ToArray();
        var newId = Enumerable.Repeat(-1, model.NumberOfClusters).ToArray();
        for (var rank = 0; rank < clusters.Length; rank++)
        {
            newId[clusters[rank].Cluster] = rank + 1;
        }
        var clusterOf = labels.Select(c => c < 0 ? -1 : newId[c]).ToArray();
        var centroids = clusters.Select(c => Mean(space, c.Rows)).ToArray();

        // Quality over the clustered customers (noise left out). Davies–Bouldin and Calinski–Harabasz are linear in the
        // rows and are computed over all of them, as the k-selection table computes them, so that the chosen k's row
        // and this line agree; the silhouette is quadratic and is computed on a seeded sample when they are many.
        var clustered = Enumerable.Range(0, n).Where(i => clusterOf[i] > 0).ToArray();
        var k = clusters.Length;
        double silhouette = double.NaN, daviesBouldin = double.NaN, calinskiHarabasz = double.NaN;
        var inertia = clustered.Sum(i => SquaredDistance(space.Row(i), centroids[clusterOf[i] - 1]));
        if (k >= 2 && clustered.Length > k)
        {
            var allData = clustered.Length == n ? space : space.SelectRows(clustered);
            var allLabels = clustered.Select(i => clusterOf[i]).ToArray();
            daviesBouldin = ClusterQuality.DaviesBouldin(allData, allLabels);
            calinskiHarabasz = ClusterQuality.CalinskiHarabasz(allData, allLabels);
            var rows = clustered.Length > request.SilhouetteSampleSize
                ? ClusterQuality.SampleRows(clustered.Length, request.SilhouetteSampleSize, request.Seed).Select(j => clustered[j]).ToArray()
                : clustered;
            var sampleLabels = rows.Select(i => clusterOf[i]).ToArray();
            if (sampleLabels.Distinct().Count() >= 2)
            {
                silhouette = ClusterQuality.Silhouette(space.SelectRows(rows), sampleLabels);
            }
        }

        double[]? memberships = null;
        if (model is GaussianMixtureModel mixture)
        {
            var probabilities = mixture.PredictProbabilities(space);
            memberships = new double[n * k];
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < model.NumberOfClusters; c++)
                {
                    if (newId[c] > 0)
                    {
                        memberships[(i * k) + newId[c] - 1] = probabilities[(i * model.NumberOfClusters) + c];
                    }
                }
            }
        }
        return new ClusteringOutcome(request.Method, k, clusterOf, centroids, inertia, silhouette, daviesBouldin, calinskiHarabasz, selection, mixtureSelection, epsilon, memberships, model);
    }

    private static double[] Mean(FeatureMatrix data, int[] rows)
    {
        var mean = new double[data.Columns];
        foreach (var i in rows)
        {
            var row = data.Row(i);
            for (var j = 0; j < mean.Length; j++)
            {
                mean[j] += row[j];
            }
        }
        for (var j = 0; j < mean.Length; j++)
        {
            mean[j] /= rows.Length;
        }
        return mean;
    }

    private static double SquaredDistance(ReadOnlySpan<double> a, double[] b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return sum;
    }
}
