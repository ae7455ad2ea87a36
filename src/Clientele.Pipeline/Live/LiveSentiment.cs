using Clientele.Core;
using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language.Sentiment;

namespace Clientele.Pipeline.Live;

/// <summary>What a customer's reviews say, at the moment of the request (a review event counts on the next read).</summary>
/// <param name="Reviews">Reviews, each with a star rating.</param>
/// <param name="MeanRating">Their mean rating, 1 to 5.</param>
/// <param name="LowRatings">Reviews rated 1 or 2 stars.</param>
/// <param name="Texts">Reviews with a text.</param>
/// <param name="Judged">Texts a sentiment model read (a text in a language no model reads is not judged).</param>
/// <param name="MeanScore">The judged texts' mean score, −1 (negative) to 1 (positive); null when none was judged.</param>
public sealed record LiveSentiment(int Reviews, double MeanRating, int LowRatings, int Texts, int Judged, int Positive, int Neutral, int Negative, double? MeanScore);

/// <summary>
/// A customer's review sentiment, live: the stars of every review and the sentiment of the most recent texts, read by
/// the models the batch's review sentiment uses (<see cref="SentimentAnalyzer.LoadAvailable"/>: the shop's own, the
/// research models, VADER for English), summed as the batch sums them (<see cref="CustomerSentiment.Summarise"/>).
/// </summary>
public static class LiveSentiments
{
    /// <summary>How many of a customer's most recent review texts one read analyses (a sentiment model costs up to milliseconds a text).</summary>
    public const int AnalysedTexts = 50;

    /// <summary>
    /// The review sentiment models (<see cref="SentimentAnalyzer.LoadAvailable"/>), loaded once per process on the first
    /// profile with a review text: a shop without reviews never loads them. They are the model folder's files, not a
    /// registry version, so a new model version or an erasure does not load them again.
    /// </summary>
    private static readonly Lazy<SentimentAnalyzer> Analyzer = new(() => SentimentAnalyzer.LoadAvailable(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The customer's review sentiment before <paramref name="asOf"/>, or null without a review.</summary>
    public static LiveSentiment? Read(ClienteleStore store, string customerId, DateOnly asOf, List<string> why)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(why);
        if (!CustomerTextQuery.Reviews(store, asOf, customerId).TryGetValue(customerId, out var reviews))
        {
            why.Add("no reviews, so no sentiment");
            return null;
        }
        var texts = reviews.Where(r => !string.IsNullOrWhiteSpace(r.Text)).Select(r => r.Text!).ToList();
        var analysed = texts.Skip(Math.Max(0, texts.Count - AnalysedTexts)).ToList();
        IReadOnlyList<SentimentResult> results = [];
        if (analysed.Count > 0)
        {
            try
            {
                var models = Analyzer.Value;
                lock (models)
                {
                    results = models.Analyze(analysed);
                }
            }
            catch (ClienteleException e)
            {
                // A sentiment model file that is there but damaged: the stars still count.
                why.Add($"review texts not read: {e.Message}");
                analysed = [];
            }
        }
        var row = CustomerSentiment.Summarise(customerId, reviews, results);
        why.Add($"{row.Rated} reviews, mean rating {row.MeanRating:0.##} of 5, {row.LowRatings} rated 1 or 2 stars");
        // Texts the models could not be loaded for were said above; the rest say what the models read.
        if (row.Texts > 0 && analysed.Count > 0)
        {
            var read = analysed.Count < texts.Count ? $"the {analysed.Count} most recent of {texts.Count} review texts" : $"{texts.Count} review texts";
            why.Add(row.Reviews == 0
                ? $"{read}: none in a language a sentiment model reads ({string.Join(", ", results.Select(r => r.Language).Distinct(StringComparer.Ordinal))})"
                : $"{read}: {row.Positive} positive, {row.Neutral} neutral, {row.Negative} negative by {string.Join(", ", results.Where(r => r.Judged).Select(r => r.Model).Distinct(StringComparer.Ordinal))}"
                    + (row.Reviews < analysed.Count ? $"; {analysed.Count - row.Reviews} in a language no model reads" : ""));
        }
        return new LiveSentiment(row.Rated, row.MeanRating, row.LowRatings, row.Texts, row.Reviews, row.Positive, row.Neutral, row.Negative, row.Reviews > 0 ? row.MeanScore : null);
    }
}
