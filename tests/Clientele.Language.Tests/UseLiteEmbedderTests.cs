namespace Clientele.Language.Tests;

/// <summary>
/// The embedder against the reference file: ids and vectors that the package's own JavaScript runtime produced for
/// 57 texts (product phrases, edge cases, Online Retail descriptions, Alexa reviews).
/// </summary>
public sealed class UseLiteEmbedderTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Tokenize_ReferenceTexts_IdsIdenticalToJavaScriptRuntime()
    {
        var embedder = UseLiteModel.Embedder;
        var mismatches = UseLiteModel.Reference
            .Select((item, index) => (item, index, ids: embedder.Tokenize(item.Text)))
            .Where(x => !x.ids.SequenceEqual(x.item.TokenIds))
            .Select(x => $"#{x.index} \"{x.item.Text}\": expected [{string.Join(", ", x.item.TokenIds)}], got [{string.Join(", ", x.ids)}]")
            .ToList();

        Assert.Equal(57, UseLiteModel.Reference.Count);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public void Embed_ReferenceTexts_WithinOneInHundredThousandOfJavaScriptRuntime()
    {
        var embedder = UseLiteModel.Embedder;
        var failures = new List<string>();
        foreach (var (item, index) in UseLiteModel.Reference.Select((item, index) => (item, index)))
        {
            var difference = UseLiteModel.MaxAbsoluteDifference(embedder.Embed(item.Text), item.Embedding);
            if (difference > Tolerance)
            {
                failures.Add($"#{index} \"{item.Text}\": max |difference| {difference:E2}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData(7)]  // empty text: no tokens, the vector of tanh(bias)
    [InlineData(11)] // emoji: one merged unknown id
    [InlineData(13)] // Chinese: ▁ and one merged unknown id
    [InlineData(16)] // 201 tokens: the graph reads the first 128
    public void Embed_EdgeCases_MatchReference(int index)
    {
        var item = UseLiteModel.Reference[index];

        var vector = UseLiteModel.Embedder.Embed(item.Text);

        Assert.True(UseLiteModel.MaxAbsoluteDifference(vector, item.Embedding) <= Tolerance);
    }

    [Fact]
    public void Embed_LongText_ReadsOnlyTheFirst128Tokens()
    {
        var embedder = UseLiteModel.Embedder;
        var text = UseLiteModel.Reference[16].Text; // "very very …", 201 tokens
        Assert.Equal(201, embedder.Tokenize(text).Length);
        Assert.Equal(128, embedder.MaximumTokens);

        var longer = embedder.Embed(text + " and then something else entirely");

        Assert.True(UseLiteModel.MaxAbsoluteDifference(longer, embedder.Embed(text)) == 0);
    }

    [Fact]
    public void Embed_Batch_SameAsOneByOne()
    {
        var embedder = UseLiteModel.Embedder;
        var texts = UseLiteModel.Reference.Select(r => r.Text).ToList();

        var batch = embedder.Embed(texts);

        Assert.Equal(texts.Count, batch.Length);
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.True(UseLiteModel.MaxAbsoluteDifference(batch[i], embedder.Embed(texts[i])) <= 1e-6, $"text #{i}");
            Assert.True(UseLiteModel.MaxAbsoluteDifference(batch[i], UseLiteModel.Reference[i].Embedding) <= Tolerance, $"text #{i}");
        }
    }

    [Fact]
    public void Embed_LargeShuffledBatch_SameAsOneByOneInInputOrder()
    {
        // Many texts: several parallel ranges, each split into several batches of about 512 tokens.
        var embedder = UseLiteModel.Embedder;
        var reference = UseLiteModel.Reference;
        var random = new Random(6);
        var picks = Enumerable.Range(0, 400).Select(_ => random.Next(reference.Count)).ToArray();

        var batch = embedder.Embed(picks.Select(p => reference[p].Text).ToList());

        for (var i = 0; i < picks.Length; i++)
        {
            Assert.True(UseLiteModel.MaxAbsoluteDifference(batch[i], reference[picks[i]].Embedding) <= Tolerance, $"position {i} (text #{picks[i]})");
        }
    }

    [Fact]
    public void Embed_EmptyList_ReturnsNoVectors()
    {
        Assert.Empty(UseLiteModel.Embedder.Embed(Array.Empty<string>()));
    }

    [Fact]
    public void Embed_NullInList_ThrowsNamingPosition()
    {
        var error = Assert.Throws<ArgumentException>(() => UseLiteModel.Embedder.Embed(["fine", null!]));

        Assert.Contains("Text 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_AnyText_UnitLengthVectorOf512()
    {
        var embedder = UseLiteModel.Embedder;
        Assert.Equal(512, embedder.Dimensions);
        foreach (var text in new[] { "", "   ", "Great product!", "ｶﾞ ﬁne ＡＢＣ", new string('x', 2000) })
        {
            var vector = embedder.Embed(text);

            Assert.Equal(512, vector.Length);
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 5);
        }
    }

    [Fact]
    public void Embed_SimilarMeaning_CloserThanUnrelated()
    {
        var embedder = UseLiteModel.Embedder;
        var headphones = embedder.Embed("Wireless noise-cancelling headphones with 30-hour battery life");
        var headset = embedder.Embed("Bluetooth over-ear headset that blocks outside noise, long battery");
        var romper = embedder.Embed("Organic cotton baby romper, size 6-12 months");

        Assert.True(UseLiteModel.Cosine(headphones, headset) > UseLiteModel.Cosine(headphones, romper) + 0.2);
    }

    [Fact]
    public void Embed_WarmSingleText_AllocatesOnlyTheResultWhateverItsLength()
    {
        // No per-token allocation: a warm embedder allocates the returned vector and nothing that grows with the text.
        var embedder = UseLiteModel.Embedder;
        var shortText = "cheap running shoes for men and women";
        var longText = string.Join(' ', Enumerable.Repeat("comfortable waterproof hiking boots", 40));
        embedder.Embed(longText);
        embedder.Embed(shortText);

        var forShort = AllocatedBy(() => embedder.Embed(shortText));
        var forLong = AllocatedBy(() => embedder.Embed(longText));

        Assert.True(forShort < 4096, $"{forShort} bytes for a short text");
        Assert.True(forLong < 4096, $"{forLong} bytes for a 128-token text");
    }

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
