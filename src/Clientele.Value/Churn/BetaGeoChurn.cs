namespace Clientele.Value.Churn;

/// <summary>Churn quantities of a fitted BG/NBD model, to compare with the supervised <see cref="ChurnModel"/>.</summary>
public static class BetaGeoChurn
{
    /// <summary>
    /// P(X(T, T + t) = 0 | x, t_x, T): the probability that the customer makes no purchase in the next period of length
    /// <paramref name="t"/> (the event a churn label records). Under BG/NBD a customer who is dead buys nothing; one who
    /// is alive buys at rate λ, whose posterior given x purchases in T is Gamma(r + x, α + T), so
    /// P = 1 − P(alive) + P(alive) ((α + T)/(α + T + t))^(r + x).
    /// </summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="t">The horizon, in the time unit of the summaries the model was fitted on.</param>
    /// <param name="customer">The customer's x, t_x, T at the cutoff.</param>
    /// <exception cref="ValueModelException">The summary breaks a rule (t_x &gt; T, a negative value).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is negative or not finite.</exception>
    public static double ProbabilityOfNoPurchase(this BetaGeoModel model, double t, CustomerSummary customer)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!double.IsFinite(t) || t < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon must be a finite number >= 0.");
        }
        var alive = model.ProbabilityAlive(customer);
        var quiet = Math.Exp((model.R + customer.Frequency) * -Math.Log(1.0 + (t / (model.Alpha + customer.Age))));
        return (1.0 - alive) + (alive * quiet);
    }
}
