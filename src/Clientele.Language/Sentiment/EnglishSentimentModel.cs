using System.Text.Json;
using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Language.Sentiment;

/// <summary>
/// The fitted English sentiment classifier: a multinomial logistic regression (maximum entropy) on 512-d USE-lite
/// sentence vectors, P(class | x) = softmax(W·x + b) over negative, neutral and positive. Immutable and thread-safe;
/// saves as a <see cref="ModelFile"/> of kind <c>sentiment-en</c>.
/// </summary>
public sealed class EnglishSentimentModel : ISaveableModel<EnglishSentimentModel>
{
    /// <summary>The version of the payload layout this code writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The file name in the sentiment folder of the model cache (<see cref="SentimentModelFiles"/>).</summary>
    public const string FileName = "sentiment-en.json";

    private readonly float[][] _weights;
    private readonly float[] _biases;

    /// <summary>A model from its weights (one row of <c>dimensions</c> per class, in <see cref="SentimentLabels.All"/> order) and biases.</summary>
    /// <exception cref="ArgumentException">Not three classes, rows of different lengths, or values that are not finite.</exception>
    public EnglishSentimentModel(IReadOnlyList<float[]> weights, IReadOnlyList<float> biases, SentimentTrainingInfo? training = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        if (weights.Count != 3 || biases.Count != 3)
        {
            throw new ArgumentException($"Expected 3 classes (negative, neutral, positive); got {weights.Count} weight rows and {biases.Count} biases.", nameof(weights));
        }
        var dimensions = weights[0].Length;
        if (dimensions == 0 || weights.Any(row => row.Length != dimensions))
        {
            throw new ArgumentException("Every class needs a weight row of the same, non-zero length.", nameof(weights));
        }
        if (weights.Any(row => row.Any(v => !float.IsFinite(v))) || biases.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException("The weights and biases must be finite.", nameof(weights));
        }
        _weights = [.. weights.Select(row => (float[])row.Clone())];
        _biases = [.. biases];
        Training = training;
    }

    /// <summary>The length of the vectors it reads (512 for USE-lite).</summary>
    public int Dimensions => _weights[0].Length;

    /// <summary>How the model was trained and how it did on its held-out split (null when not recorded).</summary>
    public SentimentTrainingInfo? Training { get; }

    /// <summary>The weight row of <paramref name="label"/> (a copy).</summary>
    public float[] Weights(SentimentLabel label) => (float[])_weights[(int)label].Clone();

    /// <summary>The bias of <paramref name="label"/>.</summary>
    public float Bias(SentimentLabel label) => _biases[(int)label];

    /// <summary>Writes P(negative), P(neutral), P(positive) of one embedding into <paramref name="probabilities"/> (length 3).</summary>
    public void Probabilities(ReadOnlySpan<float> embedding, Span<double> probabilities)
    {
        if (embedding.Length != Dimensions)
        {
            throw new ArgumentException($"The model reads {Dimensions}-d vectors; got {embedding.Length}.", nameof(embedding));
        }
        if (probabilities.Length != 3)
        {
            throw new ArgumentException("Give room for 3 probabilities.", nameof(probabilities));
        }
        var max = double.NegativeInfinity;
        for (var c = 0; c < 3; c++)
        {
            var z = (double)_biases[c];
            var row = _weights[c];
            for (var j = 0; j < row.Length; j++)
            {
                z += (double)row[j] * embedding[j];
            }
            probabilities[c] = z;
            max = Math.Max(max, z);
        }
        var sum = 0.0;
        for (var c = 0; c < 3; c++)
        {
            probabilities[c] = Math.Exp(probabilities[c] - max);
            sum += probabilities[c];
        }
        for (var c = 0; c < 3; c++)
        {
            probabilities[c] /= sum;
        }
    }

    /// <summary>The most probable label of one embedding.</summary>
    public SentimentLabel Predict(ReadOnlySpan<float> embedding)
    {
        Span<double> p = stackalloc double[3];
        Probabilities(embedding, p);
        return ArgMax(p);
    }

    internal static SentimentLabel ArgMax(ReadOnlySpan<double> p)
    {
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
            {
                best = c;
            }
        }
        return (SentimentLabel)best;
    }

    /// <summary>Gets the <see cref="ModelFile.Kind"/> of a saved English sentiment model.</summary>
    public static string ModelKind => "sentiment-en";

    /// <summary>The model as a <see cref="ModelFile"/>: classes, training record, biases and weights.</summary>
    public byte[] Save()
    {
        var document = new EnglishModelJson
        {
            Embedder = "use-lite",
            Classes = [.. SentimentLabels.All.Select(SentimentLabels.Name)],
            Training = Training,
            Biases = _biases,
            Weights = _weights,
        };
        return ModelFile.Write(ModelKind, FormatVersion, JsonSerializer.SerializeToUtf8Bytes(document, SentimentJson.Options));
    }

    /// <summary>Writes <see cref="Save()"/>'s bytes to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Save());
    }

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    /// <summary>Reads a model written by <see cref="Save()"/>.</summary>
    /// <exception cref="ClienteleException">The bytes are not an English sentiment model of a version this code reads, or are damaged.</exception>
    public static EnglishSentimentModel Load(ReadOnlySpan<byte> bytes) => FromFile(ModelFile.Read(bytes, ModelKind, FormatVersion), null);

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>; <paramref name="source"/> (its file) is named in errors.</summary>
    /// <exception cref="ClienteleException">The file is not an English sentiment model of a version this code reads, or is damaged; the message says how to create one.</exception>
    public static EnglishSentimentModel Load(Stream stream, string source)
        => FromFile(SentimentJson.Read(stream, ModelKind, FormatVersion, source, SentimentModelFiles.HowToCreate), source);

    private static EnglishSentimentModel FromFile(ModelFile file, string? source)
    {
        var document = file.Deserialize<EnglishModelJson>(SentimentJson.Options, source);
        if (!document.Classes.SequenceEqual(SentimentLabels.All.Select(SentimentLabels.Name)))
        {
            throw SentimentJson.Error(source, $"has classes [{string.Join(", ", document.Classes)}]; expected negative, neutral, positive");
        }
        try
        {
            return new EnglishSentimentModel(document.Weights, document.Biases, document.Training);
        }
        catch (ArgumentException e)
        {
            throw SentimentJson.Error(source, $"holds an unusable English sentiment model: {e.Message}", e);
        }
    }

    private sealed class EnglishModelJson
    {
        public string Embedder { get; set; } = "";

        public string[] Classes { get; set; } = [];

        public SentimentTrainingInfo? Training { get; set; }

        public float[] Biases { get; set; } = [];

        public float[][] Weights { get; set; } = [];
    }
}
