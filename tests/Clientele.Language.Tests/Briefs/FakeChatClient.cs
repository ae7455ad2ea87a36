using Microsoft.Extensions.AI;

namespace Clientele.Language.Tests.Briefs;

/// <summary>
/// An <see cref="IChatClient"/> that answers from a function instead of a network: it records what it was asked, and
/// can answer, throw, or hang until cancelled, so the language-model path is tested without a model or a network.
/// </summary>
internal sealed class FakeChatClient(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<string>> answer) : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public static FakeChatClient Answering(string text) => new((_, _) => Task.FromResult(text));

    public static FakeChatClient Throwing(Exception e) => new((_, _) => Task.FromException<string>(e));

    /// <summary>Never answers; returns only when cancelled (the writer's timeout).</summary>
    public static FakeChatClient Hanging() => new(async (_, token) =>
    {
        await Task.Delay(Timeout.Infinite, token);
        return "";
    });

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Add(list);
        Options.Add(options);
        var text = await answer(list, cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Briefs ask for whole answers.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
