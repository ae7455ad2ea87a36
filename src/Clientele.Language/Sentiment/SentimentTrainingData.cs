using Clientele.Core;

namespace Clientele.Language.Sentiment;

/// <summary>
/// The two labelled review corpora the sentiment models are trained on, as laid out in the shared data folder
/// (<c>../shared/data</c> beside the repository): <c>reviews-amazon-alexa/amazon_alexa.tsv</c> and
/// <c>reviews-zh-online-shopping/online_shopping_10_cats.csv.gz</c>.
/// </summary>
public static class SentimentTrainingData
{
    /// <summary>The Amazon Alexa reviews, relative to the data folder.</summary>
    public static readonly string AlexaFile = Path.Combine("reviews-amazon-alexa", "amazon_alexa.tsv");

    /// <summary>The Chinese online-shopping reviews, relative to the data folder.</summary>
    public static readonly string ChineseFile = Path.Combine("reviews-zh-online-shopping", "online_shopping_10_cats.csv.gz");

    /// <summary>
    /// The data folder: <paramref name="dataDirectory"/> when given; otherwise the first <c>shared/data</c> folder that
    /// holds both corpora, looking in each folder from <paramref name="startDirectories"/> upwards (so from a
    /// repository checkout in <c>/work/repo</c> it finds <c>/work/shared/data</c>).
    /// </summary>
    /// <exception cref="ClienteleException">The given folder lacks a corpus, or none was found (the message says where it looked).</exception>
    public static string Locate(string? dataDirectory, IEnumerable<string> startDirectories)
    {
        ArgumentNullException.ThrowIfNull(startDirectories);
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            var full = Path.GetFullPath(dataDirectory);
            var missing = Missing(full).ToList();
            return missing.Count == 0
                ? full
                : throw new ClienteleException($"lacks {string.Join(" and ", missing)}, which the sentiment models are trained on", full);
        }
        var looked = new List<string>();
        foreach (var start in startDirectories.Distinct(StringComparer.Ordinal))
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "shared", "data");
                looked.Add(candidate);
                if (!Missing(candidate).Any())
                {
                    return candidate;
                }
            }
        }
        throw new ClienteleException(
            $"found no shared data folder with {AlexaFile} and {ChineseFile} (looked in {string.Join(", ", looked.Distinct(StringComparer.Ordinal))}); pass it with --data DIR");
    }

    /// <summary>Reads both corpora from <paramref name="dataDirectory"/>.</summary>
    public static (SentimentCorpus English, SentimentCorpus Chinese) Read(string dataDirectory) =>
        (SentimentCorpus.ReadAmazonAlexa(Path.Combine(dataDirectory, AlexaFile)),
            SentimentCorpus.ReadOnlineShopping(Path.Combine(dataDirectory, ChineseFile)));

    private static IEnumerable<string> Missing(string folder) =>
        new[] { AlexaFile, ChineseFile }.Where(file => !File.Exists(Path.Combine(folder, file)));
}
