namespace Clientele.Value;

/// <summary>
/// Customers with identical (x, t_x, T) merged into one row with a weight, stored column by column; each row also
/// carries the index of its x among the distinct frequencies, so that terms depending on x alone are computed once
/// per distinct x. CDNOW's 2,357 customers make 1,016 groups (its 1,411 customers without repeat purchases, 84).
/// Above 100,000 customers whose summaries are almost all distinct (continuous times), the rows stay ungrouped.
/// </summary>
internal sealed class CustomerGroups
{
    private CustomerGroups(double[] frequency, double[] recency, double[] age, double[] weight, int[] frequencyIndex, double[] distinctFrequencies, int customers)
    {
        Frequency = frequency;
        Recency = recency;
        Age = age;
        Weight = weight;
        FrequencyIndex = frequencyIndex;
        DistinctFrequencies = distinctFrequencies;
        NumberOfCustomers = customers;
    }

    public double[] Frequency { get; }

    public double[] Recency { get; }

    public double[] Age { get; }

    public double[] Weight { get; }

    public int[] FrequencyIndex { get; }

    public double[] DistinctFrequencies { get; }

    public int Count => Frequency.Length;

    public int NumberOfCustomers { get; }

    /// <summary>
    /// Every k-th group, k = ⌈<see cref="Count"/>/<paramref name="target"/>⌉, with its weight: a deterministic
    /// systematic subsample for warm-starting a fit on many groups; null when there are at most
    /// <paramref name="threshold"/> groups.
    /// </summary>
    public CustomerGroups? Subsample(int threshold, int target)
    {
        if (Count <= threshold)
        {
            return null;
        }
        var step = (Count + target - 1) / target;
        var table = new GroupTable((Count + step - 1) / step);
        var customers = 0;
        for (var i = 0; i < Count; i += step)
        {
            table.Add(Frequency[i], Recency[i], Age[i], Weight[i]);
            customers += (int)Weight[i];
        }
        return table.ToGroups(customers);
    }

    /// <summary>Groups by (x, t_x, T), in order of first appearance.</summary>
    public static CustomerGroups ByHistory(ReadOnlySpan<CustomerSummary> customers)
    {
        if (MostlyDistinct(customers, spend: false))
        {
            return Ungrouped(customers, spend: false, customers.Length);
        }
        var table = new GroupTable(customers.Length);
        foreach (var c in customers)
        {
            table.Add(c.Frequency, c.Recency, c.Age);
        }
        return table.ToGroups();
    }

    /// <summary>Groups the repeat buyers (x &gt; 0) by (x, mean spend); <see cref="Recency"/> then holds the mean spend and <see cref="Age"/> is 0.</summary>
    /// <param name="customers">The customers.</param>
    /// <param name="repeatBuyers">The number of customers with x &gt; 0 when the caller has counted them, or −1.</param>
    public static CustomerGroups BySpend(ReadOnlySpan<CustomerSummary> customers, int repeatBuyers = -1)
    {
        if (MostlyDistinct(customers, spend: true))
        {
            return Ungrouped(customers, spend: true, repeatBuyers);
        }
        var table = new GroupTable(customers.Length);
        foreach (var c in customers)
        {
            if (c.Frequency > 0)
            {
                table.Add(c.Frequency, c.MonetaryValue, 0.0);
            }
        }
        return table.ToGroups();
    }

    /// <summary>Above this many customers, a sample decides whether grouping is worth its hash table.</summary>
    private const int SampleThreshold = 100_000;

    /// <summary>The number of customers in that sample.</summary>
    private const int SampleSize = 16_384;

    /// <summary>
    /// Whether a systematic sample of the customers (those with x &gt; 0 for <paramref name="spend"/>) has at least 90 %
    /// distinct rows. Summaries in continuous time (or spend in cents) are almost all distinct, and hashing a million
    /// of them costs more than the whole optimisation saves; the result is the same likelihood either way, so a wrong
    /// guess only costs time. Small inputs are always grouped.
    /// </summary>
    private static bool MostlyDistinct(ReadOnlySpan<CustomerSummary> customers, bool spend)
    {
        if (customers.Length <= SampleThreshold)
        {
            return false;
        }
        var step = customers.Length / SampleSize;
        var table = new GroupTable(SampleSize);
        var rows = 0;
        for (var i = 0; i < customers.Length && rows < SampleSize; i += step)
        {
            var c = customers[i];
            if (spend)
            {
                if (c.Frequency > 0)
                {
                    table.Add(c.Frequency, c.MonetaryValue, 0.0);
                    rows++;
                }
            }
            else
            {
                table.Add(c.Frequency, c.Recency, c.Age);
                rows++;
            }
        }
        return rows > 0 && table.Count >= 0.9 * rows;
    }

    /// <summary>One row per customer (per repeat buyer for <paramref name="spend"/>), each of weight 1.</summary>
    private static CustomerGroups Ungrouped(ReadOnlySpan<CustomerSummary> customers, bool spend, int count)
    {
        if (count < 0)
        {
            count = 0;
            foreach (var c in customers)
            {
                count += c.Frequency > 0 ? 1 : 0;
            }
        }
        var frequency = new double[count];
        var second = new double[count];
        var age = new double[count];
        var weight = new double[count];
        var row = 0;
        foreach (var c in customers)
        {
            if (spend && !(c.Frequency > 0))
            {
                continue;
            }
            frequency[row] = c.Frequency;
            second[row] = spend ? c.MonetaryValue : c.Recency;
            age[row] = spend ? 0.0 : c.Age;
            weight[row] = 1.0;
            row++;
        }
        return Create(frequency, second, age, weight, count);
    }

    /// <summary>
    /// An open-addressing hash table of (x, t_x, T) triples with the group columns alongside: about ten times faster
    /// than a dictionary of tuples on a million distinct rows, which matters because grouping is a fixed cost of every fit.
    /// </summary>
    private sealed class GroupTable
    {
        private readonly int[] _slots; // group index + 1; 0 = empty
        private readonly int _mask;
        private readonly double[] _frequency;
        private readonly double[] _recency;
        private readonly double[] _age;
        private readonly double[] _weight;
        private int _count;
        private int _customers;

        public GroupTable(int capacity)
        {
            var size = 16;
            while (size < 2 * capacity)
            {
                size *= 2;
            }
            _slots = new int[size];
            _mask = size - 1;
            _frequency = new double[capacity];
            _recency = new double[capacity];
            _age = new double[capacity];
            _weight = new double[capacity];
        }

        public void Add(double frequency, double recency, double age, double weight = 1.0)
        {
            _customers++;
            // + 0.0 turns −0 into +0, so that equal values have equal bits.
            var slot = Hash(frequency + 0.0, recency + 0.0, age + 0.0) & _mask;
            while (_slots[slot] != 0)
            {
                var g = _slots[slot] - 1;
                if (_frequency[g] == frequency && _recency[g] == recency && _age[g] == age)
                {
                    _weight[g] += weight;
                    return;
                }
                slot = (slot + 1) & _mask;
            }
            _slots[slot] = _count + 1;
            _frequency[_count] = frequency;
            _recency[_count] = recency;
            _age[_count] = age;
            _weight[_count] = weight;
            _count++;
        }

        public int Count => _count;

        public CustomerGroups ToGroups(int? customers = null)
            => Create(_frequency[.._count], _recency[.._count], _age[.._count], _weight[.._count], customers ?? _customers);

        private static int Hash(double x, double y, double z)
        {
            unchecked
            {
                var h = (ulong)BitConverter.DoubleToInt64Bits(x) * 0x9E3779B97F4A7C15UL;
                h ^= (ulong)BitConverter.DoubleToInt64Bits(y) * 0xC2B2AE3D27D4EB4FUL;
                h ^= (ulong)BitConverter.DoubleToInt64Bits(z) * 0x165667B19E3779F9UL;
                h ^= h >> 29;
                h *= 0xBF58476D1CE4E5B9UL;
                h ^= h >> 32;
                return (int)(h & 0x7FFFFFFF);
            }
        }
    }

    /// <summary>Whole frequencies below this are indexed through an array.</summary>
    private const int SmallFrequencies = 4096;

    private static CustomerGroups Create(double[] frequency, double[] recency, double[] age, double[] weight, int customers)
    {
        var distinct = new Dictionary<double, int>();
        var frequencyIndex = new int[frequency.Length];
        // Frequencies are counts: small whole numbers take an array lookup instead of a dictionary's hash (a tenth of
        // the time on a million rows); anything else goes through the dictionary.
        var small = new int[SmallFrequencies];
        for (var i = 0; i < frequency.Length; i++)
        {
            var x = frequency[i];
            var whole = (int)x;
            if (whole == x && whole >= 0 && whole < SmallFrequencies && small[whole] != 0)
            {
                frequencyIndex[i] = small[whole] - 1;
                continue;
            }
            if (!distinct.TryGetValue(x, out var k))
            {
                k = distinct.Count;
                distinct.Add(x, k);
            }
            if (whole == x && whole >= 0 && whole < SmallFrequencies)
            {
                small[whole] = k + 1;
            }
            frequencyIndex[i] = k;
        }
        var distinctFrequencies = new double[distinct.Count];
        foreach (var (value, k) in distinct)
        {
            distinctFrequencies[k] = value;
        }
        return new CustomerGroups(frequency, recency, age, weight, frequencyIndex, distinctFrequencies, customers);
    }
}
