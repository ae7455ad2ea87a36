namespace Clientele.Value;

/// <summary>One thing the data cannot carry: a stable code for programs and a sentence for people.</summary>
/// <param name="Code">e.g. "one-time-buyers", "churn-base-rate", "churn-auc", "value-class-auc".</param>
/// <param name="Message">What was found, what it means for the numbers, and what to read instead.</param>
public sealed record DataCheck(string Code, string Message);
