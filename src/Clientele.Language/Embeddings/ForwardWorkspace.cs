using Clientele.Language.Tokenization;

namespace Clientele.Language.Embeddings;

/// <summary>
/// The buffers one thread needs to tokenize and embed a batch: grown to the largest batch seen and then reused, so a
/// warm workspace embeds without allocating (the caller's result arrays aside). Not thread-safe: one per thread,
/// rented from and returned to the embedder's pool.
/// </summary>
internal sealed class ForwardWorkspace
{
    public TokenizerScratch Tokenizer { get; } = new();

    /// <summary>The token ids of the batch being assembled, text after text.</summary>
    public int[] Ids { get; private set; } = [];

    /// <summary>The number of ids of each text of the batch being assembled.</summary>
    public int[] Lengths { get; private set; } = [];

    /// <summary>The batch's vectors, text after text.</summary>
    public float[] Output { get; private set; } = [];

    public float[] Input { get; private set; } = [];

    public float[] Stream { get; private set; } = [];

    public float[] Norm { get; private set; } = [];

    public float[] Qkv { get; private set; } = [];

    public float[] Context { get; private set; } = [];

    public float[] Hidden { get; private set; } = [];

    public float[] Scores { get; private set; } = [];

    public float[] Pooled { get; private set; } = [];

    /// <summary>Makes room for a batch of <paramref name="tokens"/> tokens in <paramref name="texts"/> texts.</summary>
    public void Ensure(UseLiteNetwork network, int tokens, int texts)
    {
        ArgumentNullException.ThrowIfNull(network);
        Input = Grow(Input, tokens * network.EmbeddingWidth);
        Stream = Grow(Stream, tokens * network.StreamWidth);
        Norm = Grow(Norm, tokens * network.StreamWidth);
        Context = Grow(Context, tokens * network.StreamWidth);
        Qkv = Grow(Qkv, tokens * network.WidestRow);
        Hidden = Grow(Hidden, tokens * network.WidestRow);
        Scores = Grow(Scores, network.MaximumTokens);
        Pooled = Grow(Pooled, texts * network.StreamWidth);
    }

    /// <summary>Makes room to assemble a batch of <paramref name="tokens"/> ids in <paramref name="texts"/> texts.</summary>
    public void EnsureBatch(int tokens, int texts, int dimensions)
    {
        Ids = GrowKeeping(Ids, tokens);
        Lengths = GrowKeeping(Lengths, texts);
        Output = Grow(Output, texts * dimensions);
    }

    private static T[] GrowKeeping<T>(T[] array, int length)
    {
        var grown = Grow(array, length);
        if (!ReferenceEquals(grown, array))
        {
            array.CopyTo(grown, 0);
        }
        return grown;
    }

    private static T[] Grow<T>(T[] array, int length) =>
        array.Length >= length ? array : new T[Math.Max(length, Math.Min(2 * array.Length, int.MaxValue / 2))];
}
