namespace Clientele.Value.Classification;

/// <summary>
/// One bin of a reliability (calibration) table: the rows whose predicted probability falls in [<paramref name="Lower"/>,
/// <paramref name="Upper"/>) (the last bin includes 1), with their mean prediction and the observed share of positives.
/// A calibrated model has <paramref name="MeanPredicted"/> ≈ <paramref name="ObservedRate"/> in every bin.
/// </summary>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);
