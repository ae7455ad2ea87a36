namespace Clientele.Language.Tokenization;

/// <summary>Reusable buffers for <see cref="SentencePieceTokenizer.Encode(ReadOnlySpan{char}, TokenizerScratch, int)"/>; one per thread.</summary>
internal sealed class TokenizerScratch
{
    public int[] Normalized { get; set; } = new int[256];

    public int[] Symbols { get; private set; } = new int[256];

    public int[] Ids { get; private set; } = new int[256];

    public int[] EdgeStart { get; private set; } = [];

    public int[] EdgeEnd { get; private set; } = [];

    public int[] EdgeId { get; private set; } = [];

    public int[] ByEnd { get; private set; } = [];

    public int[] GroupStart { get; private set; } = [];

    public int[] Fill { get; private set; } = [];

    public double[] Best { get; private set; } = [];

    public int[] Words { get; private set; } = [];

    public int[] EnsureSymbols(int length)
    {
        if (Symbols.Length < length)
        {
            Symbols = new int[Math.Max(length, Symbols.Length * 2)];
        }
        return Symbols;
    }

    public int[] EnsureIds(int length)
    {
        if (Ids.Length < length)
        {
            Ids = new int[Math.Max(length, Ids.Length * 2)];
        }
        return Ids;
    }

    public void EnsureLattice(int symbols, int edges)
    {
        if (EdgeStart.Length < edges)
        {
            var size = Math.Max(edges, EdgeStart.Length * 2);
            EdgeStart = new int[size];
            EdgeEnd = new int[size];
            EdgeId = new int[size];
            ByEnd = new int[size];
        }
        if (Best.Length < symbols + 2)
        {
            var size = Math.Max(symbols + 2, Best.Length * 2);
            GroupStart = new int[size];
            Fill = new int[size];
            Best = new double[size];
            Words = new int[size];
        }
    }
}
