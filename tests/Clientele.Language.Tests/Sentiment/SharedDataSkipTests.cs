using Clientele.Tests;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>The sentiment tests that read ../shared/data are skipped, naming what is missing, when it is absent.</summary>
public sealed class SharedDataSkipTests
{
    [Fact]
    public void Reason_MissingFile_NamesItAndTheSharedData()
    {
        var reason = SharedDataSkip.Reason(["reviews-amazon-alexa/no-such-file.tsv"]);

        Assert.NotNull(reason);
        Assert.StartsWith("needs the shared data sets beside the repository; absent: ", reason, StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("shared", "data", "reviews-amazon-alexa", "no-such-file.tsv"), reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_NoFilesNeeded_DoesNotSkip()
    {
        Assert.Null(SharedDataSkip.Reason([]));
    }
}
