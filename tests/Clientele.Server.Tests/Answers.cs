using System.Text.Json;
using Clientele.Data.Store;

namespace Clientele.Server.Tests;

/// <summary>The service's answers as JSON, failing the test with the status and body when one is not a success.</summary>
internal static class Answers
{
    public static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every (table, column) of text whose value is exactly <paramref name="value"/> somewhere in the store.</summary>
    public static List<string> TextColumnsHolding(string location, string value)
    {
        using var store = ClienteleStore.Open(location);
        var columns = new List<(string Table, string Column)>();
        using (var command = store.Command("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE t.table_type = 'BASE TABLE' AND c.table_schema = current_schema() AND c.data_type IN ('VARCHAR', 'character varying', 'text')
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        return [.. columns.Where(c => store.Scalar<long>($"SELECT count(*) FROM {c.Table} WHERE {c.Column} = $v", ("v", value)) > 0).Select(c => $"{c.Table}.{c.Column}")];
    }
}
