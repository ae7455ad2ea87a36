using Clientele.Core;

namespace Clientele.Marketing.Statistics;

/// <summary>
/// The sufficient statistics of a metric Y and a pre-period covariate X in one arm: what CUPED needs (n, ΣY, ΣY², ΣX,
/// ΣX², ΣXY). Arms summarised this way merge by adding.
/// </summary>
public readonly record struct CovariateSample(long Count, double SumY, double SumYSquares, double SumX, double SumXSquares, double SumXY)
{
    /// <summary>Gets the metric's own sample (n, ΣY, ΣY²).</summary>
    public ArmSample Outcome => new(Count, SumY, SumYSquares);

    /// <summary>Gets the covariate's sample (n, ΣX, ΣX²).</summary>
    public ArmSample Covariate => new(Count, SumX, SumXSquares);

    /// <summary>Gets the sample covariance of Y and X (n − 1 denominator); NaN when n &lt; 2.</summary>
    public double Covariance => Count > 1 ? (SumXY - (SumX * SumY / Count)) / (Count - 1) : double.NaN;

    /// <summary>Summarises paired per-customer values (y: the metric in the experiment, x: the same customer's pre-period value).</summary>
    public static CovariateSample FromValues(ReadOnlySpan<double> y, ReadOnlySpan<double> x)
    {
        if (y.Length != x.Length)
        {
            throw new ClienteleException($"CUPED got {y.Length} metric values but {x.Length} covariate values; they must pair up one per customer.");
        }
        double sy = 0, syy = 0, sx = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < y.Length; i++)
        {
            if (!double.IsFinite(y[i]) || !double.IsFinite(x[i]))
            {
                throw new ClienteleException($"Customer {i} has metric {y[i]} and covariate {x[i]}; both must be finite numbers.");
            }
            sy += y[i];
            syy += y[i] * y[i];
            sx += x[i];
            sxx += x[i] * x[i];
            sxy += x[i] * y[i];
        }
        return new CovariateSample(y.Length, sy, syy, sx, sxx, sxy);
    }

    /// <summary>The two samples together.</summary>
    public CovariateSample Combine(CovariateSample other) => new(
        Count + other.Count, SumY + other.SumY, SumYSquares + other.SumYSquares, SumX + other.SumX, SumXSquares + other.SumXSquares, SumXY + other.SumXY);
}
