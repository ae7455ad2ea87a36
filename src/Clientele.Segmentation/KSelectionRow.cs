namespace Clientele.Segmentation;

/// <summary>
/// One candidate k: the inertia of its k-means fit and the mean silhouette of that fit's labels (NaN when undefined:
/// fewer than two distinct labels among the rows it was computed on, which only duplicate-heavy data can cause), and
/// the Davies–Bouldin (lower is better) and Calinski–Harabasz (higher is better) indices of the same labels over all
/// rows (NaN when the fit has fewer than two distinct labels).
/// </summary>
public sealed record KSelectionRow(int K, double Inertia, double Silhouette, double DaviesBouldin = double.NaN, double CalinskiHarabasz = double.NaN);
