using System.IO.Compression;
using Clientele.Language.Sentiment;
using Clientele.Tests;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>Olist's review comments (Portuguese) from ../shared/data/olist-sample, read in place (never copied into the repository).</summary>
internal static class OlistReviews
{
    /// <summary>The reviews file, relative to ../shared/data.</summary>
    public const string File = "olist-sample/olist_order_reviews_dataset.csv.gz";

    /// <summary>(score 1–5, message) of every review with a non-blank message.</summary>
    public static IReadOnlyList<(int Score, string Message)> Rated()
    {
        using var stream = new GZipStream(System.IO.File.OpenRead(TestData.Shared(File)), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var rows = new List<(int, string)>();
        var records = new DelimitedReader(reader, ',');
        var fields = new List<string>();
        records.Read(fields); // the header
        while (records.Read(fields))
        {
            if (!string.IsNullOrWhiteSpace(fields[4]))
            {
                rows.Add((int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), fields[4]));
            }
        }
        return rows;
    }

    public static IReadOnlyList<string> Messages() => Rated().Select(r => r.Message).ToList();
}
