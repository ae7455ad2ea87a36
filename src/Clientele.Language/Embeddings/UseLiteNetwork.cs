using System.Numerics.Tensors;
using Clientele.Language.Numerics;
using Clientele.Language.Tfjs;

namespace Clientele.Language.Embeddings;

/// <summary>
/// The Universal Sentence Encoder Lite network, computed as its TF.js graph computes it, with the weights (and the
/// graph's constants: the clip length, the query scales, the layer-norm and L2 epsilons) read from the model.
/// Immutable and thread-safe; each call works in the caller's <see cref="ForwardWorkspace"/>.
/// </summary>
/// <remarks>
/// <para>For each text of n token ids (the first 128 kept; <c>ClipToMaxLength</c>), position p = 0 … n − 1:</para>
/// <list type="number">
/// <item>x = e + (e + t): the 256-d embedding e of the id plus the graph's <c>AddTimingSignal</c> output
/// (e + t, t = [sin(p·w), cos(p·w)] for the graph's 128 inverse timescales w), the sum the graph's
/// <c>TransformerStack/Layer_0/add</c> forms.</item>
/// <item>Two pre-norm transformer layers. Layer 0 (256 → 512): r = x·D + d (<c>AdjustResidualInput</c>);
/// a = LN(x); q, k, v = split(a·Wqkv + bqkv) into 4 heads of 64; per head softmax((q·s)kᵀ)v with s = 0.125;
/// y = r + concat(heads)·Wo + bo; then y += relu(LN(y)·W1 + b1)·W2 + b2 (inner width 1536).
/// Layer 1 (512 → 512): the same with r = x, heads of 128 and s = 1/√128.
/// LN(x) = γ (x − μ)/√(σ² + 1e-6) + β over the row.</item>
/// <item>m = the mean of the n rows (zero for an empty text: the graph divides by max(n, 1)).</item>
/// <item>out = tanh(m·H + h) / max(‖tanh(m·H + h)‖, 1e-6) (<c>l2_normalize</c> with ε = 1e-12 on the square).</item>
/// </list>
/// <para>
/// Texts of a batch are concatenated without padding: every token-wise product runs once over all rows
/// (<see cref="Gemm"/>), attention runs per text, which is what the graph's padding mask computes.
/// </para>
/// </remarks>
internal sealed class UseLiteNetwork
{
    private const string Kona = "module_apply_default/Encoder_en/KonaTransformer/";
    private const string Stack = Kona + "Encode/TransformerStack/";

    private readonly float[] _embeddings;
    private readonly int _vocabularySize;
    private readonly float[] _timing; // MaximumTokens × EmbeddingWidth
    private readonly TransformerLayer[] _layers;
    private readonly PackedMatrix _hidden;
    private readonly float[] _hiddenBias;
    private readonly float _l2Epsilon;

    private UseLiteNetwork(
        float[] embeddings, int vocabularySize, int embeddingWidth, int maximumTokens, float[] timing,
        TransformerLayer[] layers, PackedMatrix hidden, float[] hiddenBias, float l2Epsilon)
    {
        _embeddings = embeddings;
        _vocabularySize = vocabularySize;
        EmbeddingWidth = embeddingWidth;
        MaximumTokens = maximumTokens;
        _timing = timing;
        _layers = layers;
        _hidden = hidden;
        _hiddenBias = hiddenBias;
        _l2Epsilon = l2Epsilon;
    }

    /// <summary>The width of the token embeddings (256).</summary>
    public int EmbeddingWidth { get; }

    /// <summary>The length of the output vectors (512).</summary>
    public int Dimensions => _hidden.Columns;

    /// <summary>How many tokens of a text the network reads; the rest are dropped (128).</summary>
    public int MaximumTokens { get; }

    /// <summary>The widest row any step writes (the feed-forward inner width, or three attention inputs).</summary>
    internal int WidestRow => _layers.Max(l => Math.Max(l.Ffn1.Columns, l.Qkv.Columns));

    /// <summary>The widest layer output.</summary>
    internal int StreamWidth => _layers.Max(l => Math.Max(l.Width, l.InputWidth));

    /// <summary>Reads the weights and checks that the graph is the one this class computes.</summary>
    public static UseLiteNetwork FromModel(TfjsModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckGraph(model);

        var embeddingTensor = model.Weights.TryGetValue("module/Embeddings_en", out var e) ? e
            : throw new InvalidDataException("The model has no weight named module/Embeddings_en.");
        if (embeddingTensor.Shape.Count != 2 || embeddingTensor.DataType != TfjsDataType.Float32)
        {
            throw new InvalidDataException($"module/Embeddings_en should be a float32 matrix; it is {embeddingTensor.DataType} {embeddingTensor.ShapeText}.");
        }
        var vocabularySize = embeddingTensor.Shape[0];
        var width = embeddingTensor.Shape[1];
        var maximumTokens = model.IntScalar(Kona + "ClipToMaxLength/Less/y");
        var inverseTimescales = model.Floats(Stack + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", 1, width / 2);
        var timing = new float[maximumTokens * width];
        for (var p = 0; p < maximumTokens; p++)
        {
            for (var i = 0; i < width / 2; i++)
            {
                var angle = p * inverseTimescales[i]; // float32, as the graph multiplies
                timing[(p * width) + i] = (float)Math.Sin(angle);
                timing[(p * width) + (width / 2) + i] = (float)Math.Cos(angle);
            }
        }

        var heads = model.IntScalar(Stack + "Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2");
        var epsilon = model.FloatScalar(Stack + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x");
        var layer0 = TransformerLayer.Read(model, 0, width, heads, epsilon, projectResidual: true);
        var layer1 = TransformerLayer.Read(model, 1, layer0.Width, heads, epsilon, projectResidual: false);
        var outputs = layer1.Width;
        var hidden = PackedMatrix.Pack(model.Floats("module/Encoder_en/hidden_layers/tanh_layer_0/weights", outputs, outputs), outputs, outputs);
        var hiddenBias = model.Floats("module/Encoder_en/hidden_layers/tanh_layer_0/bias", outputs);
        var l2Epsilon = model.FloatScalar("module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y");
        return new UseLiteNetwork(
            embeddingTensor.Floats!, vocabularySize, width, maximumTokens, timing, [layer0, layer1], hidden, hiddenBias, l2Epsilon);
    }

    /// <summary>
    /// Embeds a batch: <paramref name="lengths"/>[b] ids of text b, one text after another in <paramref name="ids"/>
    /// (each at most <see cref="MaximumTokens"/>), into <paramref name="output"/> (texts × <see cref="Dimensions"/>).
    /// </summary>
    public void Forward(ReadOnlySpan<int> ids, ReadOnlySpan<int> lengths, ForwardWorkspace workspace, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var texts = lengths.Length;
        var tokens = 0;
        foreach (var length in lengths)
        {
            if (length < 0 || length > MaximumTokens)
            {
                throw new ArgumentException($"A text has {length} tokens; the network reads 0 to {MaximumTokens}.", nameof(lengths));
            }
            tokens += length;
        }
        if (ids.Length != tokens)
        {
            throw new ArgumentException($"The lengths add up to {tokens} tokens but {ids.Length} ids were given.", nameof(ids));
        }
        if (output.Length != texts * Dimensions)
        {
            throw new ArgumentException($"{texts} texts need an output of {texts * Dimensions} floats, not {output.Length}.", nameof(output));
        }
        workspace.Ensure(this, tokens, texts);

        Embed(ids, lengths, workspace.Input.AsSpan(0, tokens * EmbeddingWidth));
        var input = workspace.Input;
        var inputWidth = EmbeddingWidth;
        foreach (var layer in _layers)
        {
            layer.Forward(input, inputWidth, workspace, tokens, lengths);
            input = workspace.Stream;
            inputWidth = layer.Width;
        }
        Pool(workspace.Stream, inputWidth, lengths, workspace.Pooled.AsSpan(0, texts * inputWidth));
        for (var b = 0; b < texts; b++)
        {
            _hiddenBias.CopyTo(output.Slice(b * Dimensions, Dimensions));
        }
        Gemm.MultiplyAdd(workspace.Pooled, texts, inputWidth, _hidden, output, Dimensions);
        for (var b = 0; b < texts; b++)
        {
            var row = output.Slice(b * Dimensions, Dimensions);
            TensorPrimitives.Tanh(row, row);
            var scale = 1f / MathF.Sqrt(MathF.Max(TensorPrimitives.SumOfSquares(row), _l2Epsilon));
            TensorPrimitives.Multiply(row, scale, row);
        }
    }

    private void Embed(ReadOnlySpan<int> ids, ReadOnlySpan<int> lengths, Span<float> input)
    {
        var row = 0;
        foreach (var length in lengths)
        {
            for (var p = 0; p < length; p++, row++)
            {
                var id = ids[row];
                if ((uint)id >= (uint)_vocabularySize)
                {
                    throw new ArgumentException($"Token id {id} is outside the vocabulary (0 to {_vocabularySize - 1}).", nameof(ids));
                }
                var embedding = _embeddings.AsSpan(id * EmbeddingWidth, EmbeddingWidth);
                var target = input.Slice(row * EmbeddingWidth, EmbeddingWidth);
                TensorPrimitives.Add(embedding, _timing.AsSpan(p * EmbeddingWidth, EmbeddingWidth), target);
                TensorPrimitives.Add(embedding, target, target);
            }
        }
    }

    private static void Pool(float[] stream, int width, ReadOnlySpan<int> lengths, Span<float> pooled)
    {
        var row = 0;
        for (var b = 0; b < lengths.Length; b++)
        {
            var mean = pooled.Slice(b * width, width);
            mean.Clear();
            for (var p = 0; p < lengths[b]; p++, row++)
            {
                TensorPrimitives.Add(mean, stream.AsSpan(row * width, width), mean);
            }
            TensorPrimitives.Divide(mean, Math.Max(lengths[b], 1), mean);
        }
    }

    /// <summary>
    /// The structural facts the forward pass relies on, checked against the graph: the doubled embedding, the residual
    /// paths, relu, softmax, which split is query, key and value, the shared layer-norm epsilon, mean pooling, tanh, L2.
    /// </summary>
    private static void CheckGraph(TfjsModel model)
    {
        model.Node("indices", "Placeholder");
        model.Node("values", "Placeholder");
        model.Node(Kona + "ClipToMaxLength/Less", "Less", Kona + "ClipToMaxLength/strided_slice", Kona + "ClipToMaxLength/Less/y");
        model.Node(Kona + "Encode/embedding_lookup", "GatherV2", "module/Embeddings_en", Kona + "ClipToMaxLength/GatherV2_1", Kona + "SequenceMask/Const");
        var timing = Stack + "Layer_0/AddTimingSignal/";
        model.Node(timing + "TimingSignal/concat", "ConcatV2",
            timing + "TimingSignal/Sin", timing + "TimingSignal/Cos", Stack + "Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/ExpandDims/dim");
        model.Node(timing + "TimingSignal/mul_2", "Mul", timing + "TimingSignal/ExpandDims", timing + "TimingSignal/ExpandDims_1");
        model.Node(timing + "add", "Add", timing + "Gather/GatherNd", timing + "TimingSignal/concat");
        model.Node(timing + "Gather/GatherNd", "GatherNd", Kona + "Encode/Scatter/ScatterNd", Stack + "Layer_1/TransformerLayer/FFN/StoreMask/ToInt32");
        model.Node(Stack + "Layer_0/add", "Add", Kona + "Encode/Scatter/ScatterNd", timing + "Scatter/ScatterNd");

        var epsilon = Stack + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x";
        for (var l = 0; l < 2; l++)
        {
            var layer = Stack + $"Layer_{l}/TransformerLayer/";
            var attention = layer + "MultiheadAttention/";
            var dot = attention + "DotProductAttention/BaseDotProductAttention/";
            model.Node(layer + "layer_prepostprocess/layer_norm/add", "Add", layer + "layer_prepostprocess/layer_norm/Mean_1", epsilon);
            model.Node(layer + "FFN/layer_prepostprocess/layer_norm/add", "Add", layer + "FFN/layer_prepostprocess/layer_norm/Mean_1", epsilon);
            model.Node(attention + "split_heads/split_last_dimension/Reshape", "Reshape", attention + "split", attention + "split_heads/split_last_dimension/Reshape/shape");
            model.Node(attention + "split_heads_1/split_last_dimension/Reshape", "Reshape", attention + "split:1", attention + "split_heads_1/split_last_dimension/Reshape/shape");
            model.Node(attention + "split_heads_2/split_last_dimension/Reshape", "Reshape", attention + "split:2", attention + "split_heads_2/split_last_dimension/Reshape/shape");
            model.Node(attention + "mul", "Mul", attention + "split_heads/transpose", attention + "mul/y");
            model.Node(dot + "MatMul", "BatchMatMul", attention + "mul", attention + "split_heads_1/transpose");
            model.Node(dot + "Softmax", "Softmax", dot + "Reshape");
            model.Node(dot + "MatMul_1", "BatchMatMul", dot + "attention_weights", attention + "split_heads_2/transpose");
            model.Node(layer + "FFN/conv1/Relu", "Relu", layer + "FFN/conv1/BiasAdd");
            model.Node(layer + "FFN/layer_postprocess/add", "Add", layer + "FFN/Scatter/ScatterNd", layer + "layer_postprocess/add");
        }
        model.Node(Stack + "Layer_0/TransformerLayer/layer_postprocess/add", "Add",
            Stack + "Layer_0/TransformerLayer/MultiheadAttention/Squeeze_1", Stack + "Layer_0/TransformerLayer/AdjustResidualInput/Scatter/ScatterNd");
        model.Node(Stack + "Layer_0/TransformerLayer/AdjustResidualInput/Gather/GatherNd", "GatherNd",
            Stack + "Layer_0/add", Stack + "Layer_1/TransformerLayer/FFN/StoreMask/ToInt32");
        model.Node(Stack + "Layer_0/TransformerLayer/layer_prepostprocess/layer_norm/sub_1", "Sub",
            Stack + "Layer_0/add", Stack + "Layer_0/TransformerLayer/layer_prepostprocess/layer_norm/Mean");
        model.Node(Stack + "Layer_1/TransformerLayer/layer_postprocess/add", "Add",
            Stack + "Layer_1/TransformerLayer/MultiheadAttention/Squeeze_1", Stack + "Layer_0/TransformerLayer/FFN/layer_postprocess/add");
        model.Node(Kona + "mul", "Mul", Stack + "Layer_1/TransformerLayer/FFN/layer_postprocess/add", Kona + "ExpandDims");
        model.Node(Kona + "div", "RealDiv", Kona + "Sum", Kona + "ExpandDims_1");
        model.Node(Kona + "Maximum", "Maximum", Stack + "MaskLength/Sum",
            Stack + "Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/ExpandDims/dim");
        var hidden = "module_apply_default/Encoder_en/hidden_layers/";
        model.Node(hidden + "tanh_layer_0/MatMul", "MatMul", Kona + "div", "module/Encoder_en/hidden_layers/tanh_layer_0/weights");
        model.Node(hidden + "tanh_layer_0/Tanh", "Tanh", hidden + "tanh_layer_0/BiasAdd");
        model.Node(hidden + "l2_normalize", "Mul", hidden + "tanh_layer_0/Tanh", hidden + "l2_normalize/Rsqrt");
    }

    /// <summary>One pre-norm transformer layer, its weight matrices packed for <see cref="Gemm"/>.</summary>
    private sealed class TransformerLayer
    {
        public required int InputWidth { get; init; }

        public required int Width { get; init; }

        public required int Heads { get; init; }

        public required float QueryScale { get; init; }

        public required float Epsilon { get; init; }

        public required float[] AttentionNormScale { get; init; }

        public required float[] AttentionNormBias { get; init; }

        public PackedMatrix? ResidualProjection { get; init; }

        public float[]? ResidualBias { get; init; }

        public required PackedMatrix Qkv { get; init; }

        public required float[] QkvBias { get; init; }

        public required PackedMatrix Output { get; init; }

        public required float[] OutputBias { get; init; }

        public required float[] FfnNormScale { get; init; }

        public required float[] FfnNormBias { get; init; }

        public required PackedMatrix Ffn1 { get; init; }

        public required float[] Ffn1Bias { get; init; }

        public required PackedMatrix Ffn2 { get; init; }

        public required float[] Ffn2Bias { get; init; }

        private int HeadWidth => InputWidth / Heads;

        public static TransformerLayer Read(TfjsModel model, int index, int inputWidth, int heads, float epsilon, bool projectResidual)
        {
            var variables = Kona + $"Encode/Layer_{index}/TransformerLayer/";
            var kernels = $"module/Encoder_en/KonaTransformer/Encode/Layer_{index}/TransformerLayer/MultiheadAttention/";
            var stack = Stack + $"Layer_{index}/TransformerLayer/";
            var splits = model.Weight(stack + "MultiheadAttention/Const", TfjsDataType.Int32, 3).Integers!;
            if (splits.Any(s => s != inputWidth))
            {
                throw new InvalidDataException($"Layer {index} splits its attention input as [{string.Join(", ", splits)}]; expected three of {inputWidth}.");
            }
            var headWidth = model.IntScalar(stack + "MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3");
            if (headWidth * heads != inputWidth)
            {
                throw new InvalidDataException($"Layer {index} has {heads} heads of {headWidth} for an input of {inputWidth}.");
            }
            var outputShape = model.Shape(kernels + "output_transform_single/kernel/part_0");
            var width = outputShape.Count == 4 ? outputShape[3] : throw new InvalidDataException($"Layer {index}'s output transform should be a 1 × 1 convolution kernel.");
            var outputKernel = model.Weight(kernels + "output_transform_single/kernel/part_0", TfjsDataType.Float32, 1, 1, inputWidth, width);
            var ffnShape = model.Shape(stack + "FFN/conv1/Tensordot/Reshape_1");
            var inner = ffnShape.Count == 2 ? ffnShape[1] : throw new InvalidDataException($"Layer {index}'s first feed-forward kernel should be a matrix.");
            return new TransformerLayer
            {
                InputWidth = inputWidth,
                Width = width,
                Heads = heads,
                QueryScale = model.FloatScalar(stack + "MultiheadAttention/mul/y"),
                Epsilon = epsilon,
                AttentionNormScale = model.Floats(variables + "layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", inputWidth),
                AttentionNormBias = model.Floats(variables + "layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", inputWidth),
                ResidualProjection = projectResidual
                    ? PackedMatrix.Pack(model.Floats(variables + "dense/kernel/ConcatPartitions/concat", inputWidth, width), inputWidth, width)
                    : null,
                ResidualBias = projectResidual ? model.Floats(variables + "dense/bias/ConcatPartitions/concat", width) : null,
                Qkv = PackedMatrix.Pack(model.Floats(kernels + "qkv_transform_single/kernel/part_0", 1, 1, inputWidth, 3 * inputWidth), inputWidth, 3 * inputWidth),
                QkvBias = model.Floats(variables + "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3 * inputWidth),
                Output = PackedMatrix.Pack(outputKernel.Floats!, inputWidth, width),
                OutputBias = model.Floats(variables + "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", width),
                FfnNormScale = model.Floats(variables + "FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", width),
                FfnNormBias = model.Floats(variables + "FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", width),
                Ffn1 = PackedMatrix.Pack(model.Floats(stack + "FFN/conv1/Tensordot/Reshape_1", width, inner), width, inner),
                Ffn1Bias = model.Floats(variables + "FFN/conv1/bias/ConcatPartitions/concat", inner),
                Ffn2 = PackedMatrix.Pack(model.Floats(stack + "FFN/conv2/Tensordot/Reshape_1", inner, width), inner, width),
                Ffn2Bias = model.Floats(variables + "FFN/conv2/bias/ConcatPartitions/concat", width),
            };
        }

        /// <summary>
        /// Reads <paramref name="tokens"/> rows of <paramref name="inputWidth"/> from <paramref name="input"/> and leaves
        /// the layer's output in <see cref="ForwardWorkspace.Stream"/> (which may be <paramref name="input"/> itself).
        /// </summary>
        public void Forward(float[] input, int inputWidth, ForwardWorkspace workspace, int tokens, ReadOnlySpan<int> lengths)
        {
            var stream = workspace.Stream;
            var norm = workspace.Norm;
            var qkv = workspace.Qkv;
            var context = workspace.Context;
            var hidden = workspace.Hidden;

            // Residual: projected (layer 0) or the input itself (then input is the stream already).
            if (ResidualProjection is not null)
            {
                Broadcast(ResidualBias!, stream, tokens);
                Gemm.MultiplyAdd(input, tokens, inputWidth, ResidualProjection, stream, Width);
            }
            else if (!ReferenceEquals(input, stream))
            {
                input.AsSpan(0, tokens * inputWidth).CopyTo(stream);
            }

            // Self-attention on the normalised input.
            LayerNorm(input, inputWidth, tokens, AttentionNormScale, AttentionNormBias, Epsilon, norm);
            Broadcast(QkvBias, qkv, tokens);
            Gemm.MultiplyAdd(norm, tokens, inputWidth, Qkv, qkv, Qkv.Columns);
            Attention(qkv, tokens, lengths, workspace.Scores, context);
            Gemm.MultiplyAdd(context, tokens, InputWidth, Output, stream, Width);
            AddRows(OutputBias, stream, tokens);

            // Feed-forward on the normalised result.
            LayerNorm(stream, Width, tokens, FfnNormScale, FfnNormBias, Epsilon, norm);
            Broadcast(Ffn1Bias, hidden, tokens);
            Gemm.MultiplyAdd(norm, tokens, Width, Ffn1, hidden, Ffn1.Columns);
            var activated = hidden.AsSpan(0, tokens * Ffn1.Columns);
            TensorPrimitives.Max(activated, 0f, activated);
            Gemm.MultiplyAdd(hidden, tokens, Ffn1.Columns, Ffn2, stream, Width);
            AddRows(Ffn2Bias, stream, tokens);
        }

        private void Attention(float[] qkv, int tokens, ReadOnlySpan<int> lengths, float[] scores, float[] context)
        {
            var rowWidth = 3 * InputWidth;
            var headWidth = HeadWidth;
            for (var t = 0; t < tokens; t++)
            {
                var query = qkv.AsSpan(t * rowWidth, InputWidth);
                TensorPrimitives.Multiply(query, QueryScale, query);
            }
            var first = 0;
            foreach (var length in lengths)
            {
                for (var h = 0; h < Heads; h++)
                {
                    var offset = h * headWidth;
                    for (var i = 0; i < length; i++)
                    {
                        var query = qkv.AsSpan(((first + i) * rowWidth) + offset, headWidth);
                        var weights = scores.AsSpan(0, length);
                        for (var j = 0; j < length; j++)
                        {
                            weights[j] = TensorPrimitives.Dot(query, qkv.AsSpan(((first + j) * rowWidth) + InputWidth + offset, headWidth));
                        }
                        var max = TensorPrimitives.Max(weights);
                        TensorPrimitives.Subtract(weights, max, weights);
                        TensorPrimitives.Exp(weights, weights);
                        TensorPrimitives.Divide(weights, TensorPrimitives.Sum(weights), weights);
                        var target = context.AsSpan(((first + i) * InputWidth) + offset, headWidth);
                        target.Clear();
                        for (var j = 0; j < length; j++)
                        {
                            TensorPrimitives.MultiplyAdd(qkv.AsSpan(((first + j) * rowWidth) + (2 * InputWidth) + offset, headWidth), weights[j], target, target);
                        }
                    }
                }
                first += length;
            }
        }

        private static void LayerNorm(float[] input, int width, int tokens, float[] scale, float[] bias, float epsilon, float[] output)
        {
            for (var t = 0; t < tokens; t++)
            {
                var source = input.AsSpan(t * width, width);
                var target = output.AsSpan(t * width, width);
                var mean = TensorPrimitives.Sum(source) / width;
                TensorPrimitives.Subtract(source, mean, target);
                var variance = TensorPrimitives.SumOfSquares(target) / width;
                var inverse = 1f / MathF.Sqrt(variance + epsilon);
                TensorPrimitives.Multiply(target, inverse, target);
                TensorPrimitives.MultiplyAdd(target, scale, bias, target);
            }
        }

        private static void Broadcast(float[] row, float[] target, int rows)
        {
            for (var r = 0; r < rows; r++)
            {
                row.CopyTo(target, r * row.Length);
            }
        }

        private static void AddRows(float[] row, float[] target, int rows)
        {
            for (var r = 0; r < rows; r++)
            {
                var span = target.AsSpan(r * row.Length, row.Length);
                TensorPrimitives.Add(span, row, span);
            }
        }
    }
}
