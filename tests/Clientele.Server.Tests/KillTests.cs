using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Clientele.Pipeline.Live;
using Clientele.Tests;

namespace Clientele.Server.Tests;

/// <summary>
/// The service as its own process, killed with SIGKILL while batches are being posted, then restarted: every
/// acknowledged event is there exactly once, and a client that retries the rest ends with exact counts.
/// </summary>
public sealed class KillTests : IDisposable
{
    private const int Batches = 60;
    private const int EventsPerBatch = 20;
    private const int Customers = 7;

    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(StoreEngines.All), MemberType = typeof(StoreEngines))]
    public async Task Service_KilledMidStreamAndRestarted_AcknowledgedEventsOnceAndRetriesExact(string engine)
    {
        var location = _stores.Location(engine, "kill");
        var ingest = KeysJob.Create(location, "ingest", TimeProvider.System).Key;
        var read = KeysJob.Create(location, "read", TimeProvider.System).Key;
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var batches = Enumerable.Range(0, Batches).Select(Batch).ToArray();
        var acknowledged = new bool[Batches];

        var server = Start(location, port);
        try
        {
            await WaitUntilHealthy(client, server);
            // Four clients post; the service is killed once a third of the batches are acknowledged.
            var next = -1;
            var done = 0;
            var killed = false;
            async Task Post()
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < Batches)
                {
                    if (await TrySend(client, ingest, batches[n]) is not null)
                    {
                        acknowledged[n] = true;
                        if (Interlocked.Increment(ref done) == Batches / 3 && !killed)
                        {
                            killed = true;
                            server.Kill();
                        }
                    }
                }
            }
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Post()));
            Assert.True(killed);
            await server.WaitForExitAsync();
        }
        finally
        {
            server.Dispose();
        }
        Assert.Contains(false, acknowledged);

        server = Start(location, port);
        try
        {
            await WaitUntilHealthy(client, server);
            // The client retries what was not acknowledged, and, to be sure retries are harmless, everything else too.
            var statuses = new List<string>();
            for (var n = 0; n < Batches; n++)
            {
                var answer = await TrySend(client, ingest, batches[n]) ?? throw new InvalidOperationException($"batch {n} failed after the restart");
                statuses.AddRange(answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()!));
            }
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", read);
            var frequency = 0;
            for (var c = 0; c < Customers; c++)
            {
                var profile = JsonDocument.Parse(await client.GetStringAsync($"/v1/customers/kill-{c}")).RootElement;
                frequency += profile.GetProperty("frequency").GetInt32();
            }

            // Every event acknowledged before the kill is a duplicate now; each event counts once.
            var acknowledgedEvents = acknowledged.Count(a => a) * EventsPerBatch;
            Assert.True(statuses.Count(s => s == "duplicate") >= acknowledgedEvents, $"{statuses.Count(s => s == "duplicate")} duplicates, {acknowledgedEvents} acknowledged");
            Assert.DoesNotContain("rejected", statuses);
            Assert.Equal(Batches * EventsPerBatch, frequency);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
            server.Dispose();
        }
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

    /// <summary>The answer when the batch was acknowledged (2xx); null when the connection failed or the service answered otherwise.</summary>
    private static async Task<JsonElement?> TrySend(HttpClient client, string key, string batch)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = new StringContent(batch, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            using var response = await client.SendAsync(request);
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }

    private static Process Start(string location, int port)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Clientele.Server.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(server);
        start.ArgumentList.Add($"--{ServerApp.StoreSetting}={location}");
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the service did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilHealthy(HttpClient client, Process server)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(server.HasExited, $"the service exited with {(server.HasExited ? server.ExitCode : 0)}");
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail("the service did not answer /health within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
