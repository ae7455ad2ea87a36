using System.CommandLine;
using Clientele.Data.Ingest;

namespace Clientele.Cli;

/// <summary><c>--max-rejected</c>, <c>--accept-rejects</c> and (orders) <c>--allow-overlap</c>, for every <c>ingest</c> command.</summary>
internal sealed class IngestLimitOptions
{
    private readonly Option<string?> _maxRejected = new("--max-rejected")
    {
        Description = "Stop and change nothing when more than this share of the customer lines is rejected, e.g. 0.1 or 10% (default 10%; lines without a customer id and overlap are counted apart)",
    };

    private readonly Option<bool> _acceptRejects = new("--accept-rejects")
    {
        Description = "Commit whatever share of lines is rejected (they are still listed in the rejects report)",
    };

    private readonly Option<bool>? _allowOverlap;

    public IngestLimitOptions(Command command, bool overlap)
    {
        command.Options.Add(_maxRejected);
        command.Options.Add(_acceptRejects);
        if (overlap)
        {
            _allowOverlap = new Option<bool>("--allow-overlap")
            {
                Description = "Lines already in the store from another file are genuinely new purchases: add them again",
            };
            command.Options.Add(_allowOverlap);
        }
    }

    /// <summary>The limits the user asked for; defaults where they gave none.</summary>
    public IngestLimits Read(ParseResult parse)
    {
        var limits = new IngestLimits
        {
            AcceptRejects = parse.GetValue(_acceptRejects),
            AllowOverlap = _allowOverlap is not null && parse.GetValue(_allowOverlap),
        };
        return parse.GetValue(_maxRejected) is { } share ? limits with { MaxRejected = IngestLimits.ParseShare(share) } : limits;
    }
}
