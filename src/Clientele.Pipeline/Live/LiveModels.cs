using Clientele.Data.Store;
using Clientele.Pipeline.State;
using Clientele.Recommend;
using Clientele.Segmentation;
using Clientele.Segmentation.Classification;

namespace Clientele.Pipeline.Live;

/// <summary>The RFM scales of a segmentation: its customers' recency, frequency and monetary values at its as-of.</summary>
public sealed record RfmScales(RfmScale Recency, RfmScale Frequency, RfmScale Monetary);

/// <summary>
/// The current model versions as the live service applies them to one customer: the segmentation's RFM scales (from
/// its own customers' rows, so a customer of the fit scores as the fit scored it) and its segment classifier, the value
/// models, and the recommender. Immutable: a refit or <c>models use</c> makes a new set (<see cref="LiveModelCache"/>),
/// and a request keeps the one it started with, so it never sees half of a swap.
/// </summary>
public sealed class LiveModels
{
    private LiveModels(
        IReadOnlyDictionary<string, long> versions, RfmScales? rfm, SegmentClassifier? classifier, LiveValueModels? value, RecommenderModel? recommender, string? noRecommender)
    {
        Versions = versions;
        Rfm = rfm;
        Classifier = classifier;
        Value = value;
        Recommender = recommender;
        NoRecommender = noRecommender;
    }

    /// <summary>Why a store whose purchases have product ids has no recommender.</summary>
    public const string NoRecommenderYet = "no recommender in the store yet: clientele recommend makes one";

    /// <summary>
    /// Gets why the store has no recommender, when it has none: none made yet, or none can be (no purchase line has a
    /// product id, as in CDNOW's layout). Counted when the models load, not on every read.
    /// </summary>
    public string? NoRecommender { get; }

    /// <summary>Gets the current version of each kind that has one (segmentation, value, recommender).</summary>
    public IReadOnlyDictionary<string, long> Versions { get; }

    /// <summary>Gets the current segmentation's RFM scales, or null when nothing was segmented.</summary>
    public RfmScales? Rfm { get; }

    /// <summary>Gets the current segmentation's cluster classifier, or null (RFM only, or no segmentation).</summary>
    public SegmentClassifier? Classifier { get; }

    /// <summary>Gets the current value models, or null when value was not run.</summary>
    public LiveValueModels? Value { get; }

    /// <summary>Gets the current recommender, or null when recommend was not run (or its model does not save).</summary>
    public RecommenderModel? Recommender { get; }

    /// <summary>The current versions' numbers, by kind: what tells whether a loaded set is still current.</summary>
    public static IReadOnlyDictionary<string, long> CurrentVersions(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var versions = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using var command = store.Command("SELECT kind, version FROM model_versions WHERE is_current");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }
        return versions;
    }

    /// <summary>Loads the models of <paramref name="versions"/> (the current ones, read with <see cref="CurrentVersions"/>).</summary>
    public static LiveModels Load(ClienteleStore store, IReadOnlyDictionary<string, long> versions)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(versions);
        RfmScales? rfm = null;
        SegmentClassifier? classifier = null;
        if (versions.TryGetValue(ModelKinds.Segmentation, out var segmentation))
        {
            rfm = Scales(store, segmentation);
            if (ModelRegistry.Artifact(store, segmentation, StoredSegmentation.ClassifierArtifact) is { } saved)
            {
                classifier = SegmentClassifier.Load(saved);
            }
        }
        var value = versions.TryGetValue(ModelKinds.Value, out var valued) ? StoredValue.LoadLive(store, ModelRegistry.Get(store, valued)) : null;
        RecommenderModel? recommender = null;
        if (versions.TryGetValue(ModelKinds.Recommender, out var recommended)
            && ModelRegistry.OpenArtifact(store, recommended, StoredRecommendations.RecommenderArtifact) is { } stream)
        {
            using (stream)
            {
                // A model that does not save (one outside Clientele) leaves an empty artifact: the stored lists serve then.
                recommender = stream.Length == 0 ? null : RecommenderModel.Load(stream);
            }
        }
        return new LiveModels(versions, rfm, classifier, value, recommender, versions.ContainsKey(ModelKinds.Recommender) ? null : WhyNoRecommender(store));
    }

    private static string WhyNoRecommender(ClienteleStore store)
    {
        var (lines, withProduct) = Features.CustomerInputs.CountPurchaseLines(store);
        return lines > 0 && withProduct == 0
            ? $"no recommender, and none can be made: none of the store's {lines:N0} purchase lines has a product id (a layout such as CDNOW records none), and clientele recommend needs them"
            : NoRecommenderYet;
    }

    private static RfmScales? Scales(ClienteleStore store, long version)
    {
        var recency = new List<double>();
        var frequency = new List<double>();
        var monetary = new List<double>();
        using (var command = store.Command("SELECT recency_days, frequency, monetary FROM segment_results WHERE version = $version", ("version", version)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                recency.Add(reader.GetInt32(0));
                frequency.Add(reader.GetInt32(1));
                monetary.Add((double)reader.GetDecimal(2));
            }
        }
        return recency.Count == 0 ? null : new RfmScales(
            RfmScale.Of(recency.ToArray(), higherIsBetter: false),
            RfmScale.Of(frequency.ToArray(), higherIsBetter: true),
            RfmScale.Of(monetary.ToArray(), higherIsBetter: true));
    }
}

/// <summary>
/// The live service's current models, reloaded when the registry's current versions change (a refit, <c>models use</c>):
/// the registry's current versions are asked at most once per <see cref="CheckEvery"/> (one small query, which was a
/// quarter of a profile read's round trips when asked on every request), and a change loads the new set, which
/// replaces the old one whole. A version made in this process is current at once (<see cref="Invalidate"/>); one made
/// by another process within <see cref="CheckEvery"/>. Safe for several readers at once; one of them loads a new set
/// while the others keep the set they have.
/// On a cluster, the model registry moves every silo's cache together instead (<see cref="Prepare"/>, then
/// <see cref="Commit"/>): once a set was committed, the cache no longer asks the registry tables itself, so that no
/// silo switches on its own a second before or after the others.
/// </summary>
public sealed class LiveModelCache(TimeProvider time)
{
    /// <summary>How often the registry is asked whether the current versions changed.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private readonly Lock _loading = new();
    private LiveModels? _models;
    private long _checkedAt;
    private long _generation;
    private (long Generation, LiveModels Models)? _prepared;

    /// <summary>
    /// Gets the generation of the set last committed (<see cref="Commit"/>), or 0 while no registry moves this
    /// process's models (one process, or a silo that has not heard from the registry yet).
    /// </summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Drops the loaded set, so the next request loads the models again (after a refit, or an erasure rewrote one).</summary>
    public void Invalidate() => Volatile.Write(ref _models, null);

    /// <summary>
    /// Loads the models of <paramref name="versions"/> beside the current set, to be switched to by
    /// <see cref="Commit"/> of the same <paramref name="generation"/>; a generation older than the committed one is dropped.
    /// </summary>
    public void Prepare(ClienteleStore store, IReadOnlyDictionary<string, long> versions, long generation)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(versions);
        // Sorted as CurrentVersions sorts them: a profile names its versions in that order.
        var models = LiveModels.Load(store, new SortedDictionary<string, long>(versions.ToDictionary(), StringComparer.Ordinal));
        lock (_loading)
        {
            if (generation > _generation)
            {
                _prepared = (generation, models);
            }
        }
    }

    /// <summary>
    /// Switches to the set prepared for <paramref name="generation"/>. When it was not prepared (its loading failed or is
    /// late), the current set is dropped all the same, so that nothing answers from it: the next read loads the store's
    /// current set itself. Answers whether the prepared set was switched to; a generation not newer than the committed
    /// one changes nothing.
    /// </summary>
    public bool Commit(long generation)
    {
        lock (_loading)
        {
            if (generation <= _generation)
            {
                return false;
            }
            var prepared = _prepared is { } p && p.Generation == generation ? p.Models : null;
            _prepared = null;
            Volatile.Write(ref _models, prepared);
            Volatile.Write(ref _generation, generation);
            return prepared is not null;
        }
    }

    /// <summary>
    /// The current models: in one process, loaded when the registry's current versions differ from the loaded set's; on
    /// a cluster, the set last committed (or, when it was dropped, the store's current set, held until the next commit).
    /// </summary>
    public LiveModels Current(ClienteleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var models = Volatile.Read(ref _models);
        var now = time.GetTimestamp();
        if (models is not null && (Generation > 0 || time.GetElapsedTime(Volatile.Read(ref _checkedAt), now) < CheckEvery))
        {
            return models;
        }
        var versions = LiveModels.CurrentVersions(store);
        if (models is not null && versions.SequenceEqual(models.Versions))
        {
            Volatile.Write(ref _checkedAt, now);
            return models;
        }
        lock (_loading)
        {
            models = Volatile.Read(ref _models);
            if (models is null || (Generation == 0 && !versions.SequenceEqual(models.Versions)))
            {
                models = LiveModels.Load(store, versions);
                Volatile.Write(ref _models, models);
            }
            Volatile.Write(ref _checkedAt, now);
            return models;
        }
    }
}
