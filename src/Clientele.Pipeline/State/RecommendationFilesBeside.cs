using Clientele.Data.Store;

namespace Clientele.Pipeline.State;

/// <summary>
/// recommendations.csv and similar-products.csv of a recommend run, written on the thread pool while the same rows are
/// saved (<see cref="StoredRecommendations.Save"/>). At a million customers the store's appender takes one core for
/// ten million rows (5.9 s), and the files' formatting (<see cref="StoreExports.WriteRecommendations"/>) fills the
/// other instead of following it.
/// <para>
/// The files are written beside their final names and take them, stamped with the version, only once the save has
/// committed (<see cref="Finish"/>). Disposed without that (the save failed), it waits for the writing and removes
/// them, so the folder keeps the files of the version before, as a failed save always left it.
/// </para>
/// </summary>
internal sealed class RecommendationFilesBeside : IDisposable
{
    private const string Partial = ".partial";

    private readonly string _recommendations;
    private readonly string _similar;
    private readonly Task _writing;
    private bool _finished;

    private RecommendationFilesBeside(string recommendations, string similar, Task writing)
    {
        _recommendations = recommendations;
        _similar = similar;
        _writing = writing;
    }

    /// <summary>
    /// Starts writing the files of <paramref name="rows"/> and <paramref name="similar"/> into <paramref name="directory"/>,
    /// with the products' display names as already read (<see cref="ProductNames.Load"/>): the writing asks the store
    /// nothing, whose connection is the save's.
    /// </summary>
    public static RecommendationFilesBeside Start(
        string directory, string algorithm, IReadOnlyList<RecommendationRow> rows, IReadOnlyList<SimilarProductRow> similar, IReadOnlyDictionary<string, string> names)
    {
        Directory.CreateDirectory(directory);
        var recommendations = Path.GetFullPath(Path.Combine(directory, RecommendJob.RecommendationsFileName));
        var similarFile = Path.GetFullPath(Path.Combine(directory, RecommendJob.SimilarProductsFileName));
        var writing = Task.Run(() => StoreExports.WriteRecommendations(recommendations + Partial, similarFile + Partial, rows, similar, names, algorithm));
        return new RecommendationFilesBeside(recommendations, similarFile, writing);
    }

    /// <summary>Waits for the files, gives them their names and stamps them as made from <paramref name="version"/>, now committed.</summary>
    public IReadOnlyList<string> Finish(ClienteleStore store, long version)
    {
        ArgumentNullException.ThrowIfNull(store);
        _writing.GetAwaiter().GetResult();
        File.Move(_recommendations + Partial, _recommendations, overwrite: true);
        File.Move(_similar + Partial, _similar, overwrite: true);
        _finished = true;
        var source = StoreExports.RecommendationsSource(store, version);
        ExportStamps.Record(_recommendations, source);
        ExportStamps.Record(_similar, source);
        return [_recommendations, _similar];
    }

    public void Dispose()
    {
        if (_finished)
        {
            return;
        }
        // The save failed: its error is the one to tell, and no file of the unsaved rows is left behind.
        try
        {
            _writing.Wait();
        }
        catch (AggregateException)
        {
        }
        File.Delete(_recommendations + Partial);
        File.Delete(_similar + Partial);
    }
}
