using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Clientele.Cli.Tests;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint on the loopback interface, answering from a function: the real
/// OpenAI client of the brief command talks to it over HTTP, and no request leaves the machine.
/// </summary>
internal sealed class FakeOpenAiServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, (int Status, string Content)> _answer;
    private readonly Task _loop;
    private int _count;

    /// <param name="answer">From the request's number (from 1): the HTTP status and the assistant message's content.</param>
    public FakeOpenAiServer(Func<int, (int Status, string Content)> answer)
    {
        _answer = answer;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public string Endpoint { get; }

    /// <summary>Each request's path, Authorization header and body, in arrival order.</summary>
    public List<(string Path, string? Authorization, string Body)> Requests { get; } = [];

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            int number;
            lock (Requests)
            {
                Requests.Add((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
                number = ++_count;
            }
            var (status, content) = _answer(number);
            var model = JsonDocument.Parse(body).RootElement.GetProperty("model").GetString();
            var response = status == 200
                ? JsonSerializer.Serialize(new
                {
                    id = $"chatcmpl-{number}",
                    @object = "chat.completion",
                    created = 1_700_000_000,
                    model,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
                })
                : JsonSerializer.Serialize(new { error = new { message = content, type = "invalid_request_error" } });
            var bytes = Encoding.UTF8.GetBytes(response);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
