using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Clientele.Data.Store;
using Clientele.Pipeline.Live;
using Spectre.Console;

namespace Clientele.Cli;

/// <summary><c>clientele keys create|list|revoke</c>: the service's API keys (docs/service.md).</summary>
internal static class KeysCommand
{
    public static Command Create(TextWriter output) =>
        new("keys", "The live service's API keys: create one (shown once), list them, revoke one")
        {
            CreateKey(output),
            List(output),
            Revoke(output),
        };

    private static Command CreateKey(TextWriter output)
    {
        var store = CommonOptions.Store();
        var role = new Option<string>("--role") { Description = "ingest (post events), read (profiles and lists) or admin (everything)", Required = true };
        role.AcceptOnlyFromAmong("ingest", "read", "admin");
        var format = CommonOptions.Output();
        var command = new Command("create", "Make an API key of a role; the key is printed once and the store keeps only its hash") { role, store, format };
        command.SetAction(parse =>
        {
            var made = KeysJob.Create(parse.GetValue(store)!, parse.GetValue(role)!, TimeProvider.System);
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(new { key = made.Key, role = ApiKeys.RoleName(made.Entry.Role), key_id = made.Entry.KeyId }));
                return 0;
            }
            output.WriteLine(made.Key);
            output.WriteLine($"a {ApiKeys.RoleName(made.Entry.Role)} key, id {made.Entry.KeyId}: send it as \"Authorization: Bearer <key>\"; it is not shown again");
            return 0;
        });
        return command;
    }

    private static Command List(TextWriter output)
    {
        var store = CommonOptions.Store();
        var format = CommonOptions.Output();
        var command = new Command("list", "Every key's id, role, when it was made and whether it was revoked (never the key)") { store, format };
        command.SetAction(parse =>
        {
            var keys = KeysJob.List(parse.GetValue(store)!);
            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(keys.Select(k => new
                {
                    key_id = k.KeyId,
                    role = ApiKeys.RoleName(k.Role),
                    created_at = k.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    revoked_at = k.RevokedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                })));
                return 0;
            }
            if (keys.Count == 0)
            {
                output.WriteLine("No keys yet: clientele keys create --role ingest|read|admin makes one.");
                return 0;
            }
            var table = new Table().Border(TableBorder.Simple).AddColumn("id").AddColumn("role").AddColumn("created (UTC)").AddColumn("revoked (UTC)");
            foreach (var k in keys)
            {
                table.AddRow(k.KeyId, ApiKeys.RoleName(k.Role), k.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    k.RevokedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "");
            }
            CliApp.HumanConsole(output).Write(table);
            return 0;
        });
        return command;
    }

    private static Command Revoke(TextWriter output)
    {
        var store = CommonOptions.Store();
        var id = new Argument<string>("KEY_ID") { Description = "The key's id (clientele keys list)" };
        var command = new Command("revoke", "Revoke a key: the service refuses it within seconds") { id, store };
        command.SetAction(parse =>
        {
            var revoked = KeysJob.Revoke(parse.GetValue(store)!, parse.GetValue(id)!, TimeProvider.System);
            output.WriteLine($"key {revoked.KeyId} ({ApiKeys.RoleName(revoked.Role)}) revoked; the service refuses it within {Server.ApiKeyAuthentication.CacheFor.TotalSeconds:0} seconds");
            return 0;
        });
        return command;
    }
}
