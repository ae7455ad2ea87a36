namespace Clientele.Language.Briefs;

/// <summary>How <see cref="LlmBriefWriter"/> asks a language model for a brief.</summary>
public sealed record LlmBriefOptions
{
    /// <summary>The model to ask for (e.g. "llama3.1:8b" on Ollama), or null for the client's own default.</summary>
    /// <value>The default value is null.</value>
    public string? Model { get; init; }

    /// <summary>How long one answer may take before the template brief is used instead: local models on a CPU are slow.</summary>
    /// <value>The default value is 120 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Sampling temperature: low, because a brief should restate facts, not invent.</summary>
    /// <value>The default value is 0.2.</value>
    public float Temperature { get; init; } = 0.2f;

    /// <summary>Upper bound on the answer's length in tokens (a brief is a few sentences; Chinese takes more tokens).</summary>
    /// <value>The default value is 800.</value>
    public int MaximumOutputTokens { get; init; } = 800;

    /// <summary>
    /// A JSON-lines file that gets, for every request, the facts, the prompt, the raw answer and what became of it, so a
    /// person can check a model's brief against its facts; null for no log.
    /// </summary>
    /// <value>The default value is null.</value>
    public string? LogPath { get; init; }

    /// <summary>Throws when an option is out of range: checked when the writer is built, not when it first fails.</summary>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must be positive.");
        }
        if (Temperature is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "The temperature runs from 0 to 2.");
        }
        if (MaximumOutputTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumOutputTokens), MaximumOutputTokens, "At least one output token.");
        }
    }
}
