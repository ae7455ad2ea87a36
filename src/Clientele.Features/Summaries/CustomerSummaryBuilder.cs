using Clientele.Core;

namespace Clientele.Features.Summaries;

/// <summary>
/// Customer summaries kept one order line at a time, in memory: what the live service does per event, with no store.
/// Each line updates its customer's day, order, product and product-day rows; the customer's summary is then recomputed from
/// those rows with <see cref="CustomerSummary.From"/>, so the result does not depend on the order the lines arrive in.
/// </summary>
public sealed class CustomerSummaryBuilder
{
    private readonly Dictionary<string, CustomerState> _customers = new(StringComparer.Ordinal);

    /// <summary>Lines applied so far.</summary>
    public long Lines { get; private set; }

    /// <summary>Adds one accepted order line and returns its customer's new summary.</summary>
    public CustomerSummary Apply(in OrderLine line)
    {
        if (string.IsNullOrEmpty(line.CustomerId) || string.IsNullOrEmpty(line.OrderId))
        {
            throw new ArgumentException("An order line needs a customer id and an order id.", nameof(line));
        }
        if (!_customers.TryGetValue(line.CustomerId, out var state))
        {
            state = new CustomerState();
            _customers.Add(line.CustomerId, state);
        }
        var day = DateOnly.FromDateTime(line.OrderedAt);
        state.Days[day] = CustomerDay.Add(state.Days.GetValueOrDefault(day), line);
        state.Orders[line.OrderId] = CustomerOrder.Add(state.Orders.GetValueOrDefault(line.OrderId), line);
        if (line.ProductId is { } product)
        {
            state.Products[product] = CustomerProduct.Add(state.Products.GetValueOrDefault(product), line);
            state.ProductDays[(product, day)] = CustomerProductDay.Add(state.ProductDays.GetValueOrDefault((product, day)), line);
        }
        state.Summary = CustomerSummary.From(line.CustomerId, state.Days.Values, state.Orders.Values, state.Products.Values);
        Lines++;
        return state.Summary;
    }

    /// <summary>One customer's summary; null for a customer with no line yet.</summary>
    public CustomerSummary? Summary(string customerId) => _customers.GetValueOrDefault(customerId)?.Summary;

    /// <summary>Every customer's summary, by customer id (ordinal).</summary>
    public IReadOnlyList<CustomerSummary> Summaries() =>
        [.. _customers.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value.Summary!)];

    /// <summary>Every customer-day row, by customer id (ordinal) and day.</summary>
    public IReadOnlyList<CustomerDay> Days() =>
        [.. _customers.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value.Days.Values.OrderBy(d => d.Day))];

    /// <summary>Every customer-order row, by customer id and order id (ordinal).</summary>
    public IReadOnlyList<CustomerOrder> Orders() =>
        [.. _customers.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value.Orders.Values.OrderBy(o => o.OrderId, StringComparer.Ordinal))];

    /// <summary>Every customer-product row, by customer id and product id (ordinal).</summary>
    public IReadOnlyList<CustomerProduct> Products() =>
        [.. _customers.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value.Products.Values.OrderBy(p => p.ProductId, StringComparer.Ordinal))];

    /// <summary>Every customer-product-day row, by customer id, product id (ordinal) and day.</summary>
    public IReadOnlyList<CustomerProductDay> ProductDays() =>
        [.. _customers.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value.ProductDays.Values.OrderBy(p => p.ProductId, StringComparer.Ordinal).ThenBy(p => p.Day))];

    private sealed class CustomerState
    {
        public Dictionary<DateOnly, CustomerDay> Days { get; } = [];

        public Dictionary<string, CustomerOrder> Orders { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, CustomerProduct> Products { get; } = new(StringComparer.Ordinal);

        public Dictionary<(string Product, DateOnly Day), CustomerProductDay> ProductDays { get; } = [];

        public CustomerSummary? Summary { get; set; }
    }
}
