using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Clientele.Pipeline.Live;
using Clientele.Tests;
using Npgsql;

namespace Clientele.Cluster.Tests;

/// <summary>
/// Three nodes of a cluster, each its own process (clientele serve --cluster: an API with a co-hosted silo,
/// membership in PostgreSQL), on loopback. Clients post batches to the nodes in turn, retrying on another node when
/// one fails; one node is killed with SIGKILL a third of the way through. Every event is acknowledged in the end and
/// counted exactly once after its customers' grains came back on the other silos. A node started afterwards joins and
/// takes customers.
/// </summary>
public sealed class ClusterKillTests : IDisposable
{
    private const int Batches = 60;
    private const int EventsPerBatch = 10;
    private const int Customers = 40;

    private readonly TestStores _stores = new();
    private readonly List<Process> _nodes = [];

    /// <summary>The nodes' error output, for a failure's message.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> Errors = new();

    public void Dispose()
    {
        foreach (var node in _nodes.Where(n => !n.HasExited))
        {
            node.Kill();
            node.WaitForExit();
        }
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        _stores.Dispose();
    }

    [PostgresFact]
    public async Task Cluster_OneOfThreeSilosKilledMidStream_EveryEventAcknowledgedAndCountedOnceAndANewSiloTakesCustomers()
    {
        var location = _stores.Location(StoreEngines.Postgres, "kill_cluster");
        var ingest = KeysJob.Create(location, "ingest", TimeProvider.System).Key;
        var read = KeysJob.Create(location, "read", TimeProvider.System).Key;
        var admin = KeysJob.Create(location, "admin", TimeProvider.System).Key;
        var cluster = "kill-" + Guid.NewGuid().ToString("N")[..6];
        var urls = Enumerable.Range(0, 3).Select(_ => $"http://127.0.0.1:{Ports.Free()}").ToArray();
        foreach (var url in urls)
        {
            _nodes.Add(Start(location, url, cluster, Ports.Free()));
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (url, node) in urls.Zip(_nodes))
        {
            await WaitUntilHealthy(client, url, node);
        }
        await WaitForActiveSilos(location, cluster, 3);

        var batches = Enumerable.Range(0, Batches).Select(Batch).ToArray();
        var acknowledged = new JsonElement?[Batches];
        var next = -1;
        var done = 0;
        var killed = 0;
        async Task Post(int poster)
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < Batches)
            {
                // Until acknowledged: the node in turn first, then the others (a killed node refuses the connection).
                for (var attempt = 0; acknowledged[n] is null; attempt++)
                {
                    Assert.True(attempt < 200, $"batch {n} was not acknowledged after {attempt} attempts");
                    var url = urls[(n + poster + attempt) % urls.Length];
                    acknowledged[n] = await TrySend(client, url, ingest, batches[n]);
                    if (acknowledged[n] is null)
                    {
                        await Task.Delay(100);
                    }
                }
                if (Interlocked.Increment(ref done) == Batches / 3 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    _nodes[1].Kill();
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 4).Select(Post));

        Assert.Equal(1, killed);
        Assert.True(_nodes[1].HasExited);
        // Each acknowledged event was accepted once, or answered duplicate when a retry found it written by an attempt
        // whose answer was lost; none rejected.
        var statuses = acknowledged.SelectMany(a => a!.Value.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString())).ToList();
        Assert.Equal(Batches * EventsPerBatch, statuses.Count);
        Assert.DoesNotContain("rejected", statuses);
        // Counted once: the customers' frequencies (each event its own order) add up to every event, read through a survivor.
        using var reader = new HttpClient { BaseAddress = new Uri(urls[0]), Timeout = TimeSpan.FromSeconds(30) };
        reader.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", read);
        var frequency = 0;
        for (var c = 0; c < Customers; c++)
        {
            frequency += JsonDocument.Parse(await ReadAnswered(reader, $"/v1/customers/kill-{c}")).RootElement.GetProperty("frequency").GetInt32();
        }
        Assert.Equal(Batches * EventsPerBatch, frequency);
        await using (var connection = new NpgsqlConnection(location))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM received_events", connection);
            Assert.Equal((long)(Batches * EventsPerBatch), await count.ExecuteScalarAsync());
        }

        // A fourth node joins; new customers' grains are placed on the least loaded silo, which is the new one.
        var late = $"http://127.0.0.1:{Ports.Free()}";
        var lateSilo = Ports.Free();
        _nodes.Add(Start(location, late, cluster, lateSilo));
        await WaitUntilHealthy(client, late, _nodes[^1]);
        await WaitForActiveSilos(location, cluster, 3);
        for (var n = 0; n < 60; n++)
        {
            var url = (string[])[urls[0], urls[2], late];
            Assert.NotNull(await TrySend(client, url[n % 3], ingest, $$"""{"events":[{"event_id":"late-{{n}}","type":"view","customer_id":"late-{{n}}","timestamp":"{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}","product_id":"p1"}]}"""));
        }
        reader.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
        var nodes = JsonDocument.Parse(await ReadAnswered(reader, "/v1/nodes")).RootElement.GetProperty("nodes").EnumerateArray().ToList();
        var joined = nodes.Single(n => n.GetProperty("address").GetString()!.Contains($":{lateSilo}@", StringComparison.Ordinal)
            || n.GetProperty("address").GetString()!.Contains($":{lateSilo}:", StringComparison.Ordinal));
        Assert.Equal("active", joined.GetProperty("status").GetString());
        Assert.True(joined.GetProperty("customers").GetInt32() > 0, string.Join("; ", nodes));
        Assert.Contains(nodes, n => n.GetProperty("status").GetString() == "dead");
    }

    /// <summary>A batch of purchases, each its own order, spread over the customers.</summary>
    private static string Batch(int n)
    {
        var at = DateTime.UtcNow.AddMinutes(-n).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var events = Enumerable.Range(0, EventsPerBatch).Select(e =>
        {
            var id = $"kill-{n}-{e}";
            return $$"""{"event_id":"{{id}}","type":"purchase","customer_id":"kill-{{(n * EventsPerBatch + e) % Customers}}","timestamp":"{{at}}","order_id":"{{id}}","product_id":"p{{e % 5}}","quantity":1,"unit_price":1.5}""";
        });
        return $$"""{"events":[{{string.Join(",", events)}}]}""";
    }

    /// <summary>
    /// A GET's body, asked again after Retry-After while the service answers 503, as its clients are told to: a customer
    /// whose grain was on the killed silo is answered once the cluster has declared that silo dead, which may come after
    /// the last batch was acknowledged. Any other failure fails at once.
    /// </summary>
    private static async Task<string> ReadAnswered(HttpClient reader, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await reader.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt >= 60)
            {
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync();
            }
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The answer when the batch was acknowledged (2xx); null when the connection failed or the node answered otherwise.</summary>
    private static async Task<JsonElement?> TrySend(HttpClient client, string url, string key, string batch)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url + "/v1/events") { Content = new StringContent(batch, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, "a node answered 500; its log:\n" + string.Join("\n", Errors.TakeLast(40)));
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }

    private static Process Start(string location, string url, string cluster, int siloPort)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "clientele.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[cli, "serve", "--store", location, "--urls", url, "--cluster", cluster])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Clientele__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Clientele__Cluster__GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("the node did not start");
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        Errors.Enqueue(line);
        while (Errors.Count > 200)
        {
            Errors.TryDequeue(out _);
        }
    }

    private static async Task WaitUntilHealthy(HttpClient client, string url, Process node)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(node.HasExited, $"the node exited with {(node.HasExited ? node.ExitCode : 0)}; the nodes' log:\n" + string.Join("\n", Errors.TakeLast(40)));
            try
            {
                using var response = await client.GetAsync(url + "/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        Assert.Fail($"{url} did not answer /health within 90 s");
    }

    private static async Task WaitForActiveSilos(string location, string cluster, int silos)
    {
        await using var connection = new NpgsqlConnection(location);
        await connection.OpenAsync();
        for (var wait = 0; ; wait++)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Status = 3", connection);
            command.Parameters.AddWithValue("cluster", cluster);
            if ((long)(await command.ExecuteScalarAsync())! == silos)
            {
                return;
            }
            Assert.True(wait < 300, $"{silos} silos were not active within 30 s");
            await Task.Delay(100);
        }
    }
}
