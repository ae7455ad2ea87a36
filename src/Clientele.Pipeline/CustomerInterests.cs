using Clientele.Core.Maths;
using Clientele.Core;
using Clientele.Features;

namespace Clientele.Pipeline;

/// <summary>How the text interests entered a segmentation.</summary>
/// <param name="Model">The text model of the product vectors.</param>
/// <param name="Columns">The feature columns added (<c>text_interest_1</c> …).</param>
/// <param name="ExplainedShare">The share of the interest vectors' variance along each added component.</param>
/// <param name="CustomersWithText">Customers who bought at least one product with a vector (the others sit at the average on the text columns).</param>
/// <param name="Weighting">How a customer's products are weighted in the interest vector.</param>
/// <param name="ProductEmbeddings">Which product vectors were embedded now and which came from the store's cache.</param>
public sealed record TextInterestFeatures(
    string Model, IReadOnlyList<string> Columns, IReadOnlyList<double> ExplainedShare, int CustomersWithText, string Weighting, string ProductEmbeddings);

/// <summary>
/// A customer's interests as a point in the text model's space: the mean of the vectors of the products the customer
/// bought, weighted by the customer's net spend on each, then scaled to unit length; reduced to its few leading
/// principal components (over all customers) so that it can sit beside recency, frequency and monetary value in a
/// clustering.
/// </summary>
/// <remarks>
/// Spend rather than quantity: a customer who spent £300 on cake stands and £2 on a card is a cake-stand customer, and
/// a box of 144 paper straws should not outweigh a table. Unit length: two customers with the same taste but different
/// budgets point the same way (the budget is the monetary feature's business).
/// </remarks>
public static class CustomerInterests
{
    public const string Weighting = "mean of the bought products' text vectors weighted by net spend per product, scaled to unit length";

    /// <summary>
    /// Interest vectors of <paramref name="customerIds"/> (row i for customer i, <paramref name="dimensions"/> wide) and
    /// whether each has one (a customer none of whose products has a vector has a zero row and false).
    /// </summary>
    public static (float[] Values, bool[] HasVector) Compute(
        IReadOnlyList<string> customerIds, IReadOnlyList<CustomerProductSpend> spend, IReadOnlyDictionary<string, float[]> productVectors, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(productVectors);
        var index = new Dictionary<string, int>(customerIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < customerIds.Count; i++)
        {
            index[customerIds[i]] = i;
        }
        var values = new float[customerIds.Count * dimensions];
        var has = new bool[customerIds.Count];
        foreach (var purchase in spend)
        {
            if (purchase.Spend > 0 && index.TryGetValue(purchase.CustomerId, out var i) && productVectors.TryGetValue(purchase.ProductId, out var vector))
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(vector, (float)purchase.Spend, values.AsSpan(i * dimensions, dimensions), values.AsSpan(i * dimensions, dimensions));
                has[i] = true;
            }
        }
        for (var i = 0; i < has.Length; i++)
        {
            var row = values.AsSpan(i * dimensions, dimensions);
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm<float>(row);
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
            }
            else
            {
                has[i] = false;
            }
        }
        return (values, has);
    }

    /// <summary>
    /// The first <paramref name="components"/> principal components of the interest vectors of the customers who have
    /// one (a customer without one gets 0 on every column: the average, since the components are centred), as feature columns.
    /// </summary>
    /// <exception cref="ClienteleException">Fewer than two customers bought a product with text.</exception>
    public static (FeatureMatrix Features, TopPrincipalComponents Pca) Reduce(float[] values, bool[] hasVector, int dimensions, int components, int seed)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(hasVector);
        var with = hasVector.Count(h => h);
        if (with < Math.Max(2, components + 1))
        {
            throw new ClienteleException($"only {with} customers bought a product with a text; text interests need more");
        }
        var rows = new float[with * dimensions];
        for (int i = 0, r = 0; i < hasVector.Length; i++)
        {
            if (hasVector[i])
            {
                values.AsSpan(i * dimensions, dimensions).CopyTo(rows.AsSpan(r++ * dimensions, dimensions));
            }
        }
        ModelFits.Count("text-pca");
        var pca = TopPrincipalComponents.Fit(rows, with, dimensions, components, seed);
        var features = new double[hasVector.Length * components];
        for (var i = 0; i < hasVector.Length; i++)
        {
            if (hasVector[i])
            {
                pca.Project(values.AsSpan(i * dimensions, dimensions), features.AsSpan(i * components, components));
            }
        }
        // A direction with (numerically) no variance is rounding noise, which standardising would blow up to one
        // standard deviation: it becomes a constant column instead.
        for (var c = 0; c < components; c++)
        {
            if (pca.Variances[c] <= 1e-9 * pca.TotalVariance)
            {
                for (var i = 0; i < hasVector.Length; i++)
                {
                    features[(i * components) + c] = 0;
                }
            }
        }
        var names = Enumerable.Range(1, components).Select(c => $"text_interest_{c}").ToArray();
        return (new FeatureMatrix(features, hasVector.Length, components, names), pca);
    }
}
