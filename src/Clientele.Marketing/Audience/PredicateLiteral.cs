namespace Clientele.Marketing.Audience;

/// <summary>A literal of an audience predicate: a number or a quoted string, with its offset in the text.</summary>
public sealed record PredicateLiteral(double? Number, string? Text, int Offset)
{
    public bool IsNumber => Number is not null;

    public override string ToString() => IsNumber ? Number!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : $"'{Text}'";
}
