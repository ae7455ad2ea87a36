using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// Open-model load on the live service (bench/service/run-load.sh): each kind of request is sent on its own fixed
// schedule (rate per second), whether or not earlier ones have answered, and its latency is measured from the moment it
// was due, not from when it was sent, so a stalled service cannot hide its queue (coordinated omission, as wrk2 avoids it).
// A fourth kind measures freshness: a purchase for a customer the store has never seen, then profile reads (every 10 ms)
// until the profile shows it; its latency is from the moment the purchase was due to the read that showed it.
//   loadtest URL READ_KEY INGEST_KEY CUSTOMERS_FILE PRODUCTS_FILE PROFILE_RATE RECOMMEND_RATE EVENT_RATE SECONDS WARMUP_SECONDS [FRESHNESS_RATE]
// Prints one JSON line per kind: offered and achieved rate, answers by status, and latency percentiles in ms.
if (args.Length is not (10 or 11))
{
    Console.Error.WriteLine("usage: loadtest URL READ_KEY INGEST_KEY CUSTOMERS_FILE PRODUCTS_FILE PROFILE_RATE RECOMMEND_RATE EVENT_RATE SECONDS WARMUP_SECONDS [FRESHNESS_RATE (5)]");
    return 2;
}
// One URL, or several separated by commas (the nodes of a cluster): request n goes to URL n mod their count.
var urls = args[0].Split(',').Select(u => new Uri(u)).ToArray();
var (readKey, ingestKey) = (args[1], args[2]);
var customers = File.ReadAllLines(args[3]).Where(l => l.Length > 0).ToArray();
var products = File.ReadAllLines(args[4]).Where(l => l.Length > 0).ToArray();
var rates = new[]
{
    double.Parse(args[5], CultureInfo.InvariantCulture), double.Parse(args[6], CultureInfo.InvariantCulture), double.Parse(args[7], CultureInfo.InvariantCulture),
    args.Length > 10 ? double.Parse(args[10], CultureInfo.InvariantCulture) : 5,
};
var seconds = double.Parse(args[8], CultureInfo.InvariantCulture);
var warmup = double.Parse(args[9], CultureInfo.InvariantCulture);

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
Uri At(long n, string path) => new(urls[(int)(n % urls.Length)], path);
var run = Guid.NewGuid().ToString("N")[..8];
var clock = Stopwatch.StartNew();
var end = warmup + seconds;

HttpRequestMessage Profile(long n)
{
    var request = new HttpRequestMessage(HttpMethod.Get, At(n, $"/v1/customers/{Uri.EscapeDataString(customers[(int)(n * 7919 % customers.Length)])}"));
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", readKey);
    return request;
}

HttpRequestMessage Recommend(long n)
{
    var request = new HttpRequestMessage(HttpMethod.Get, At(n, $"/v1/customers/{Uri.EscapeDataString(customers[(int)(n * 104729 % customers.Length)])}/recommendations?count=10"));
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", readKey);
    return request;
}

HttpRequestMessage Event(long n)
{
    var id = $"load-{run}-{n}";
    var customer = customers[(int)(n * 31 % customers.Length)];
    var product = products[(int)(n * 17 % products.Length)];
    var at = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
    var body = n % 4 == 0
        ? $$"""{"events":[{"event_id":"{{id}}","type":"purchase","customer_id":"{{customer}}","timestamp":"{{at}}","order_id":"{{id}}","product_id":"{{product}}","quantity":1,"unit_price":2.5}]}"""
        : $$"""{"events":[{"event_id":"{{id}}","type":"view","customer_id":"{{customer}}","timestamp":"{{at}}","product_id":"{{product}}"}]}""";
    var request = new HttpRequestMessage(HttpMethod.Post, At(n, "/v1/events")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ingestKey);
    return request;
}

HttpRequestMessage WithKey(HttpRequestMessage request, string key)
{
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
    return request;
}

// A purchase by a new customer, then its profile until the purchase is in it: the status of the read that showed it.
async Task<int> Freshness(long n)
{
    var customer = $"fresh-{run}-{n}";
    var at = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
    var body = $$"""{"events":[{"event_id":"{{customer}}","type":"purchase","customer_id":"{{customer}}","timestamp":"{{at}}","order_id":"{{customer}}","product_id":"{{products[0]}}","quantity":1,"unit_price":2.5}]}""";
    using (var posted = await client.SendAsync(WithKey(new HttpRequestMessage(HttpMethod.Post, At(n, "/v1/events")) { Content = new StringContent(body, Encoding.UTF8, "application/json") }, ingestKey)))
    {
        await posted.Content.ReadAsByteArrayAsync();
        if (!posted.IsSuccessStatusCode)
        {
            return (int)posted.StatusCode;
        }
    }
    for (var attempt = 0; ; attempt++)
    {
        // Read on another node than the one that took the purchase, when there are several.
        using var read = await client.SendAsync(WithKey(new HttpRequestMessage(HttpMethod.Get, At(n + 1, $"/v1/customers/{customer}")), readKey));
        var profile = await read.Content.ReadAsStringAsync();
        if (read.IsSuccessStatusCode && profile.Contains("\"frequency\":1", StringComparison.Ordinal))
        {
            return (int)read.StatusCode;
        }
        if (attempt == 500)
        {
            return 0;
        }
        await Task.Delay(10);
    }
}

var kinds = new (string Name, Func<long, Task<int>> Send, double Rate)[]
{
    ("profile", n => Status(Profile(n)), rates[0]), ("recommendations", n => Status(Recommend(n)), rates[1]), ("events", n => Status(Event(n)), rates[2]),
    ("freshness", Freshness, rates[3]),
};

async Task<int> Status(HttpRequestMessage request)
{
    using var response = await client.SendAsync(request);
    await response.Content.ReadAsByteArrayAsync();
    return (int)response.StatusCode;
}
var results = kinds.Select(_ => new List<(double Due, double LatencyMs, int Status)>()).ToArray();

async Task Schedule(int kind)
{
    var (_, send, rate) = kinds[kind];
    if (rate <= 0)
    {
        return;
    }
    var pending = new List<Task>();
    for (long n = 0; ; n++)
    {
        var due = n / rate;
        if (due >= end)
        {
            break;
        }
        var wait = due - clock.Elapsed.TotalSeconds;
        if (wait > 0.001)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait));
        }
        var number = n;
        pending.Add(Task.Run(async () =>
        {
            int status;
            try
            {
                status = await send(number);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }
            var latency = (clock.Elapsed.TotalSeconds - due) * 1000;
            lock (results[kind])
            {
                results[kind].Add((due, latency, status));
            }
        }));
    }
    await Task.WhenAll(pending);
}

await Task.WhenAll(Enumerable.Range(0, kinds.Length).Select(Schedule));

for (var k = 0; k < kinds.Length; k++)
{
    if (kinds[k].Rate <= 0)
    {
        continue;
    }
    var measured = results[k].Where(r => r.Due >= warmup).ToArray();
    var ok = measured.Where(r => r.Status is >= 200 and < 300).Select(r => r.LatencyMs).Order().ToArray();
    var all = measured.Select(r => r.LatencyMs).Order().ToArray();
    double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    var byStatus = string.Join(", ", measured.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"\"{(g.Key == 0 ? "failed" : g.Key.ToString(CultureInfo.InvariantCulture))}\": {g.Count()}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $$"""{"kind": "{{kinds[k].Name}}", "offered_per_s": {{kinds[k].Rate}}, "achieved_ok_per_s": {{ok.Length / seconds:0.0}}, "answers": { {{byStatus}} }, "p50": {{P(all, 0.5):0.00}}, "p90": {{P(all, 0.9):0.00}}, "p99": {{P(all, 0.99):0.00}}, "p999": {{P(all, 0.999):0.00}}, "max": {{(all.Length == 0 ? double.NaN : all[^1]):0.00}}, "ok_p99": {{P(ok, 0.99):0.00}}}"""));
}
return 0;
