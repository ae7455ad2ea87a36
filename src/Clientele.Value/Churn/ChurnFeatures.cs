using Clientele.Core;

namespace Clientele.Value.Churn;

/// <summary>
/// The churn model's inputs, from <see cref="CustomerFeatures"/>: counts, days and money on a log scale (log(1 + x);
/// for money, which can be negative after returns, sign(x) log(1 + |x|)) so that the calibrated scores and the saved
/// model do not depend on the shop's currency scale more than they must; the return rate as it is. A model trained
/// with behaviour columns (<see cref="ChurnModel.BehaviourColumns"/>) takes them after these, as the caller computed them.
/// </summary>
internal static class ChurnFeatures
{
    public static readonly string[] Names =
    [
        "log1p_recency_days", "log1p_frequency", "slog1p_monetary", "log1p_tenure_days", "slog1p_average_order_value",
        "log1p_distinct_products", "return_rate",
    ];

    /// <summary>What each of <see cref="Names"/> is to a person: the feature it is a transform of, as <see cref="CustomerFeatures"/> names it.</summary>
    public static readonly string[] FeatureNames =
    [
        "recency_days", "frequency", "monetary", "tenure_days", "average_order_value", "distinct_products", "return_rate",
    ];

    public static float[][] Matrix(IReadOnlyList<CustomerFeatures> customers)
    {
        var rows = new float[customers.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Vector(customers[i]);
        }
        return rows;
    }

    /// <summary>The order-line features, then the row of <paramref name="behaviour"/> paired by position (none when null).</summary>
    /// <exception cref="ValueModelException">The behaviour matrix has another number of rows, or a value that is not finite.</exception>
    public static float[][] Matrix(IReadOnlyList<CustomerFeatures> customers, FeatureMatrix? behaviour)
    {
        CheckRows(customers.Count, behaviour);
        var rows = Matrix(customers);
        if (behaviour is null)
        {
            return rows;
        }
        for (var i = 0; i < rows.Length; i++)
        {
            var row = new float[Names.Length + behaviour.Columns];
            rows[i].CopyTo(row, 0);
            for (var j = 0; j < behaviour.Columns; j++)
            {
                var value = behaviour[i, j];
                if (!double.IsFinite(value))
                {
                    throw new ValueModelException($"Customer '{customers[i].CustomerId}' has {behaviour.ColumnNames[j]} = {value}; behaviour columns must be finite.");
                }
                row[Names.Length + j] = (float)value;
            }
            rows[i] = row;
        }
        return rows;
    }

    /// <exception cref="ValueModelException">The behaviour matrix has another number of rows than there are customers.</exception>
    public static void CheckRows(int customers, FeatureMatrix? behaviour)
    {
        if (behaviour is not null && behaviour.Rows != customers)
        {
            throw new ValueModelException($"There are {customers} customers but {behaviour.Rows} rows of behaviour columns; they must pair up one to one.");
        }
    }

    public static float[] Vector(CustomerFeatures c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.RecencyDays < 0 || c.Frequency < 0 || c.TenureDays < 0 || c.DistinctProducts < 0 || !double.IsFinite(c.ReturnRate))
        {
            throw new ValueModelException(
                $"Customer '{c.CustomerId}' has recency {c.RecencyDays}, frequency {c.Frequency}, tenure {c.TenureDays}, distinct products {c.DistinctProducts} "
                + $"and return rate {c.ReturnRate}; the days and counts must be 0 or more and the return rate finite. Compute the features with the same as-of date for all customers.");
        }
        return
        [
            (float)Math.Log(1.0 + c.RecencyDays),
            (float)Math.Log(1.0 + c.Frequency),
            SignedLog1P((double)c.Monetary),
            (float)Math.Log(1.0 + c.TenureDays),
            SignedLog1P((double)c.AverageOrderValue),
            (float)Math.Log(1.0 + c.DistinctProducts),
            (float)c.ReturnRate,
        ];
    }

    internal static float SignedLog1P(double x) => (float)(Math.Sign(x) * Math.Log(1.0 + Math.Abs(x)));
}
