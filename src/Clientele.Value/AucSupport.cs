namespace Clientele.Value;

/// <summary>A classifier's AUC with a 95 % interval, and whether it is good enough to be used for decisions.</summary>
/// <param name="NotUsedBecause">Why it must not be used (the AUC is below the minimum or its interval includes 0.5), or null when it may be.</param>
public sealed record AucSupport(double Auc, double Lower, double Upper, string? NotUsedBecause)
{
    public bool Usable => NotUsedBecause is null;
}
