using Clientele.Pipeline.Live;
using System.CommandLine;
using Clientele.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Clientele.Cli;

/// <summary><c>clientele serve</c>: the live service on a store (docs/service.md), until stopped with Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(TextWriter output)
    {
        var store = CommonOptions.Store();
        var urls = new Option<string>("--urls") { Description = $"Where to listen (default {DefaultUrls}; several separated by ';')", DefaultValueFactory = _ => DefaultUrls };
        var command = new Command("serve", "Run the live service: POST /v1/events, GET /v1/customers/{id} and its recommendations, /health, OpenAPI at /openapi/v1.json") { store, urls };
        command.SetAction(parse =>
        {
            var app = ServerApp.Build([$"--{ServerApp.StoreSetting}={parse.GetValue(store)}", $"--urls={parse.GetValue(urls)}"]);
            output.WriteLine($"serving {app.Services.GetRequiredService<LiveStore>().DisplayName} on {parse.GetValue(urls)} (Ctrl+C stops)");
            app.Run();
            return 0;
        });
        return command;
    }
}
