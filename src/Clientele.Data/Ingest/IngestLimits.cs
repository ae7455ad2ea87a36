using System.Globalization;
using Clientele.Core;

namespace Clientele.Data.Ingest;

/// <summary>
/// When an ingest stops instead of committing, shared by order, product and review files: too many rejected lines,
/// or lines already in the store from another file.
/// </summary>
public sealed record IngestLimits
{
    /// <summary>
    /// The largest share of a file's customer lines that may be rejected before the ingest stops and changes nothing.
    /// Lines without a customer id (guest checkouts) and lines already in the store from another file are not
    /// customer lines of this file and count toward neither side.
    /// </summary>
    /// <value>The default value is 0.1 (10 %).</value>
    public double MaxRejected { get; init; } = 0.1;

    /// <summary>Commit whatever share of lines is rejected (the rejects report still lists them).</summary>
    /// <value>The default value is false: more than <see cref="MaxRejected"/> stops the ingest.</value>
    public bool AcceptRejects { get; init; }

    /// <summary>
    /// Lines whose order, customer, product, date, quantity and price are already in the store from another file are
    /// genuinely new purchases and are added again.
    /// </summary>
    /// <value>The default value is false: such lines are reported as overlap and not added twice.</value>
    public bool AllowOverlap { get; init; }

    /// <summary>
    /// Reads <c>0.1</c>, <c>10%</c> or <c>10 %</c> as a share between 0 and 1, for <c>--max-rejected</c>.
    /// </summary>
    public static double ParseShare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        var number = percent ? trimmed[..^1].TrimEnd() : trimmed;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
        {
            throw new ClienteleException($"--max-rejected {text}: expected a share such as 0.1 or 10%");
        }
        var share = percent ? value / 100 : value;
        return share is >= 0 and <= 1
            ? share
            : throw new ClienteleException($"--max-rejected {text}: the share must be between 0 and 1 (0% and 100%)");
    }
}
