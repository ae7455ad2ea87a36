using Clientele.Core;

namespace Clientele.Segmentation;

/// <summary>
/// A clustering algorithm with its settings: <see cref="Fit"/> turns the rows of a feature matrix into an immutable
/// <see cref="ClusteringModel"/> that holds the training labels and assigns new points. Implemented by
/// <see cref="KMeansFitter"/>, <see cref="HierarchicalFitter"/>,
/// <see cref="DbscanFitter"/> and <see cref="GaussianMixtureFitter"/>.
/// </summary>
public interface IClusterer
{
    /// <summary>Fits the clustering to the rows of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The settings are invalid, or the data cannot be clustered with them: fewer than two rows, a NaN or infinite value,
    /// more clusters than rows, or every feature constant while more than one cluster is asked for.
    /// </exception>
    ClusteringModel Fit(FeatureMatrix data);
}
