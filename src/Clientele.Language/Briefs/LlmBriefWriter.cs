using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Clientele.Language.Briefs;

/// <summary>
/// Asks a language model (any <see cref="IChatClient"/>: an OpenAI-compatible endpoint such as Ollama, vLLM or Azure
/// OpenAI) for a segment's brief from the same facts the templates use. Every exchange is logged (facts, prompt, raw
/// answer, outcome) when <see cref="LlmBriefOptions.LogPath"/> is set. It never fails a run: when the model is
/// unreachable, too slow, or answers with nothing usable, the brief is the template's, with a warning that says why.
/// </summary>
public sealed class LlmBriefWriter
{
    private readonly IChatClient _client;
    private readonly LlmBriefOptions _options;
    private readonly Lock _logLock = new();

    public LlmBriefWriter(IChatClient client, LlmBriefOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new LlmBriefOptions();
        _options.Validate();
    }

    /// <summary>The model's brief, or the template's with <see cref="SegmentBrief.Warning"/> set when the model failed.</summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> itself is cancelled.</exception>
    public async Task<SegmentBrief> WriteAsync(SegmentFacts facts, BriefLanguage language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var template = TemplateBriefWriter.Write(facts, language);
        var messages = BriefPrompt.Messages(facts, language);
        var chatOptions = new ChatOptions
        {
            ModelId = _options.Model,
            Temperature = _options.Temperature,
            MaxOutputTokens = _options.MaximumOutputTokens,
            ResponseFormat = ChatResponseFormat.Json,
        };
        var started = Stopwatch.GetTimestamp();
        string? answer = null;
        string? problem;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.Timeout);
            try
            {
                var response = await _client.GetResponseAsync(messages, chatOptions, timeout.Token).ConfigureAwait(false);
                answer = response.Text;
                problem = null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = $"the model did not answer within {_options.Timeout.TotalSeconds:0} s";
            }
#pragma warning disable CA1031 // Any failure of the endpoint (network, HTTP status, protocol) means the template brief, never a failed run.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                problem = $"the model could not be reached or failed ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()})";
            }
        }
        var parsed = problem is null ? BriefPrompt.Parse(answer, out problem) : null;
        var brief = parsed is { } p
            ? template with { Description = p.Description, AngleText = p.Angle, Source = BriefSource.LanguageModel }
            : template with { Warning = $"segment {facts.Name} ({language.Code()}): {problem}; the template brief is used instead" };
        Log(facts, language, messages, answer, brief, Stopwatch.GetElapsedTime(started));
        return brief;
    }

    private void Log(SegmentFacts facts, BriefLanguage language, IList<ChatMessage> messages, string? answer, SegmentBrief brief, TimeSpan elapsed)
    {
        if (_options.LogPath is not { } path)
        {
            return;
        }
        var entry = new LlmLogEntry(
            facts.Method,
            facts.SegmentId,
            facts.Name,
            language.Code(),
            _options.Model,
            brief.Source == BriefSource.LanguageModel ? "model" : "template_fallback",
            brief.Warning,
            Math.Round(elapsed.TotalMilliseconds),
            messages.Select(m => new LlmLogMessage(m.Role.Value, m.Text)).ToArray(),
            facts,
            answer,
            brief.Description,
            brief.AngleText);
        var line = JsonSerializer.Serialize(entry, BriefJson.Options) + "\n";
        lock (_logLock)
        {
            File.AppendAllText(path, line, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }
}

/// <summary>One line of the language-model log.</summary>
/// <param name="Outcome">"model" when the model's brief was used, "template_fallback" when the template's replaced it.</param>
/// <param name="Answer">The model's raw answer, or null when there was none.</param>
public sealed record LlmLogEntry(
    string Method,
    int SegmentId,
    string Name,
    string Language,
    string? Model,
    string Outcome,
    string? Warning,
    double ElapsedMilliseconds,
    IReadOnlyList<LlmLogMessage> Prompt,
    SegmentFacts Facts,
    string? Answer,
    string Description,
    string Angle);

/// <summary>One message of a prompt, as logged.</summary>
public sealed record LlmLogMessage(string Role, string Text);
