using System.Globalization;

namespace Clientele.Recommend;

/// <summary>What a purchase matrix holds for a personalised recommender, and whether it is enough.</summary>
/// <param name="Customers">Customers with at least one product.</param>
/// <param name="Products">Products with at least one customer.</param>
/// <param name="Pairs">Distinct (customer, product) pairs.</param>
/// <param name="RepeatCustomers">Customers with two or more different products.</param>
/// <param name="LinkedProducts">Products bought by at least one of the <paramref name="RepeatCustomers"/>.</param>
/// <param name="Problem">Null when the data is enough; otherwise why not, with the numbers and the thresholds.</param>
public sealed record DataSufficiency(int Customers, int Products, int Pairs, int RepeatCustomers, int LinkedProducts, string? Problem)
{
    /// <summary>Gets whether a personalised recommender has enough to learn from.</summary>
    public bool IsSufficient => Problem is null;

    /// <summary>Gets the mean number of different products per customer.</summary>
    public double ProductsPerCustomer => Customers == 0 ? 0 : Pairs / (double)Customers;

    /// <summary>Gets the share of customers with two or more different products.</summary>
    public double RepeatCustomerShare => Customers == 0 ? 0 : RepeatCustomers / (double)Customers;

    /// <summary>Gets the share of products bought together with another product (catalogue coverage of co-purchases).</summary>
    public double LinkedProductShare => Products == 0 ? 0 : LinkedProducts / (double)Products;

    /// <summary>Measures <paramref name="interactions"/> against <paramref name="options"/> (the defaults when null).</summary>
    public static DataSufficiency Check(InteractionMatrix interactions, DataSufficiencyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        options ??= new DataSufficiencyOptions();
        options.Validate();
        var matrix = interactions.UserItems;
        var linked = new bool[interactions.Items];
        int customers = 0, repeat = 0;
        for (var u = 0; u < interactions.Users; u++)
        {
            var row = matrix.RowIndices(u);
            if (row.Length == 0)
            {
                continue;
            }
            customers++;
            if (row.Length >= 2)
            {
                repeat++;
                foreach (var item in row)
                {
                    linked[item] = true;
                }
            }
        }
        var products = matrix.ColumnCounts().Count(c => c > 0);
        var linkedProducts = linked.Count(l => l);
        var result = new DataSufficiency(customers, products, matrix.NonZeros, repeat, linkedProducts, null);
        var problems = new List<string>();
        if (result.RepeatCustomerShare < options.MinimumRepeatCustomerShare)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{repeat:N0} of {customers:N0} customers ({result.RepeatCustomerShare:0.0%}) bought two or more different products, below the {options.MinimumRepeatCustomerShare:0.#%} a personalised recommender needs"));
        }
        if (result.LinkedProductShare < options.MinimumLinkedProductShare)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{linkedProducts:N0} of {products:N0} products ({result.LinkedProductShare:0.0%}) were ever bought together with another product, below {options.MinimumLinkedProductShare:0.#%}"));
        }
        return problems.Count == 0 ? result : result with { Problem = string.Join("; ", problems) };
    }

    /// <summary>
    /// Whether <paramref name="result"/> carries no ranking: no items, a score that is not finite, or every score's
    /// magnitude below <see cref="DataSufficiencyOptions.MinimumUsefulScore"/> (then the order is the item order, not
    /// evidence).
    /// </summary>
    public static bool IsUninformative(RecommendationResult result, DataSufficiencyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var floor = (options ?? new DataSufficiencyOptions()).MinimumUsefulScore;
        if (result.Items.Count == 0)
        {
            return true;
        }
        var useful = false;
        foreach (var item in result.Items)
        {
            if (!float.IsFinite(item.Score))
            {
                return true;
            }
            useful |= Math.Abs(item.Score) >= floor;
        }
        return !useful;
    }
}
