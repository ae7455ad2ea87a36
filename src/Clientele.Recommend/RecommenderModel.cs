using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Recommend;

/// <summary>
/// The common part of every fitted recommender: id resolution, the rules for bad input (see <see cref="IRecommender"/>),
/// filtering of items already interacted with, top-k selection, parallel batches and the saved form (a <see cref="ModelFile"/>). A model only
/// scores: every item for a known user, for fresh interactions, and against one item.
/// </summary>
/// <remarks>
/// A model keeps the training matrix (<see cref="Interactions"/>), which it needs to filter what a user already has and
/// which its saved form carries, so a model read back recommends exactly as the one written.
/// </remarks>
public abstract class RecommenderModel : IRecommender, ISaveableModel<RecommenderModel>
{
    /// <summary>
    /// The version of the payload this build writes (it reads 1 and 2). Version 1: <c>method</c>, <c>interactions</c>
    /// (<c>userIds</c>, <c>itemIds</c>, <c>userItems</c> as CSR) and the method's <c>parameters</c> as documented on its
    /// model, every number in the JSON. Version 2: the same, but the CSR's three arrays, and ALS's factors, are binary
    /// parts of the model file (<see cref="BinaryParts"/>): a million customers' model is about 350 MB of raw numbers
    /// instead of a gigabyte of JSON text.
    /// </summary>
    public const int FormatVersion = 2;

    private protected RecommenderModel(InteractionMatrix interactions)
    {
        Interactions = interactions ?? throw new ArgumentNullException(nameof(interactions));
    }

    /// <inheritdoc/>
    public abstract string Method { get; }

    /// <summary>Gets the matrix the model was fitted on (raw weights, before any weighting the fitter applied).</summary>
    public InteractionMatrix Interactions { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> UserIds => Interactions.UserIds;

    /// <inheritdoc/>
    public IReadOnlyList<string> ItemIds => Interactions.ItemIds;

    private int Items => Interactions.Items;

    /// <inheritdoc/>
    public RecommendationResult Recommend(string userId, int k, bool filterAlreadyInteracted = true)
    {
        ArgumentNullException.ThrowIfNull(userId);
        CheckK(k);
        var workspace = new Workspace(Items, k);
        return RecommendOne(userId, k, filterAlreadyInteracted, workspace);
    }

    /// <inheritdoc/>
    public IReadOnlyList<RecommendationResult> Recommend(IReadOnlyList<string> userIds, int k, bool filterAlreadyInteracted = true)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        CheckK(k);
        for (var n = 0; n < userIds.Count; n++)
        {
            if (userIds[n] is null)
            {
                throw new ArgumentNullException(nameof(userIds), $"User id {n} is null.");
            }
        }
        var results = new RecommendationResult[userIds.Count];
        if (results.Length == 0)
        {
            return results;
        }
        // Blocks of users scored together (a model may score a block faster than its users one by one), with at most
        // a few megabytes of scores per thread, one thread per core.
        var block = Math.Clamp((1 << 20) / Math.Max(1, Items), 1, 64);
        Parallel.ForEach(
            Partitioner.Create(0, userIds.Count, block),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new BlockWorkspace(Items, k, block),
            (range, _, workspace) =>
            {
                RecommendBlock(userIds, range.Item1, range.Item2, k, filterAlreadyInteracted, workspace, results);
                return workspace;
            },
            _ => { });
        return results;
    }

    /// <inheritdoc/>
    public RecommendationResult SimilarItems(string itemId, int k)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        CheckK(k);
        if (!Interactions.TryGetItemIndex(itemId, out var item))
        {
            return RecommendationResult.Empty($"Item \"{itemId}\" is not in the catalogue of {Items} items the model was fitted on.");
        }
        var workspace = new Workspace(Items, k);
        var scores = workspace.Scores;
        ScoreSimilarItems(item, scores);
        scores[item] = float.NegativeInfinity;
        var result = Select(workspace, k, SimilarItemsNote);
        if (result.Items.Count < k && result.Reason is null)
        {
            result = result with { Reason = $"Only {CountOfItems(result.Items.Count)} {(result.Items.Count == 1 ? "is" : "are")} similar to \"{itemId}\" under {Method}{SimilarItemsLimit}." };
        }
        return result;
    }

    /// <summary>
    /// Gets whether the model's item similarity is a likeness between items, so that a customer's purchases most like a
    /// recommended item explain it (<see cref="SimilarityTo"/>). False for popularity, whose "similar items" are the
    /// most popular ones whatever the item: there the same purchases would explain every recommendation.
    /// </summary>
    public virtual bool ExplainsByPurchases => true;

    /// <summary>
    /// How similar each of <paramref name="others"/> is to <paramref name="itemId"/> under the model (as <see cref="SimilarItems"/>
    /// scores them), best first, leaving out items the model does not know or cannot compare: what explains a
    /// recommendation by the purchases behind it.
    /// </summary>
    public IReadOnlyList<ScoredItem> SimilarityTo(string itemId, IEnumerable<string> others)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        ArgumentNullException.ThrowIfNull(others);
        if (!Interactions.TryGetItemIndex(itemId, out var item))
        {
            return [];
        }
        var known = others.Distinct(StringComparer.Ordinal)
            .Select(o => (Id: o, Index: o != itemId && Interactions.TryGetItemIndex(o, out var other) ? other : -1))
            .Where(o => o.Index >= 0)
            .ToArray();
        var scores = new float[known.Length];
        ScoreSimilarities(item, [.. known.Select(o => o.Index)], scores);
        return known.Select((o, n) => new ScoredItem(o.Id, scores[n]))
            .Where(s => float.IsFinite(s.Score))
            .OrderByDescending(s => s.Score).ThenBy(s => s.ItemId, StringComparer.Ordinal)
            .ToArray();
    }

    /// <inheritdoc/>
    public RecommendationResult RecommendForNewInteractions(IReadOnlyList<(string ItemId, float Weight)> interactions, int k, bool filterAlreadyInteracted = true)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        CheckK(k);
        var (items, weights, unknown) = Resolve(interactions);
        string? note = null;
        if (unknown.Count > 0)
        {
            note = $"{unknown.Count} of the {interactions.Count} interactions "
                + (unknown.Count == 1 ? "is with an item not in the catalogue and was skipped: " : "are with items not in the catalogue and were skipped: ")
                + string.Join(", ", unknown.Take(5).Select(id => $"\"{id}\"")) + (unknown.Count > 5 ? ", …" : "") + ".";
        }
        if (items.Length == 0)
        {
            var why = interactions.Count == 0
                ? "No interactions were given."
                : "None of the interactions is with an item in the catalogue. " + note;
            return RecommendWithoutHistory(k, why);
        }
        var workspace = new Workspace(Items, k);
        var scores = workspace.Scores;
        ReadOnlySpan<int> excluded = filterAlreadyInteracted ? items : [];
        ScoreNewUser(items, weights, scores, excluded);
        foreach (var item in excluded)
        {
            scores[item] = float.NegativeInfinity;
        }
        var result = Select(workspace, k, note);
        return ShortReason(result, k, excluded.Length);
    }

    /// <summary>Gets the <see cref="ModelFile.Kind"/> of every saved recommender.</summary>
    public static string ModelKind => "recommender";

    /// <summary>
    /// The model as a <see cref="ModelFile"/> whose payload holds <c>method</c>, <c>interactions</c> (user and item ids
    /// and the training matrix in CSR form) and the method's <c>parameters</c>. Floats are written in their shortest
    /// round-trip form, so a model read back gives identical recommendations.
    /// </summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        Save(stream);
        return stream.ToArray();
    }

    /// <summary>Writes the model (as <see cref="Save()"/> gives it) to <paramref name="destination"/>; the factors and the matrix are written from the model's own arrays, a slice at a time.</summary>
    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        // Sized for the usual text of the ids and the parameters, so a million customers' payload is not copied through
        // every doubling of the buffer.
        var estimate = (16L * (Interactions.Users + Interactions.Items)) + 4096;
        var payload = new ArrayBufferWriter<byte>((int)Math.Min(estimate, Array.MaxLength));
        var parts = new BinaryParts();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("method", Method);
            writer.WriteStartObject("interactions");
            JsonParts.WriteArray(writer, "userIds", Interactions.UserIdArray);
            JsonParts.WriteArray(writer, "itemIds", Interactions.ItemIdArray);
            var m = Interactions.UserItems;
            writer.WriteStartObject("userItems");
            writer.WriteNumber("rows", m.Rows);
            writer.WriteNumber("columns", m.Columns);
            parts.Write(writer, "rowPointers", m.RowPointerArray);
            parts.Write(writer, "columnIndices", m.ColumnIndexArray);
            parts.Write(writer, "values", m.ValueArray);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("parameters");
            WriteParameters(writer, parts);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        ModelFile.Write(destination, ModelKind, FormatVersion, payload.WrittenSpan, parts.Parts);
    }

    /// <summary>
    /// Reads a recommender written by <see cref="Save()"/> back as the concrete model it was (<see cref="AlsModel"/>,
    /// <see cref="BprModel"/>, <see cref="ItemKnnModel"/>, <see cref="PopularityModel"/>,
    /// <see cref="SegmentPopularityModel"/>, <see cref="ContentModel"/>, <see cref="HybridModel"/>).
    /// </summary>
    /// <exception cref="ClienteleException">
    /// The bytes are not a saved recommender of a version this build reads, name an unknown method, or are
    /// inconsistent (for example factors of the wrong length); the message says which.
    /// </exception>
    public static RecommenderModel Load(ReadOnlySpan<byte> bytes)
        => ModelFile.Read(bytes, ModelKind, FormatVersion).ReadPayload(RecommenderJson.Read);

    /// <summary>Reads a recommender written by <see cref="Save(Stream)"/> from the rest of <paramref name="source"/>, as <see cref="Load(ReadOnlySpan{byte})"/>; the binary parts are read in pieces, so a model larger than one array reads back.</summary>
    public static RecommenderModel Load(Stream source)
        => ModelFile.Read(source, ModelKind, FormatVersion).ReadPayload(RecommenderJson.Read);

    /// <summary>Scores every item for the known user <paramref name="user"/>; −∞ marks an item the model cannot score.</summary>
    /// <param name="user">The user's row.</param>
    /// <param name="scores">One score per item (to be filled).</param>
    /// <param name="excluded">The items that will be filtered out (a blend normalises over the others); may be empty.</param>
    internal abstract void ScoreUser(int user, Span<float> scores, ReadOnlySpan<int> excluded);

    /// <summary>
    /// Scores every item for each of the known users <paramref name="users"/> (rows), one row of <see cref="Items"/>
    /// scores after another in <paramref name="scores"/>: by default one <see cref="ScoreUser"/> each. A model that scores
    /// many users faster together overrides it with the same scores as <see cref="ScoreUser"/> gives.
    /// </summary>
    /// <param name="users">The users' rows.</param>
    /// <param name="scores">users.Length × items scores (to be filled).</param>
    /// <param name="filter">Whether the items each user interacted with will be filtered out (the excluded items of <see cref="ScoreUser"/>).</param>
    internal virtual void ScoreUsers(ReadOnlySpan<int> users, Span<float> scores, bool filter)
    {
        for (var n = 0; n < users.Length; n++)
        {
            ScoreUser(users[n], scores.Slice(n * Items, Items), filter ? Interactions.UserItems.RowIndices(users[n]) : []);
        }
    }

    /// <summary>Scores every item for a user given by item indices (increasing, distinct) and raw weights.</summary>
    internal abstract void ScoreNewUser(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> scores, ReadOnlySpan<int> excluded);

    /// <summary>The similarity of every item to <paramref name="item"/>; −∞ for items without one.</summary>
    internal abstract void ScoreSimilarItems(int item, Span<float> scores);

    /// <summary>
    /// The model without the user <paramref name="userId"/> (an erased customer): the user's row of the interactions and
    /// every parameter of that user (factors, segment) gone, the rest as fitted; null when the model does not know the user.
    /// Aggregates over items (popularity, item similarities) keep what they learned.
    /// </summary>
    public RecommenderModel? WithoutUser(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return Interactions.TryGetUserIndex(userId, out var row) ? WithoutUserRow(row, Interactions.WithoutUser(row)) : null;
    }

    /// <summary>This model with the user's row <paramref name="row"/> removed, on <paramref name="interactions"/> (the matrix without it).</summary>
    internal abstract RecommenderModel WithoutUserRow(int row, InteractionMatrix interactions);

    /// <summary>A row-major matrix of <paramref name="width"/> values a row without row <paramref name="row"/>.</summary>
    internal static float[] WithoutRow(float[] values, int row, int width) =>
        [.. values.AsSpan(0, row * width), .. values.AsSpan((row + 1) * width)];

    /// <summary>
    /// The similarity of each of <paramref name="others"/> to <paramref name="item"/>, as <see cref="ScoreSimilarItems"/>
    /// gives it: by default from every item's score; a model that can score a few items alone does so.
    /// </summary>
    internal virtual void ScoreSimilarities(int item, ReadOnlySpan<int> others, Span<float> scores)
    {
        var all = new float[Items];
        ScoreSimilarItems(item, all);
        for (var n = 0; n < others.Length; n++)
        {
            scores[n] = all[others[n]];
        }
    }

    /// <summary>Writes the method's parameters into the open <c>parameters</c> object, every number in the JSON (as inside a hybrid's components).</summary>
    internal abstract void WriteParameters(Utf8JsonWriter writer);

    /// <summary>Writes the method's parameters, its large arrays as binary <paramref name="parts"/> where the method has them (ALS's factors); by default all in the JSON.</summary>
    internal virtual void WriteParameters(Utf8JsonWriter writer, BinaryParts parts) => WriteParameters(writer);

    /// <summary>A note on every <see cref="SimilarItems"/> answer (for a model without item similarity, what it answers instead).</summary>
    private protected virtual string? SimilarItemsNote => null;

    /// <summary>A note added when <see cref="SimilarItems"/> returns fewer items than asked (for example the neighbour limit).</summary>
    private protected virtual string SimilarItemsLimit => "";

    /// <summary>
    /// The answer for a user the model was not fitted on. By default an empty list with the reason; segment
    /// popularity and the hybrid answer from the user's segment.
    /// </summary>
    private protected virtual RecommendationResult RecommendStranger(string userId, int k, Workspace workspace) =>
        RecommendationResult.Empty(
            $"User \"{userId}\" is not among the {Interactions.Users} users the model was fitted on (a cold start): "
            + "recommend from the user's interactions with RecommendForNewInteractions, or by segment popularity.");

    /// <summary>The answer to fresh interactions of which none is usable. By default an empty list; popularity answers anyway.</summary>
    private protected virtual RecommendationResult RecommendWithoutHistory(int k, string why) => RecommendationResult.Empty(why);

    private RecommendationResult RecommendOne(string userId, int k, bool filter, Workspace workspace)
    {
        if (!Interactions.TryGetUserIndex(userId, out var user))
        {
            return RecommendStranger(userId, k, workspace);
        }
        var scores = workspace.Scores;
        var excluded = filter ? Interactions.UserItems.RowIndices(user) : [];
        ScoreUser(user, scores, excluded);
        foreach (var item in excluded)
        {
            scores[item] = float.NegativeInfinity;
        }
        return ShortReason(Select(workspace, k, null), k, excluded.Length);
    }

    /// <summary>The users <paramref name="from"/> to <paramref name="to"/> of a batch: the known ones scored together, the others one by one.</summary>
    private void RecommendBlock(IReadOnlyList<string> userIds, int from, int to, int k, bool filter, BlockWorkspace workspace, RecommendationResult[] results)
    {
        var known = 0;
        for (var n = from; n < to; n++)
        {
            if (Interactions.TryGetUserIndex(userIds[n], out var user))
            {
                workspace.Users[known] = user;
                workspace.Positions[known++] = n;
            }
            else
            {
                results[n] = RecommendStranger(userIds[n], k, workspace.Single);
            }
        }
        if (known == 0)
        {
            return;
        }
        ScoreUsers(workspace.Users.AsSpan(0, known), workspace.Scores.AsSpan(0, known * Items), filter);
        for (var n = 0; n < known; n++)
        {
            var user = workspace.Users[n];
            var scores = workspace.Scores.AsSpan(n * Items, Items);
            var excluded = filter ? Interactions.UserItems.RowIndices(user) : [];
            foreach (var item in excluded)
            {
                scores[item] = float.NegativeInfinity;
            }
            results[workspace.Positions[n]] = ShortReason(Select(scores, workspace.Single, k, null), k, excluded.Length);
        }
    }

    private protected RecommendationResult ShortReason(RecommendationResult result, int k, int excluded)
    {
        if (result.Items.Count >= k || result.Reason is not null)
        {
            return result;
        }
        return result with
        {
            Reason = $"Only {CountOfItems(result.Items.Count)} could be recommended: the catalogue has {Items} items, "
                + $"{excluded} already interacted with, and {Method} scores only the items it has evidence for.",
        };
    }

    /// <summary>The top k of the workspace's scores as a result.</summary>
    private protected RecommendationResult Select(Workspace workspace, int k, string? reason) => Select(workspace.Scores, workspace, k, reason);

    /// <summary>The top k of <paramref name="scores"/> as a result, selected in the workspace's heap.</summary>
    private RecommendationResult Select(ReadOnlySpan<float> scores, Workspace workspace, int k, string? reason)
    {
        var take = Math.Min(k, Items);
        var count = TopK.Select(scores, take, workspace.Indices, workspace.Values);
        var list = new ScoredItem[count];
        for (var n = 0; n < count; n++)
        {
            list[n] = new ScoredItem(Interactions.ItemIdArray[workspace.Indices[n]], workspace.Values[n]);
        }
        return new RecommendationResult(list, reason);
    }

    private (int[] Items, float[] Weights, List<string> Unknown) Resolve(IReadOnlyList<(string ItemId, float Weight)> interactions)
    {
        var sums = new SortedDictionary<int, double>();
        var unknown = new List<string>();
        for (var n = 0; n < interactions.Count; n++)
        {
            var (itemId, weight) = interactions[n];
            if (itemId is null)
            {
                throw new ArgumentNullException(nameof(interactions), $"Interaction {n} has a null item id.");
            }
            if (!float.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentException(
                    $"Interaction {n} (item \"{itemId}\") has weight {weight}; weights must be finite and >= 0.", nameof(interactions));
            }
            if (Interactions.TryGetItemIndex(itemId, out var item))
            {
                sums[item] = sums.GetValueOrDefault(item) + weight;
            }
            else
            {
                unknown.Add(itemId);
            }
        }
        return (sums.Keys.ToArray(), sums.Values.Select(v => (float)v).ToArray(), unknown);
    }

    /// <summary>"1 item", "2 items".</summary>
    private static string CountOfItems(int count) => count == 1 ? "1 item" : $"{count} items";

    private protected static void CheckK(int k)
    {
        if (k <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k, the number of items to return, must be at least 1; got {k}.");
        }
    }

    /// <summary>Per-call (or per-thread in a batch) buffers: one score per item and the top-k heap.</summary>
    private protected sealed class Workspace(int items, int k)
    {
        public float[] Scores { get; } = new float[items];

        public int[] Indices { get; } = new int[Math.Min(k, items)];

        public float[] Values { get; } = new float[Math.Min(k, items)];
    }

    /// <summary>Per-thread buffers of a batch: a block of users' rows, their places in the batch and their scores.</summary>
    private sealed class BlockWorkspace(int items, int k, int block)
    {
        public Workspace Single { get; } = new(items, k);

        public int[] Users { get; } = new int[block];

        public int[] Positions { get; } = new int[block];

        public float[] Scores { get; } = new float[(long)block * items];
    }
}
