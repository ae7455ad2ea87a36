using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clientele.Core;

namespace Clientele.Language.Sentiment;

/// <summary>
/// The fitted Chinese sentiment classifier: a binary logistic regression on hashed character n-grams
/// (<see cref="CharNgramHasher"/>), P(positive | text) = σ(w·x + b). Immutable and thread-safe; serialises to JSON
/// with a format version (the weights as base64 of little-endian float32).
/// </summary>
public sealed class ChineseSentimentModel
{
    /// <summary>The <c>format</c> of the JSON file.</summary>
    public const string Format = "clientele-sentiment-zh";

    /// <summary>The version of the JSON layout this code writes and reads.</summary>
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

    /// <summary>Writes the model as JSON.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = new byte[_weights.Length * sizeof(float)];
        for (var i = 0; i < _weights.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), _weights[i]);
        }
        var document = new ChineseModelJson
        {
            Format = Format,
            Version = FormatVersion,
            Features = Features.Describe(),
            MaximumNgramLength = Features.MaximumLength,
            BucketBits = Features.BucketBits,
            Training = Training,
            Bias = Bias,
            WeightsFloat32LeBase64 = Convert.ToBase64String(bytes),
        };
        JsonSerializer.Serialize(stream, document, SentimentJson.Options);
    }

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>.</summary>
    /// <exception cref="ClienteleException">The JSON is not a Chinese sentiment model of a version this code reads.</exception>
    public static ChineseSentimentModel Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ChineseModelJson? document;
        try
        {
            document = JsonSerializer.Deserialize<ChineseModelJson>(stream, SentimentJson.Options);
        }
        catch (JsonException e)
        {
            throw new ClienteleException($"is not a Chinese sentiment model ({e.Message}); {SentimentModelFiles.HowToCreate}", source, innerException: e);
        }
        if (document is null || document.Format != Format)
        {
            throw new ClienteleException($"is not a Chinese sentiment model (format '{document?.Format}', expected '{Format}'); {SentimentModelFiles.HowToCreate}", source);
        }
        if (document.Version != FormatVersion)
        {
            throw new ClienteleException($"is a Chinese sentiment model of format version {document.Version}; this clientele reads version {FormatVersion}. {SentimentModelFiles.HowToCreate}", source);
        }
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
            throw new ClienteleException($"holds an unusable Chinese sentiment model: {e.Message}", source, innerException: e);
        }
    }

    private sealed class ChineseModelJson
    {
        public string Format { get; set; } = "";

        public int Version { get; set; }

        public string Features { get; set; } = "";

        public int MaximumNgramLength { get; set; }

        public int BucketBits { get; set; }

        public SentimentTrainingInfo? Training { get; set; }

        public float Bias { get; set; }

        [JsonPropertyName("weights_float32_le_base64")]
        public string WeightsFloat32LeBase64 { get; set; } = "";
    }
}
