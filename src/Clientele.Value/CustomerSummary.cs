namespace Clientele.Value;

/// <summary>
/// One customer's purchase history over a calibration period, in the form the BTYD ("buy till you die") models take.
/// All times are in one unit chosen by whoever builds the summaries (days or weeks); the fitted parameters and every
/// horizon given to a model are then in that unit too.
/// </summary>
/// <param name="CustomerId">The customer's id; used only to name the customer in error messages.</param>
/// <param name="Frequency">
/// x: the number of repeat transactions, counted as distinct purchase days after the first purchase day (purchases on
/// the same day merge into one). A whole number, 0 or more.
/// </param>
/// <param name="Recency">t_x: the time from the first purchase to the last purchase; 0 when x = 0.</param>
/// <param name="Age">T: the time from the first purchase to the end of the calibration period; t_x ≤ T.</param>
/// <param name="MonetaryValue">
/// The mean value of the repeat transactions (the first purchase is left out); 0 when x = 0. Only the Gamma-Gamma
/// spend model reads it.
/// </param>
public readonly record struct CustomerSummary(
    string CustomerId,
    double Frequency,
    double Recency,
    double Age,
    double MonetaryValue = 0.0);
