namespace Clientele.Segmentation;

/// <summary>Each customer's R, F and M scores and segment name, in input order.</summary>
public sealed record RfmAssignment(int[] R, int[] F, int[] M, string[] Segments);
