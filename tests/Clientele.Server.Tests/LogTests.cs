using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Clientele.Pipeline.Live;
using Clientele.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Clientele.Server.Tests;

/// <summary>No personal data in logs: requests, a bad request and an erasure naming a customer leave no log line with the id.</summary>
public sealed class LogTests : IDisposable
{
    private readonly TestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task Logs_EventsProfileBadRequestAndErasure_NeverHoldTheCustomerId()
    {
        var location = _stores.Location(StoreEngines.DuckDb, "logs");
        var admin = KeysJob.Create(location, "admin", TimeProvider.System).Key;
        var lines = new ConcurrentQueue<string>();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting(ServerApp.StoreSetting, location)
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new Capture(lines))));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
        const string customer = "customer-with-a-traceable-id";
        var body = $$"""{"events":[{"event_id":"log-1","type":"view","customer_id":"{{customer}}","timestamp":"2026-01-01T00:00:00Z","product_id":"p"}]}""";

        (await client.PostAsync("/v1/events", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await client.GetAsync($"/v1/customers/{customer}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/v1/customers/{customer}/recommendations?count=0")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/v1/customers/{customer}")).StatusCode);

        Assert.Contains(lines, l => l.Contains("Erased a customer", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(customer, StringComparison.Ordinal));
    }

    private sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
