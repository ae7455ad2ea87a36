using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Clientele.Language.Briefs;

/// <summary>An <see cref="IChatClient"/> for an OpenAI-compatible chat-completions endpoint (Ollama, vLLM, Azure OpenAI, OpenAI).</summary>
public static class OpenAiCompatibleChatClient
{
    /// <summary>
    /// A client for <paramref name="endpoint"/> (the API's base, e.g. <c>http://localhost:11434/v1</c> for Ollama) and
    /// <paramref name="model"/>. Servers that need no key (a local Ollama) get a placeholder, as the OpenAI library wants one.
    /// Retries once: a brief that fails falls back to its template, so waiting long for a dead server helps no one.
    /// </summary>
    public static IChatClient Create(Uri endpoint, string model, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 1),
        };
        var credential = new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "no-key" : apiKey);
        return new OpenAI.Chat.ChatClient(model, credential, options).AsIChatClient();
    }
}
