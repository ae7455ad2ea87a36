using System.CommandLine;
using Clientele.Cluster;
using Clientele.Pipeline.Live;
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
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Run as a node of the cluster with this id (a PostgreSQL store; nodes with the same id and store form one cluster; docs/cluster.md). "
                + $"The silo's address and ports: the settings {ClusterServe.AddressSetting}, {ClusterServe.SiloPortSetting}, {ClusterServe.GatewayPortSetting}",
        };
        var command = new Command("serve", "Run the live service: POST /v1/events, GET /v1/customers/{id} and its recommendations, /health, OpenAPI at /openapi/v1.json") { store, urls, cluster };
        command.SetAction(parse =>
        {
            List<string> settings = [$"--{ServerApp.StoreSetting}={parse.GetValue(store)}", $"--urls={parse.GetValue(urls)}"];
            if (parse.GetValue(cluster) is { Length: > 0 } id)
            {
                settings.Add($"--{ClusterServe.IdSetting}={id}");
            }
            var clustered = false;
            var app = ServerApp.Build([.. settings], builder =>
                clustered = ClusterServe.CoHost(builder.Host, builder.Services, builder.Configuration, builder.Configuration[ServerApp.StoreSetting] ?? ""));
            var node = clustered ? $" as a node of cluster {parse.GetValue(cluster)}" : "";
            output.WriteLine($"serving {app.Services.GetRequiredService<LiveStore>().DisplayName}{node} on {parse.GetValue(urls)} (Ctrl+C stops)");
            app.Run();
            return 0;
        });
        return command;
    }
}
