using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language;
using Clientele.Language.Briefs;
using Clientele.Language.Sentiment;

namespace Clientele.Pipeline;

/// <summary>What one customer's reviews say, by the sentiment models (English on USE-lite, Chinese on character n-grams).</summary>
/// <param name="MeanScore">The mean of the reviews' scores, −1 (negative) … 1 (positive).</param>
public sealed record CustomerSentimentRow(string CustomerId, int Reviews, int Positive, int Neutral, int Negative, double MeanScore);

/// <summary>Every reviewing customer's sentiment, or why there is none.</summary>
/// <param name="Customers">By customer id; empty when <see cref="Skipped"/> says why.</param>
/// <param name="Skipped">Null when the reviews were classified; else one line for the user (no reviews, or the models are missing and how to make them).</param>
public sealed record CustomerSentimentResult(IReadOnlyDictionary<string, CustomerSentimentRow> Customers, string? Skipped)
{
    /// <summary>The sentiment of a group of customers' reviews (a segment), or null when none of them wrote one.</summary>
    public SentimentFacts? For(IEnumerable<string> customerIds)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        int reviews = 0, positive = 0, negative = 0;
        foreach (var id in customerIds)
        {
            if (Customers.TryGetValue(id, out var row))
            {
                reviews += row.Reviews;
                positive += row.Positive;
                negative += row.Negative;
            }
        }
        return reviews == 0 ? null : new SentimentFacts(reviews, (double)positive / reviews, (double)negative / reviews);
    }
}

/// <summary>
/// Per-customer sentiment from the reviews in the store (<c>ingest reviews</c>) written before the as-of date: each review
/// classified in its language, then counted per customer. A text feature like the others: without reviews or without
/// the models the pipeline goes on, and the result says why it was skipped.
/// </summary>
public static class CustomerSentiment
{
    public const string FileName = "customer-sentiment.csv";

    /// <param name="modelDirectory">The sentiment models' folder, or null for the model cache's.</param>
    public static CustomerSentimentResult Compute(string storePath, DateOnly asOf, string? modelDirectory = null, ITextEmbedder? embedder = null)
    {
        IReadOnlyDictionary<string, IReadOnlyList<CustomerReview>> reviews;
        using (var store = ClienteleStore.OpenExisting(storePath))
        {
            reviews = CustomerTextQuery.Reviews(store, asOf);
        }
        var texts = reviews.SelectMany(r => r.Value).Where(r => !string.IsNullOrWhiteSpace(r.Text)).Select(r => r.Text!).ToList();
        if (texts.Count == 0)
        {
            return new CustomerSentimentResult(new Dictionary<string, CustomerSentimentRow>(), "no review texts in the store before the as-of date (clientele ingest reviews FILE adds them)");
        }

        SentimentAnalyzer analyzer;
        try
        {
            analyzer = SentimentAnalyzer.Load(embedder, modelDirectory);
        }
        catch (Exception e) when (e is ClienteleException or TextModelUnavailableException)
        {
            return new CustomerSentimentResult(new Dictionary<string, CustomerSentimentRow>(), $"review sentiment skipped: {e.Message}");
        }

        var results = analyzer.Analyze(texts);
        var rows = new Dictionary<string, CustomerSentimentRow>(StringComparer.Ordinal);
        var next = 0;
        foreach (var (customer, list) in reviews)
        {
            int positive = 0, neutral = 0, negative = 0;
            var total = 0.0;
            foreach (var review in list)
            {
                if (string.IsNullOrWhiteSpace(review.Text))
                {
                    continue;
                }
                var result = results[next++];
                total += result.Score;
                switch (result.Label)
                {
                    case SentimentLabel.Positive: positive++; break;
                    case SentimentLabel.Negative: negative++; break;
                    default: neutral++; break;
                }
            }
            var count = positive + neutral + negative;
            if (count > 0)
            {
                rows[customer] = new CustomerSentimentRow(customer, count, positive, neutral, negative, total / count);
            }
        }
        return new CustomerSentimentResult(rows, null);
    }

    /// <summary>Writes <c>customer_id, reviews, positive, neutral, negative, mean_score</c>, one row per reviewing customer, by id.</summary>
    public static string Write(CustomerSentimentResult result, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(outputDirectory);
        var path = Path.GetFullPath(Path.Combine(outputDirectory, FileName));
        using var writer = new StreamWriter(path);
        writer.WriteLine(CsvText.Line("customer_id", "reviews", "positive", "neutral", "negative", "mean_score"));
        foreach (var row in result.Customers.Values.OrderBy(r => r.CustomerId, StringComparer.Ordinal))
        {
            writer.WriteLine(CsvText.Line(
                row.CustomerId, Count(row.Reviews), Count(row.Positive), Count(row.Neutral), Count(row.Negative),
                row.MeanScore.ToString("0.####", CultureInfo.InvariantCulture)));
        }
        return path;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
