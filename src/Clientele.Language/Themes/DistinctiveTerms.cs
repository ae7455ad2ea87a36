namespace Clientele.Language.Themes;

/// <summary>
/// The words and phrases that most distinguish each group's texts from the other groups': the log-odds ratio with an
/// informative Dirichlet prior of Monroe, Colaresi &amp; Quinn (2008), "Fightin' Words", Political Analysis 16(4), §3.5.
/// For term w, group counts yᵢ (total nᵢ), the other groups' counts yⱼ (total nⱼ) and prior counts αw = s · (yᵢ + yⱼ)
/// (total α₀): δ = log((yᵢ+αw)/(nᵢ+α₀−yᵢ−αw)) − log((yⱼ+αw)/(nⱼ+α₀−yⱼ−αw)), σ² ≈ 1/(yᵢ+αw) + 1/(yⱼ+αw), z = δ/σ.
/// Unlike raw frequency it does not crown the words every group uses, and unlike a plain log-odds ratio it does not
/// crown a word used twice by one group and never by the others.
/// </summary>
public static class DistinctiveTerms
{
    /// <summary>
    /// Function words of English, Portuguese, Spanish, French, German, Italian and Dutch (articles, prepositions,
    /// pronouns, conjunctions, common auxiliaries: "pelo", "para", "with", "avec"), and words that say nothing about a
    /// product. Words shorter than <see cref="DistinctiveTermsOptions.MinimumWordLength"/> are left out anyway.
    /// </summary>
    public static IReadOnlySet<string> StopWords { get; } = new HashSet<string>(
        [
            // English
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of",
            "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "not", "set", "pack", "assorted",
            "into", "your", "you", "our", "can", "all", "any", "per", "one", "two", "new", "also", "more", "very",
            // Portuguese
            "de", "da", "do", "das", "dos", "e", "o", "os", "as", "um", "uma", "uns", "umas", "que", "com", "para", "por", "pelo",
            "pela", "pelos", "pelas", "no", "na", "nos", "nas", "em", "num", "numa", "nao", "não", "muito", "muita", "foi", "mais",
            "meu", "minha", "seu", "sua", "seus", "suas", "ainda", "mas", "pois", "ate", "até", "ja", "já", "se", "ao", "aos", "à",
            "às", "como", "sem", "sobre", "entre", "este", "esta", "esse", "essa", "isso", "isto", "ele", "ela", "eles", "elas",
            "são", "ser", "ter", "tem", "está", "estar", "foram", "era", "bem", "também", "tambem", "quando", "onde", "qual",
            // Spanish
            "el", "la", "los", "las", "del", "al", "y", "con", "sin", "por", "para", "una", "unos", "unas", "muy", "pero", "como",
            "este", "esta", "estos", "estas", "ese", "esa", "su", "sus", "es", "son", "fue", "más", "mas", "también", "porque",
            // French
            "le", "les", "des", "du", "et", "est", "une", "pour", "avec", "dans", "sur", "par", "pas", "plus", "qui", "que", "aux",
            "ces", "cette", "son", "ses", "sont", "être", "avoir", "très", "mais", "tout", "tous",
            // German
            "der", "die", "das", "den", "dem", "des", "und", "ist", "ein", "eine", "einen", "einem", "einer", "mit", "für", "von",
            "auf", "aus", "bei", "nicht", "sehr", "auch", "sich", "oder", "wie", "zum", "zur", "nur", "noch",
            // Italian
            "il", "lo", "gli", "della", "delle", "dei", "degli", "del", "con", "per", "una", "uno", "che", "non", "sono", "molto",
            "questo", "questa", "nel", "nella", "alla", "alle", "anche", "come", "più",
            // Dutch
            "het", "een", "van", "voor", "met", "niet", "zijn", "ook", "maar", "heel", "zeer", "dat", "deze", "die", "naar", "bij",
            "aan", "uit", "over", "wel", "geen",
        ],
        StringComparer.Ordinal);

    /// <summary>
    /// The top terms of every group. <paramref name="texts"/> holds (group, text, weight): each term of a text (once,
    /// however often the text repeats it) counts <c>weight</c> times in its group (for example once per customer who
    /// bought the product, so a bulk buyer does not make a theme alone).
    /// </summary>
    public static IReadOnlyDictionary<TGroup, IReadOnlyList<DistinctiveTerm>> Compute<TGroup>(
        IEnumerable<(TGroup Group, string Text, double Weight)> texts, DistinctiveTermsOptions? options = null)
        where TGroup : notnull
    {
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new DistinctiveTermsOptions();
        options.Validate();
        var counts = new Dictionary<TGroup, Dictionary<string, double>>();
        var total = new Dictionary<string, double>(StringComparer.Ordinal);
        var terms = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (group, text, weight) in texts)
        {
            if (!(weight > 0) || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (!terms.TryGetValue(text, out var termsOfText))
            {
                termsOfText = Terms(text, options).ToArray();
                terms[text] = termsOfText;
            }
            if (!counts.TryGetValue(group, out var groupCounts))
            {
                groupCounts = new Dictionary<string, double>(StringComparer.Ordinal);
                counts[group] = groupCounts;
            }
            foreach (var term in termsOfText)
            {
                groupCounts[term] = groupCounts.GetValueOrDefault(term) + weight;
                total[term] = total.GetValueOrDefault(term) + weight;
            }
        }
        var n = total.Values.Sum();
        var alpha0 = options.PriorScale * n;
        var result = new Dictionary<TGroup, IReadOnlyList<DistinctiveTerm>>();
        foreach (var (group, groupCounts) in counts)
        {
            var ni = groupCounts.Values.Sum();
            var nj = n - ni;
            var scored = new List<DistinctiveTerm>();
            foreach (var (term, yi) in groupCounts)
            {
                if (yi < options.MinimumCount)
                {
                    continue;
                }
                var z = ZScore(yi, total[term] - yi, ni, nj, options.PriorScale * total[term], alpha0);
                if (double.IsFinite(z) && z > 0) // a corpus of one term has no distinctive term: its z is infinite
                {
                    scored.Add(new DistinctiveTerm(term, z, yi));
                }
            }
            result[group] = scored
                .OrderByDescending(t => t.ZScore)
                .ThenBy(t => t.Term, StringComparer.Ordinal)
                .Where(KeepPhraseOrItsWords())
                .Take(options.Top)
                .ToArray();
        }
        return result;
    }

    /// <summary>Monroe et al.'s z-score of one term (equations 16, 18 and 19 of the paper).</summary>
    public static double ZScore(double yi, double yj, double ni, double nj, double alphaW, double alpha0)
    {
        var delta = Math.Log((yi + alphaW) / (ni + alpha0 - yi - alphaW)) - Math.Log((yj + alphaW) / (nj + alpha0 - yj - alphaW));
        var variance = (1 / (yi + alphaW)) + (1 / (yj + alphaW));
        return delta / Math.Sqrt(variance);
    }

    /// <summary>The lower-case words of <paramref name="text"/> (letters and digits; stop words and short words left out), then adjacent pairs.</summary>
    public static IEnumerable<string> Terms(string text, DistinctiveTermsOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = text[start..i].ToLowerInvariant();
                start = -1;
                if (word.Length >= options.MinimumWordLength && !StopWords.Contains(word) && !word.All(char.IsDigit))
                {
                    words.Add(word);
                }
                else
                {
                    words.Add("");
                }
            }
            if (!inWord && i < text.Length && (char.IsPunctuation(text[i]) || char.IsSymbol(text[i])) && text[i] is not ('-' or '\'' or '&'))
            {
                // A comma or a full stop ends a phrase too.
                words.Add("");
            }
        }
        // A stop word or punctuation breaks a phrase: "bag of bags" yields no pair.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Length > 0 && seen.Add(words[i]))
            {
                yield return words[i];
            }
            if (options.Phrases && i > 0 && words[i].Length > 0 && words[i - 1].Length > 0)
            {
                var phrase = words[i - 1] + " " + words[i];
                if (seen.Add(phrase))
                {
                    yield return phrase;
                }
            }
        }
    }

    /// <summary>
    /// A phrase and its own words say the same thing: of "cake", "stand" and "cake stand", keep the first that ranks;
    /// a later one whose words are all in an earlier one (or that contains an earlier one) is dropped.
    /// </summary>
    private static Func<DistinctiveTerm, bool> KeepPhraseOrItsWords()
    {
        var kept = new List<string[]>();
        return term =>
        {
            var words = term.Term.Split(' ');
            foreach (var earlier in kept)
            {
                if (words.All(earlier.Contains) || earlier.All(words.Contains))
                {
                    return false;
                }
            }
            kept.Add(words);
            return true;
        };
    }
}
