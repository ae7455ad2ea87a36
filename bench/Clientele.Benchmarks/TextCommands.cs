using System.Globalization;
using System.Text.Json;
using Clientele.Language;

namespace Clientele.Benchmarks;

/// <summary>
/// The Clientele side of <c>bench/peers/run-use-lite.sh</c>: short texts for both sides, and the throughput of the
/// C# Universal Sentence Encoder Lite on them.
/// </summary>
internal static class TextCommands
{
    /// <summary>
    /// Writes <c>--count</c> short texts (one per line) to PATH: the Amazon Alexa reviews whose USE-lite token count is
    /// between <c>--min-tokens</c> and <c>--max-tokens</c> (default 12–18, about 15), in file order, repeated when there
    /// are fewer. Prints the count and the mean token count.
    /// </summary>
    public static int ExportShortTexts(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return Commands.Fail("export-short-texts needs a PATH.");
        }
        var options = Commands.Parse(args[1..]);
        var count = Commands.Int(options, "count", 3000);
        var minimum = Commands.Int(options, "min-tokens", 12);
        var maximum = Commands.Int(options, "max-tokens", 18);
        var source = options.TryGetValue("alexa", out var alexa)
            ? alexa
            : Path.Combine(RepositoryRoot.Find(), "..", "shared", "data", "reviews-amazon-alexa", "amazon_alexa.tsv");
        if (!File.Exists(source))
        {
            return Commands.Fail($"no Alexa reviews at {source}; pass --alexa PATH (a TSV with a verified_reviews column)");
        }
        var embedder = UseLiteEmbedder.Load(options.GetValueOrDefault("model"));
        var lines = File.ReadAllLines(source);
        var column = Array.IndexOf(lines[0].TrimStart('\uFEFF').Split('\t'), "verified_reviews");
        var picked = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length <= column)
            {
                continue;
            }
            var text = fields[column].Trim().Trim('"');
            var tokens = embedder.Tokenize(text).Length;
            if (tokens >= minimum && tokens <= maximum && !text.Contains('\n', StringComparison.Ordinal) && seen.Add(text))
            {
                picked.Add(text);
            }
        }
        if (picked.Count == 0)
        {
            return Commands.Fail($"no review in {source} has {minimum}–{maximum} tokens");
        }
        var texts = Enumerable.Range(0, count).Select(i => picked[i % picked.Count]).ToList();
        File.WriteAllLines(path: args[0], texts);
        var meanTokens = texts.Average(t => embedder.Tokenize(t).Length);
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"wrote {count} texts ({picked.Count} distinct reviews of {minimum}–{maximum} tokens, mean {meanTokens:0.0} tokens) to {args[0]}"));
        return 0;
    }

    /// <summary>
    /// Embeds every line of <c>--texts</c> with <see cref="UseLiteEmbedder.Embed(IReadOnlyList{string})"/> (batched,
    /// all cores), <c>--repeat</c> times after an untimed warm-up, and prints one JSON line: texts, tokens, the
    /// seconds and CPU seconds of every run, and texts per second of the median run.
    /// </summary>
    public static int UseLiteThroughput(string[] args)
    {
        var options = Commands.Parse(args);
        if (!options.TryGetValue("texts", out var path))
        {
            return Commands.Fail("use-lite-throughput needs --texts PATH.");
        }
        var repeat = Commands.Int(options, "repeat", 5);
        var texts = File.ReadAllLines(path);
        var embedder = UseLiteEmbedder.Load(options.GetValueOrDefault("model"));
        var tokens = texts.Sum(t => Math.Min(embedder.Tokenize(t).Length, embedder.MaximumTokens));

        Timing.WarmUp(() => embedder.Embed(texts.Take(64).ToArray()));
        var (vectors, seconds) = Timing.Repeat(repeat, () => embedder.Embed(texts));
        var median = seconds.Order().ElementAt(seconds.Length / 2);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["side"] = "clientele",
            ["runtime"] = $".NET {Environment.Version}, UseLiteEmbedder, {Environment.ProcessorCount} cores",
            ["texts"] = texts.Length,
            ["tokens"] = tokens,
            ["dimensions"] = vectors[0].Length,
            ["seconds"] = seconds,
            ["cpu_seconds"] = Timing.LastCpuSeconds,
            ["texts_per_second"] = texts.Length / median,
        }));
        return 0;
    }
}
