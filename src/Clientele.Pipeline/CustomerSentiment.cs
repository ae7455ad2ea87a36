using System.Globalization;
using Clientele.Core;
using Clientele.Data.Ingest;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language;
using Clientele.Language.Briefs;
using Clientele.Language.Sentiment;

namespace Clientele.Pipeline;

/// <summary>What one customer's reviews say: by the sentiment models where one reads the review's language, and by the stars.</summary>
/// <param name="Reviews">Review texts a sentiment model judged (texts in a language no model reads are not counted).</param>
/// <param name="MeanScore">The mean of the judged reviews' scores, −1 (negative) … 1 (positive); 0 when none was judged.</param>
/// <param name="Rated">Reviews with a star rating (every stored review has one), with or without text.</param>
/// <param name="MeanRating">The mean star rating (1–5) of the rated reviews; 0 when none.</param>
/// <param name="LowRatings">Reviews rated 1 or 2 stars.</param>
/// <param name="Texts">Reviews with a text, judged or not (at least <paramref name="Reviews"/>).</param>
public sealed record CustomerSentimentRow(string CustomerId, int Reviews, int Positive, int Neutral, int Negative, double MeanScore, int Rated = 0, double MeanRating = 0, int LowRatings = 0, int Texts = 0);

/// <summary>Every reviewing customer's sentiment and ratings, or why there is none.</summary>
/// <param name="Customers">By customer id; empty when there are no reviews.</param>
/// <param name="Skipped">Null when every review text was judged by a model; else one line for the user (no reviews, or which languages no model reads and how to train one).</param>
public sealed record CustomerSentimentResult(IReadOnlyDictionary<string, CustomerSentimentRow> Customers, string? Skipped)
{
    /// <summary>
    /// The sentiment of a group of customers' reviews (a segment), or null when a model judged none of them, or fewer
    /// than <see cref="MinimumJudgedShare"/> of their review texts (the rest being in languages no model reads: the
    /// few it did read would not speak for the segment, and its star ratings do).
    /// </summary>
    public SentimentFacts? For(IEnumerable<string> customerIds)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        int reviews = 0, texts = 0, positive = 0, negative = 0;
        foreach (var id in customerIds)
        {
            if (Customers.TryGetValue(id, out var row))
            {
                reviews += row.Reviews;
                texts += Math.Max(row.Texts, row.Reviews);
                positive += row.Positive;
                negative += row.Negative;
            }
        }
        return reviews == 0 || reviews < MinimumJudgedShare * texts ? null : new SentimentFacts(reviews, (double)positive / reviews, (double)negative / reviews);
    }

    /// <summary>The share of a segment's review texts a model must have judged for their sentiment to stand for the segment.</summary>
    public const double MinimumJudgedShare = 0.5;

    /// <summary>The star ratings of a group of customers' reviews (a segment), or null when none of them rated.</summary>
    public RatingFacts? RatingsFor(IEnumerable<string> customerIds)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        int rated = 0, low = 0;
        var sum = 0.0;
        foreach (var id in customerIds)
        {
            if (Customers.TryGetValue(id, out var row) && row.Rated > 0)
            {
                rated += row.Rated;
                low += row.LowRatings;
                sum += row.MeanRating * row.Rated;
            }
        }
        return rated == 0 ? null : new RatingFacts(rated, sum / rated, (double)low / rated);
    }
}

/// <summary>
/// Per-customer sentiment from the reviews in the store (<c>ingest reviews</c>) written before the as-of date: each
/// review text classified in its language by whatever model reads it (<see cref="SentimentAnalyzer.LoadAvailable"/>:
/// the shop's own model, the research models, VADER for English), and every review's stars counted, so that a segment
/// has its ratings even where no text model reads its reviews. A text feature like the others: without reviews the
/// pipeline goes on, and the result says why it was skipped.
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
        if (reviews.Count == 0)
        {
            return new CustomerSentimentResult(new Dictionary<string, CustomerSentimentRow>(), "no reviews in the store before the as-of date (clientele ingest reviews FILE adds them)");
        }
        var texts = reviews.SelectMany(r => r.Value).Where(r => !string.IsNullOrWhiteSpace(r.Text)).Select(r => r.Text!).ToList();

        IReadOnlyList<SentimentResult> results = [];
        string? skipped = texts.Count == 0 ? "no review texts in the store before the as-of date; the briefs use the star ratings" : null;
        if (texts.Count > 0)
        {
            SentimentAnalyzer analyzer;
            try
            {
                analyzer = SentimentAnalyzer.LoadAvailable(modelDirectory, embedder);
            }
            catch (ClienteleException e)
            {
                return new CustomerSentimentResult(new Dictionary<string, CustomerSentimentRow>(), $"review sentiment skipped: {e.Message}");
            }
            results = analyzer.Analyze(texts);
            var unjudged = results.Where(r => !r.Judged).GroupBy(r => r.Language).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (unjudged.Count > 0)
            {
                var counts = string.Join(", ", unjudged.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count():N0} in {g.Key}")));
                skipped = string.Create(CultureInfo.InvariantCulture,
                    $"review sentiment: {unjudged.Sum(g => g.Count()):N0} of {texts.Count:N0} review texts are in a language no sentiment model reads ({counts}), so the briefs use their star ratings; {SentimentAnalyzer.TrainFromStoreHint}");
            }
        }

        var rows = new Dictionary<string, CustomerSentimentRow>(StringComparer.Ordinal);
        var next = 0;
        foreach (var (customer, list) in reviews)
        {
            var withText = list.Count(r => !string.IsNullOrWhiteSpace(r.Text));
            rows[customer] = Summarise(customer, list, results.Skip(next).Take(withText).ToList());
            next += withText;
        }
        return new CustomerSentimentResult(rows, skipped);
    }

    /// <summary>
    /// One customer's row: the stars of every review, and the sentiment of the texts <paramref name="judgedTexts"/>
    /// gives: the results for the reviews with a text, in their order; fewer when only the most recent texts were
    /// analysed (the live profile's cap), aligned to the last ones.
    /// </summary>
    public static CustomerSentimentRow Summarise(string customerId, IReadOnlyList<CustomerReview> reviews, IReadOnlyList<SentimentResult> judgedTexts)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentNullException.ThrowIfNull(judgedTexts);
        int positive = 0, neutral = 0, negative = 0, low = 0, withText = 0;
        var total = 0.0;
        var stars = 0.0;
        var skipped = reviews.Count(r => !string.IsNullOrWhiteSpace(r.Text)) - judgedTexts.Count;
        if (skipped < 0)
        {
            throw new ArgumentException($"{judgedTexts.Count} results for {judgedTexts.Count + skipped} review texts.", nameof(judgedTexts));
        }
        foreach (var review in reviews)
        {
            stars += review.Rating;
            if (review.Rating <= 2)
            {
                low++;
            }
            if (string.IsNullOrWhiteSpace(review.Text))
            {
                continue;
            }
            withText++;
            if (withText <= skipped || judgedTexts[withText - 1 - skipped] is not { Judged: true } result)
            {
                continue;
            }
            total += result.Score;
            switch (result.Label)
            {
                case SentimentLabel.Positive: positive++; break;
                case SentimentLabel.Negative: negative++; break;
                default: neutral++; break;
            }
        }
        var count = positive + neutral + negative;
        return new CustomerSentimentRow(customerId, count, positive, neutral, negative, count > 0 ? total / count : 0, reviews.Count, reviews.Count > 0 ? stars / reviews.Count : 0, low, withText);
    }

    /// <summary>
    /// Writes <c>customer_id, reviews, positive, neutral, negative, mean_score, rated, mean_rating, low_ratings</c>, one row
    /// per reviewing customer, by id (<c>reviews</c> counts the texts a model judged; mean_score is empty when none was).
    /// </summary>
    public static string Write(CustomerSentimentResult result, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(outputDirectory);
        var path = Path.GetFullPath(Path.Combine(outputDirectory, FileName));
        using var writer = new StreamWriter(path);
        writer.WriteLine(CsvText.Line("customer_id", "reviews", "positive", "neutral", "negative", "mean_score", "rated", "mean_rating", "low_ratings"));
        foreach (var row in result.Customers.Values.OrderBy(r => r.CustomerId, StringComparer.Ordinal))
        {
            writer.WriteLine(CsvText.Line(
                row.CustomerId, Count(row.Reviews), Count(row.Positive), Count(row.Neutral), Count(row.Negative),
                row.Reviews > 0 ? row.MeanScore.ToString("0.####", CultureInfo.InvariantCulture) : "",
                Count(row.Rated), row.Rated > 0 ? row.MeanRating.ToString("0.####", CultureInfo.InvariantCulture) : "", Count(row.LowRatings)));
        }
        return path;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
