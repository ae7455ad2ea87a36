using Clientele.Data.Store;
using Clientele.Features;
using Clientele.Language.Sentiment;

namespace Clientele.Pipeline;

/// <summary>What <c>models train-sentiment --from-store</c> trained and where it put it.</summary>
/// <param name="Middle">Reviews rated between 2 and 4 stars (3), left out of training.</param>
public sealed record ShopSentimentResult(ShopSentimentModel Model, string File, int Middle);

/// <summary>
/// Trains a sentiment model from the shop's own star-rated reviews in the store (every review, whatever its date) and
/// writes it into the model cache's sentiment folder for the language most of them are in, where
/// <c>text sentiment</c>, <c>brief</c> and <c>report</c> find it.
/// </summary>
public static class ShopSentimentJob
{
    public static ShopSentimentResult Run(string storePath, string modelDirectory, SentimentTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storePath);
        ArgumentNullException.ThrowIfNull(modelDirectory);
        var store = Path.GetFullPath(storePath);
        IReadOnlyDictionary<string, IReadOnlyList<CustomerReview>> reviews;
        using (var opened = ClienteleStore.OpenExisting(store))
        {
            reviews = CustomerTextQuery.Reviews(opened);
        }
        var corpus = SentimentCorpus.FromRatings(
            Path.GetFileName(store) + " reviews", reviews.Values.SelectMany(r => r).Select(r => (r.Text, r.Rating)), out var middle);
        var model = SentimentTraining.TrainShop(corpus, store, middle, options);
        var file = SentimentModelFiles.WriteShop(modelDirectory, model);
        return new ShopSentimentResult(model, file, middle);
    }
}
