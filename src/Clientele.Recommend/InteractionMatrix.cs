namespace Clientele.Recommend;

/// <summary>
/// The users × items confidence matrix every recommender is fitted on: a CSR <see cref="SparseMatrix"/> of float
/// weights (<see cref="UserItems"/>), its transpose (<see cref="ItemUsers"/>, the item-user or CSC form), and the maps
/// between user and item ids (strings) and their row and column indices. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// The items of the matrix are the catalogue: a recommender fitted on it recommends only these items, and answers
/// "not in the catalogue" for any other id. Items without any interaction can be added to the catalogue when the
/// matrix is built; they are never recommended by popularity, but content similarity can find them.
/// </para>
/// <para>
/// Interactions of the same (user, item) are summed. A pair whose sum is zero or negative (for example a purchase
/// fully returned) is dropped and counted in <see cref="DroppedPairs"/>, so that counts reconcile.
/// </para>
/// </remarks>
public sealed class InteractionMatrix
{
    private readonly string[] _userIds;
    private readonly string[] _itemIds;
    private readonly Dictionary<string, int> _userIndex;
    private readonly Dictionary<string, int> _itemIndex;
    private readonly Lazy<SparseMatrix> _itemUsers;

    private InteractionMatrix(string[] userIds, string[] itemIds, Dictionary<string, int> userIndex, Dictionary<string, int> itemIndex, SparseMatrix userItems, int droppedPairs)
    {
        _userIds = userIds;
        _itemIds = itemIds;
        _userIndex = userIndex;
        _itemIndex = itemIndex;
        UserItems = userItems;
        DroppedPairs = droppedPairs;
        UserIds = Array.AsReadOnly(userIds);
        ItemIds = Array.AsReadOnly(itemIds);
        _itemUsers = new Lazy<SparseMatrix>(userItems.Transpose, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets the user id of every row, in row order.</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>Gets the item id of every column, in column order (the catalogue).</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Gets the number of users (rows).</summary>
    public int Users => _userIds.Length;

    /// <summary>Gets the number of items (columns).</summary>
    public int Items => _itemIds.Length;

    /// <summary>Gets the number of stored (user, item) pairs.</summary>
    public int NonZeros => UserItems.NonZeros;

    /// <summary>Gets the users × items weights in CSR form.</summary>
    public SparseMatrix UserItems { get; }

    /// <summary>Gets the items × users weights (the transpose, computed once on first use).</summary>
    public SparseMatrix ItemUsers => _itemUsers.Value;

    /// <summary>Gets the number of (user, item) pairs dropped because their summed weight was zero or negative.</summary>
    public int DroppedPairs { get; }

    internal string[] UserIdArray => _userIds;

    internal string[] ItemIdArray => _itemIds;

    /// <summary>The row of <paramref name="userId"/>, or false when the user has no row.</summary>
    public bool TryGetUserIndex(string userId, out int index)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return _userIndex.TryGetValue(userId, out index);
    }

    /// <summary>The column of <paramref name="itemId"/>, or false when the item is not in the catalogue.</summary>
    public bool TryGetItemIndex(string itemId, out int index)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        return _itemIndex.TryGetValue(itemId, out index);
    }

    /// <summary>
    /// Builds the matrix from interactions with string ids. Users and items are numbered in ordinal order of their ids,
    /// so the matrix does not depend on the order of the interactions.
    /// </summary>
    /// <param name="interactions">The interactions; weights of the same (user, item) are summed.</param>
    /// <param name="catalogue">
    /// Optional item ids to include even without interactions (the full product catalogue); duplicates are ignored.
    /// </param>
    /// <exception cref="ArgumentException">An id is null or empty, or a weight is NaN or infinite (the message says which interaction).</exception>
    public static InteractionMatrix FromInteractions(IEnumerable<Interaction> interactions, IEnumerable<string>? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var list = interactions as IReadOnlyList<Interaction> ?? interactions.ToList();
        var users = new HashSet<string>(StringComparer.Ordinal);
        var items = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < list.Count; n++)
        {
            var interaction = list[n];
            if (string.IsNullOrEmpty(interaction.UserId) || string.IsNullOrEmpty(interaction.ItemId))
            {
                throw new ArgumentException($"Interaction {n} has an empty user or item id.", nameof(interactions));
            }
            users.Add(interaction.UserId);
            items.Add(interaction.ItemId);
        }
        if (catalogue is not null)
        {
            foreach (var item in catalogue)
            {
                if (string.IsNullOrEmpty(item))
                {
                    throw new ArgumentException("The catalogue has an empty item id.", nameof(catalogue));
                }
                items.Add(item);
            }
        }
        var userIds = users.Order(StringComparer.Ordinal).ToArray();
        var itemIds = items.Order(StringComparer.Ordinal).ToArray();
        var userIndex = IndexOf(userIds);
        var itemIndex = IndexOf(itemIds);
        var triples = new (int User, int Item, float Weight)[list.Count];
        for (var n = 0; n < list.Count; n++)
        {
            var interaction = list[n];
            triples[n] = (userIndex[interaction.UserId], itemIndex[interaction.ItemId], interaction.Weight);
        }
        return Build(userIds, itemIds, triples);
    }

    /// <summary>The matrix without the row of <paramref name="user"/> (an erased customer): the later rows move up one, the items stay.</summary>
    internal InteractionMatrix WithoutUser(int user)
    {
        var m = UserItems;
        var triples = new List<(int User, int Item, float Weight)>(m.NonZeros);
        for (var u = 0; u < m.Rows; u++)
        {
            if (u == user)
            {
                continue;
            }
            var columns = m.RowIndices(u);
            var values = m.Values.Slice(m.RowPointers[u], columns.Length);
            for (var n = 0; n < columns.Length; n++)
            {
                triples.Add((u < user ? u : u - 1, columns[n], values[n]));
            }
        }
        return Build([.. _userIds.Where((_, u) => u != user)], _itemIds, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(triples));
    }

    /// <summary>
    /// Builds the matrix from (user index, item index, weight) triples in one pass over them (a counting sort into rows,
    /// then each row sorted and its duplicates summed, rows in parallel).
    /// </summary>
    /// <param name="userIds">The id of every row; distinct, non-empty.</param>
    /// <param name="itemIds">The id of every column; distinct, non-empty.</param>
    /// <param name="triples">The entries; indices refer to <paramref name="userIds"/> and <paramref name="itemIds"/>.</param>
    /// <exception cref="ArgumentException">
    /// An id is empty or repeated, an index is out of range, or a weight is NaN or infinite; the message names the triple.
    /// </exception>
    public static InteractionMatrix Build(IReadOnlyList<string> userIds, IReadOnlyList<string> itemIds, ReadOnlySpan<(int User, int Item, float Weight)> triples)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(itemIds);
        var users = userIds.ToArray();
        var items = itemIds.ToArray();
        var userIndex = IndexOf(users, nameof(userIds));
        var itemIndex = IndexOf(items, nameof(itemIds));

        // Pass 1 (validation and row counts); pass 2 scatters into rows. The triples are read twice, the input once.
        var pointers = new int[users.Length + 1];
        for (var n = 0; n < triples.Length; n++)
        {
            var (user, item, weight) = triples[n];
            if ((uint)user >= (uint)users.Length || (uint)item >= (uint)items.Length)
            {
                throw new ArgumentException(
                    $"Triple {n} ({user}, {item}) is outside {users.Length} users × {items.Length} items.", nameof(triples));
            }
            if (!float.IsFinite(weight))
            {
                throw new ArgumentException($"Triple {n} (user {users[user]}, item {items[item]}) has weight {weight}; weights must be finite.", nameof(triples));
            }
            pointers[user + 1]++;
        }
        for (var u = 0; u < users.Length; u++)
        {
            pointers[u + 1] += pointers[u];
        }
        var next = (int[])pointers.Clone();
        var columns = new int[triples.Length];
        var values = new float[triples.Length];
        foreach (var (user, item, weight) in triples)
        {
            var target = next[user]++;
            columns[target] = item;
            values[target] = weight;
        }

        // Sort each row by column, sum duplicates and drop non-positive sums, in place; then compact.
        var lengths = new int[users.Length];
        var dropped = new int[users.Length];
        Parallel.For(0, users.Length, u =>
        {
            var start = pointers[u];
            var length = pointers[u + 1] - start;
            Array.Sort(columns, values, start, length);
            var write = start;
            var read = start;
            while (read < start + length)
            {
                var column = columns[read];
                double sum = values[read++];
                while (read < start + length && columns[read] == column)
                {
                    sum += values[read++];
                }
                if (sum > 0)
                {
                    columns[write] = column;
                    values[write++] = (float)sum;
                }
                else
                {
                    dropped[u]++;
                }
            }
            lengths[u] = write - start;
        });

        var compactPointers = new int[users.Length + 1];
        for (var u = 0; u < users.Length; u++)
        {
            compactPointers[u + 1] = compactPointers[u] + lengths[u];
        }
        var total = compactPointers[users.Length];
        int[] compactColumns;
        float[] compactValues;
        if (total == triples.Length)
        {
            compactColumns = columns;
            compactValues = values;
        }
        else
        {
            compactColumns = new int[total];
            compactValues = new float[total];
            for (var u = 0; u < users.Length; u++)
            {
                Array.Copy(columns, pointers[u], compactColumns, compactPointers[u], lengths[u]);
                Array.Copy(values, pointers[u], compactValues, compactPointers[u], lengths[u]);
            }
        }
        var matrix = new SparseMatrix(users.Length, items.Length, compactPointers, compactColumns, compactValues, validate: false);
        return new InteractionMatrix(users, items, userIndex, itemIndex, matrix, dropped.Sum());
    }

    /// <summary>
    /// The same users, items and pairs with the weights transformed by <paramref name="weighting"/> (fitted on this
    /// matrix's rows as documents and columns as terms, as implicit's <c>bm25_weight</c> and <c>tfidf_weight</c>).
    /// </summary>
    public InteractionMatrix WithWeighting(InteractionWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(weighting);
        return WithValues(weighting.Fit(UserItems).Apply(UserItems));
    }

    /// <summary>The same ids and entries with another user-item matrix of the same shape.</summary>
    internal InteractionMatrix WithValues(SparseMatrix userItems) =>
        new(_userIds, _itemIds, _userIndex, _itemIndex, userItems, DroppedPairs);

    /// <summary>Rebuilds a matrix from its parts (as written in a model's JSON).</summary>
    internal static InteractionMatrix FromParts(string[] userIds, string[] itemIds, SparseMatrix userItems)
    {
        if (userItems.Rows != userIds.Length || userItems.Columns != itemIds.Length)
        {
            throw new FormatException(
                $"The interactions are {userItems.Rows} × {userItems.Columns} but there are {userIds.Length} user ids and {itemIds.Length} item ids.");
        }
        try
        {
            return new InteractionMatrix(userIds, itemIds, IndexOf(userIds, "userIds"), IndexOf(itemIds, "itemIds"), userItems, 0);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException(exception.Message, exception);
        }
    }

    private static Dictionary<string, int> IndexOf(string[] ids, string? parameter = null)
    {
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            if (string.IsNullOrEmpty(ids[i]))
            {
                throw new ArgumentException($"Id {i} is empty.", parameter);
            }
            if (!index.TryAdd(ids[i], i))
            {
                throw new ArgumentException($"Id \"{ids[i]}\" appears twice (at {index[ids[i]]} and {i}).", parameter);
            }
        }
        return index;
    }
}
