using System.Runtime.InteropServices;

namespace Clientele.Value;

/// <summary>The input rules every model shares; each broken rule is a <see cref="ValueModelException"/> naming the customer.</summary>
internal static class SummaryValidation
{
    /// <summary>The summaries as a span without copying arrays and lists.</summary>
    public static ReadOnlySpan<CustomerSummary> AsSpan(IReadOnlyList<CustomerSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return customers switch
        {
            CustomerSummary[] array => array,
            List<CustomerSummary> list => CollectionsMarshal.AsSpan(list),
            _ => customers.ToArray(),
        };
    }

    /// <summary>The summaries as a span (<see cref="AsSpan"/>), each customer's history checked (<see cref="CheckHistory(in CustomerSummary, int)"/>): what applying a model to many customers starts with.</summary>
    public static ReadOnlySpan<CustomerSummary> CheckedSpan(IReadOnlyList<CustomerSummary> customers)
    {
        var span = AsSpan(customers);
        for (var i = 0; i < span.Length; i++)
        {
            CheckHistory(span[i], i);
        }
        return span;
    }

    /// <summary>Checks x, t_x and T of every customer (finite, ≥ 0, x whole, t_x ≤ T, t_x = 0 when x = 0).</summary>
    public static void CheckHistory(ReadOnlySpan<CustomerSummary> customers, string model)
    {
        if (customers.Length < 2)
        {
            throw new ValueModelException(
                $"The {model} model needs at least 2 customers to fit, got {customers.Length}. Its parameters describe a population: "
                + "fit it on the whole customer base, or build the model from known parameters.");
        }
        var repeatBuyers = 0;
        for (var i = 0; i < customers.Length; i++)
        {
            ref readonly var c = ref customers[i];
            CheckHistory(c, i);
            if (c.Frequency > 0)
            {
                repeatBuyers++;
            }
        }
        if (repeatBuyers == 0)
        {
            throw new ValueModelException(
                $"None of the {customers.Length} customers has a repeat purchase (every frequency is 0), so the data say nothing about purchase rates "
                + $"or dropout and the {model} model cannot be fitted. Use a longer calibration period or more customers.");
        }
    }

    /// <summary>Checks one customer's x, t_x and T (finite, ≥ 0, x whole, t_x ≤ T, t_x = 0 when x = 0); <paramref name="row"/> is 0-based.</summary>
    public static void CheckHistory(in CustomerSummary c, int row)
    {
        CheckFinite(c, row, "frequency", c.Frequency);
        CheckFinite(c, row, "recency", c.Recency);
        CheckFinite(c, row, "age T", c.Age);
        if (c.Frequency != Math.Floor(c.Frequency))
        {
            throw new ValueModelException(
                $"{Name(c, row)}: frequency is {c.Frequency}; it counts repeat purchase days, so it must be a whole number.");
        }
        if (c.Recency > c.Age)
        {
            throw new ValueModelException(
                $"{Name(c, row)}: recency t_x = {c.Recency} is greater than age T = {c.Age}. t_x runs from the first to the last purchase and T "
                + "from the first purchase to the calibration end, so t_x ≤ T: check that both use the same time unit and the same calibration end date.");
        }
        if (c.Frequency == 0 && c.Recency != 0)
        {
            throw new ValueModelException(
                $"{Name(c, row)}: frequency is 0 but recency t_x = {c.Recency}; with no repeat purchase the recency is 0 by definition.");
        }
    }

    /// <summary>Checks x and the mean spend of every customer; returns the number of repeat buyers (x &gt; 0).</summary>
    public static int CheckSpend(ReadOnlySpan<CustomerSummary> customers, string model)
    {
        var repeatBuyers = 0;
        for (var i = 0; i < customers.Length; i++)
        {
            ref readonly var c = ref customers[i];
            CheckFinite(c, i, "frequency", c.Frequency);
            CheckFinite(c, i, "monetary value", c.MonetaryValue);
            if (c.Frequency != Math.Floor(c.Frequency))
            {
                throw new ValueModelException(
                    $"{Name(c, i)}: frequency is {c.Frequency}; it counts repeat purchase days, so it must be a whole number.");
            }
            if (c.Frequency > 0)
            {
                if (c.MonetaryValue <= 0)
                {
                    throw new ValueModelException(
                        $"{Name(c, i)}: frequency {c.Frequency} but monetary value {c.MonetaryValue}. The {model} model needs a positive mean spend "
                        + "for every repeat buyer: leave out customers whose repeat purchases total zero (returns, free orders) before fitting.");
                }
                repeatBuyers++;
            }
        }
        if (repeatBuyers < 2)
        {
            throw new ValueModelException(
                $"The {model} model is fitted on repeat buyers (frequency > 0) and needs at least 2; {repeatBuyers} of the {customers.Length} "
                + "customers have a repeat purchase. Use a longer calibration period or more customers.");
        }
        return repeatBuyers;
    }

    /// <summary>Checks the arguments of a single-customer query.</summary>
    public static void CheckQuery(double frequency, double recency, double age)
    {
        if (!double.IsFinite(frequency) || frequency < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "The frequency x must be a finite number >= 0.");
        }
        if (!double.IsFinite(age) || age < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, "The age T must be a finite number >= 0.");
        }
        if (!double.IsFinite(recency) || recency < 0 || recency > age)
        {
            throw new ArgumentOutOfRangeException(nameof(recency), recency, $"The recency t_x must be a finite number in [0, T = {age}].");
        }
    }

    /// <summary>Checks a horizon t.</summary>
    public static void CheckHorizon(double t)
    {
        if (!double.IsFinite(t) || t < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon t must be a finite number >= 0.");
        }
    }

    private static void CheckFinite(in CustomerSummary c, int row, string field, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ValueModelException($"{Name(c, row)}: {field} is {value}; every value must be a finite number (look for missing values).");
        }
        if (value < 0)
        {
            throw new ValueModelException($"{Name(c, row)}: {field} is {value}; {field} cannot be negative.");
        }
    }

    private static string Name(in CustomerSummary c, int row) => $"Customer '{c.CustomerId}' (summary {row + 1})";
}
