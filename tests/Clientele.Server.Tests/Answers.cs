using System.Text.Json;

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
}
