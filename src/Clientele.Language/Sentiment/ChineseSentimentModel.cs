using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Core;
using Clientele.Core.Models;

namespace Clientele.Language.Sentiment;

/// <summary>
/// The fitted Chinese sentiment classifier: a binary logistic regression on hashed character n-grams
/// (<see cref="CharNgramHasher"/>), P(positive | text) = σ(w·x + b). Immutable and thread-safe; saves as a
/// <see cref="ModelFile"/> of kind <c>sentiment-zh</c> (the weights as base64 of little-endian float32).
/// </summary>
public sealed class ChineseSentimentModel : ISaveableModel<ChineseSentimentModel>
{
    /// <summary>The version of the payload layout this code writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The file name in the sentiment folder of the model cache (<see cref="SentimentModelFiles"/>).</summary>
    public const string FileName = "sentiment-zh.json";

    private readonly float[] _weights;

    /// <summary>A model from its featurizer, one weight per bucket, and bias.</summary>
    /// <exception cref="ArgumentException">The weights do not match the buckets or are not finite.</exception>
    public ChineseSentimentModel(CharNgramHasher features, float[] weights, float bias, SentimentTrainingInfo? training = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != features.Buckets)
        {
            throw new ArgumentException($"Expected {features.Buckets} weights, one per bucket; got {weights.Length}.", nameof(weights));
        }
        if (!float.IsFinite(bias) || weights.Any(w => !float.IsFinite(w)))
        {
            throw new ArgumentException("The weights and bias must be finite.", nameof(weights));
        }
        Features = features;
        _weights = (float[])weights.Clone();
        Bias = bias;
        Training = training;
    }

    /// <summary>The featurizer the weights belong to.</summary>
    public CharNgramHasher Features { get; }

    /// <summary>The intercept.</summary>
    public float Bias { get; }

    /// <summary>How the model was trained and how it did on its held-out split (null when not recorded).</summary>
    public SentimentTrainingInfo? Training { get; }

    /// <summary>The weights, one per bucket (a copy).</summary>
    public float[] Weights() => (float[])_weights.Clone();

    /// <summary>P(positive) of <paramref name="text"/>.</summary>
    public double PositiveProbability(string text)
    {
        var (indices, values) = Features.Featurize(text);
        var z = (double)Bias;
        for (var i = 0; i < indices.Length; i++)
        {
            z += (double)_weights[indices[i]] * values[i];
        }
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Positive when P(positive) ≥ 0.5, else negative (the model has no neutral class).</summary>
    public SentimentLabel Predict(string text) =>
        PositiveProbability(text) >= 0.5 ? SentimentLabel.Positive : SentimentLabel.Negative;

    /// <summary>Gets the <see cref="ModelFile.Kind"/> of a saved Chinese sentiment model.</summary>
    public static string ModelKind => "sentiment-zh";

    /// <summary>The model as a <see cref="ModelFile"/>: featurizer settings, training record, bias and weights.</summary>
    public byte[] Save() => ModelFile.Write(ModelKind, FormatVersion, Payload());

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
    /// <exception cref="ClienteleException">The bytes are not a Chinese sentiment model of a version this code reads, or are damaged.</exception>
    public static ChineseSentimentModel Load(ReadOnlySpan<byte> bytes)
    {
        var file = ModelFile.Read(bytes, ModelKind, FormatVersion);
        return FromPayload(file, file.Payload, null);
    }

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>; <paramref name="source"/> (its file) is named in errors.</summary>
    /// <exception cref="ClienteleException">The file is not a Chinese sentiment model of a version this code reads, or is damaged; the message says how to create one.</exception>
    public static ChineseSentimentModel Load(Stream stream, string source)
    {
        var file = SentimentJson.Read(stream, ModelKind, FormatVersion, source, SentimentModelFiles.HowToCreate);
        return FromPayload(file, file.Payload, source);
    }

    /// <summary>The payload (a JSON object), also kept inside a shop model's.</summary>
    internal byte[] Payload()
    {
        var bytes = new byte[_weights.Length * sizeof(float)];
        for (var i = 0; i < _weights.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), _weights[i]);
        }
        var document = new ChineseModelJson
        {
            Features = Features.Describe(),
            MaximumNgramLength = Features.MaximumLength,
            BucketBits = Features.BucketBits,
            Training = Training,
            Bias = Bias,
            WeightsFloat32LeBase64 = Convert.ToBase64String(bytes),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, SentimentJson.Options);
    }

    /// <summary>Reads a model from its payload <paramref name="payload"/> (in <paramref name="file"/>, whose kind names the errors).</summary>
    internal static ChineseSentimentModel FromPayload(ModelFile file, JsonElement payload, string? source)
    {
        var document = file.ReadPayload(_ => payload.Deserialize<ChineseModelJson>(SentimentJson.Options) ?? throw new FormatException("the payload is null"), source);
        try
        {
            var features = new CharNgramHasher(document.MaximumNgramLength, document.BucketBits);
            var bytes = Convert.FromBase64String(document.WeightsFloat32LeBase64);
            if (bytes.Length != features.Buckets * sizeof(float))
            {
                throw new ArgumentException($"the weights hold {bytes.Length} bytes; {features.Buckets} float32 take {features.Buckets * sizeof(float)}");
            }
            var weights = new float[features.Buckets];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            }
            return new ChineseSentimentModel(features, weights, document.Bias, document.Training);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw SentimentJson.Error(source, $"holds an unusable Chinese sentiment model: {e.Message}", e);
        }
    }

    private sealed class ChineseModelJson
    {
        public string Features { get; set; } = "";

        public int MaximumNgramLength { get; set; }

        public int BucketBits { get; set; }

        public SentimentTrainingInfo? Training { get; set; }

        public float Bias { get; set; }

        [JsonPropertyName("weights_float32_le_base64")]
        public string WeightsFloat32LeBase64 { get; set; } = "";
    }
}
