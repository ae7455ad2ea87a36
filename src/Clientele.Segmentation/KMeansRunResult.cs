namespace Clientele.Segmentation;

/// <summary>The outcome of refining one seeding: the inertia of the final labels and the number of iterations run.</summary>
internal readonly record struct KMeansRunResult(double Inertia, int Iterations);
