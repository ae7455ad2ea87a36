using System.Collections.Frozen;
using System.Text;

namespace Clientele.Language.LanguageDetection;

/// <summary>
/// Tells the language of a short text (a review) from the scripts of its letters, and for Latin script from common
/// words and letters: English (<c>en</c>), Portuguese (<c>pt</c>), Spanish (<c>es</c>), French (<c>fr</c>), German
/// (<c>de</c>), Italian (<c>it</c>), Dutch (<c>nl</c>), Chinese (<c>zh</c>), Japanese (<c>ja</c>), Korean (<c>ko</c>),
/// another language (<c>other</c>), or undetermined (<c>und</c>: no letters at all). Pure, thread-safe, no model.
/// </summary>
/// <remarks>
/// <para>
/// Letters are counted by script, over code points: Han (CJK Unified Ideographs and their extensions and
/// compatibility blocks), kana (hiragana, katakana, half-width katakana), Hangul, Latin, and any other letter. Digits,
/// punctuation, symbols and emoji are not letters and do not count. Then:
/// </para>
/// <list type="number">
/// <item>no letters → <c>und</c>;</item>
/// <item>when Han, kana and Hangul together make at least <see cref="CjkShare"/> (30%) of the letters, the text is CJK:
/// <c>ko</c> if Hangul is most of it, else <c>ja</c> if kana is at least 10% of the Han and kana letters (Japanese
/// writes kana between its kanji; Chinese has none), else <c>zh</c>. A Han character carries about a word, so a Chinese
/// review with a brand name in Latin letters (<c>这个iPhone很好用</c>: 5 Han of 11 letters) is still Chinese;</item>
/// <item>when Latin letters make at least half of the letters, each Latin-script language scores one point per word
/// of the text in its list of common words (function words and everyday review words: <c>não</c>, <c>produto</c>,
/// <c>recomendo</c> for Portuguese), plus points for letters that mark it (<c>ã õ</c> Portuguese, <c>ñ</c> Spanish,
/// <c>ß ä ö ü</c> German, <c>è ê œ</c> French…). English wins ties against the others; a tie between two other
/// languages gives the caller's fallback when it is one of them, else <c>other</c>. A text with no evidence at all (<c>Wow</c>) has no language of its own: it is given
/// the caller's <c>fallback</c>, by default English, so that a short review with no known word (<c>Love it!</c>) is
/// English, and a batch of Portuguese reviews can lend its language to its one-word ones
/// (<see cref="Dominant"/>);</item>
/// <item>anything else (Cyrillic, Arabic, Thai…) → <c>other</c>.</item>
/// </list>
/// </remarks>
public static class LanguageDetector
{
    /// <summary>English.</summary>
    public const string English = "en";

    /// <summary>Portuguese.</summary>
    public const string Portuguese = "pt";

    /// <summary>Spanish.</summary>
    public const string Spanish = "es";

    /// <summary>French.</summary>
    public const string French = "fr";

    /// <summary>German.</summary>
    public const string German = "de";

    /// <summary>Italian.</summary>
    public const string Italian = "it";

    /// <summary>Dutch.</summary>
    public const string Dutch = "nl";

    /// <summary>Chinese (simplified or traditional).</summary>
    public const string Chinese = "zh";

    /// <summary>Japanese.</summary>
    public const string Japanese = "ja";

    /// <summary>Korean.</summary>
    public const string Korean = "ko";

    /// <summary>A language other than those above.</summary>
    public const string Other = "other";

    /// <summary>No letters to tell by (empty, digits, punctuation or emoji only).</summary>
    public const string Undetermined = "und";

    /// <summary>The share of letters in Han, kana or Hangul from which a text counts as Chinese, Japanese or Korean.</summary>
    public const double CjkShare = 0.3;

    private const double KanaShareForJapanese = 0.1;

    /// <summary>The Latin-script languages told apart by their words, English first (it wins ties).</summary>
    public static IReadOnlyList<string> LatinLanguages { get; } = [English, Portuguese, Spanish, French, German, Italian, Dutch];

    // Words that are also common English words ("no", "a", "die", "sim", "ate", "war") are left out of the other lists.
    private static readonly FrozenDictionary<string, FrozenSet<string>> Words = new Dictionary<string, FrozenSet<string>>
    {
        [English] = Set(
            "the", "and", "it", "is", "to", "of", "i", "my", "this", "that", "for", "with", "you", "not", "but", "was",
            "are", "have", "has", "be", "at", "so", "very", "all", "just", "we", "she", "he", "they", "what", "when",
            "would", "will", "can", "love", "great", "good", "works", "easy", "use", "like", "from", "an", "or", "do",
            "does", "did", "had", "its", "it's", "i'm", "don't", "our", "your", "there", "which", "well", "product",
            "arrived", "recommend", "received", "bought", "price", "item", "quality", "nice", "bad", "poor", "never",
            "too", "really", "after", "than", "about", "only", "didn't", "doesn't", "wasn't", "delivery", "fast", "loved"),
        [Portuguese] = Set(
            "não", "nao", "com", "um", "uma", "muito", "muita", "mas", "é", "os", "da", "em", "ao", "de", "que",
            "para", "por", "do", "dos", "das", "na", "o", "e", "se", "foi", "meu", "minha", "produto", "produtos",
            "recomendo", "entrega", "chegou", "prazo", "bom", "boa", "ótimo", "otimo", "ótima", "otima", "excelente",
            "gostei", "bem", "loja", "antes", "ainda", "veio", "está", "esta", "estou", "recebi", "comprei", "pedido",
            "qualidade", "tudo", "certo", "já", "até", "mais", "também", "tambem", "nem", "nunca", "entregue", "rápido",
            "rapido", "rápida", "rapida", "parabéns", "parabens", "péssimo", "pessimo", "ruim", "correto", "perfeito",
            "lindo", "obrigado", "obrigada", "atendimento", "vendedor", "aguardando", "isso", "dia", "dias", "pelo",
            "pela", "estava", "são", "tem", "ter", "eu", "ele", "mesmo", "agora", "compra", "recebido", "satisfeito"),
        [Spanish] = Set(
            "el", "los", "las", "que", "y", "es", "muy", "pero", "con", "para", "una", "por", "del", "lo", "está", "de",
            "la", "en", "un", "se", "mi", "producto", "llegó", "llego", "bueno", "buena", "excelente", "recomiendo",
            "todo", "bien", "calidad", "tiene", "también", "gracias", "fue", "pedido", "malo", "mala", "nunca", "precio",
            "hay", "este", "esta", "como", "más", "mas", "estoy", "yo", "funciona", "perfecto"),
        [French] = Set(
            "le", "les", "et", "est", "très", "tres", "pas", "une", "des", "du", "mais", "avec", "pour", "je", "c'est",
            "il", "la", "de", "en", "qui", "sur", "un", "ne", "ce", "produit", "bien", "trop", "bon", "bonne", "reçu",
            "recu", "livraison", "j'ai", "vous", "nous", "à", "au", "aux", "sont", "été", "était", "plus", "rien",
            "qualité", "merci", "conforme", "parfait"),
        [German] = Set(
            "und", "der", "das", "ist", "nicht", "sehr", "ein", "eine", "mit", "ich", "aber", "auch", "für", "den",
            "dem", "zu", "es", "gut", "habe", "wie", "sich", "auf", "noch", "nur", "schnell", "produkt", "leider",
            "kein", "keine", "von", "im", "wurde", "wir", "bin"),
        [Italian] = Set(
            "di", "che", "è", "non", "molto", "della", "sono", "gli", "questo", "ma", "per", "il", "la", "un", "una",
            "del", "con", "prodotto", "ottimo", "buono", "bene", "consiglio", "arrivato", "anche", "ho", "perfetto",
            "qualità", "prezzo", "tutto", "mi", "lo", "nel", "alla"),
        [Dutch] = Set(
            "het", "een", "niet", "zeer", "ook", "maar", "heel", "ik", "van", "voor", "zijn", "de", "en", "is", "dat",
            "met", "op", "goed", "product", "snel", "geen", "wel", "te", "naar", "werkt", "mooi"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Letters that mark a language, with the points each occurrence adds.
    private static readonly FrozenDictionary<char, (string Language, double Points)[]> MarkedLetters = new Dictionary<char, (string, double)[]>
    {
        ['ã'] = [(Portuguese, 1)], ['õ'] = [(Portuguese, 1)], ['ç'] = [(Portuguese, 0.5), (French, 0.5)],
        ['ñ'] = [(Spanish, 1)], ['¿'] = [(Spanish, 1)], ['¡'] = [(Spanish, 1)],
        ['ß'] = [(German, 1)], ['ä'] = [(German, 1)], ['ö'] = [(German, 1)], ['ü'] = [(German, 0.5)],
        ['è'] = [(French, 0.5), (Italian, 0.5)], ['ê'] = [(French, 0.5), (Portuguese, 0.5)], ['ë'] = [(French, 0.5), (Dutch, 0.5)],
        ['î'] = [(French, 0.5)], ['ï'] = [(French, 0.5)], ['û'] = [(French, 0.5)], ['ù'] = [(French, 0.5)], ['œ'] = [(French, 1)],
        ['ì'] = [(Italian, 1)], ['ò'] = [(Italian, 1)],
        ['á'] = [(Portuguese, 0.5), (Spanish, 0.5)], ['í'] = [(Portuguese, 0.5), (Spanish, 0.5)],
        ['ó'] = [(Portuguese, 0.5), (Spanish, 0.5)], ['ú'] = [(Portuguese, 0.5), (Spanish, 0.5)],
        ['â'] = [(Portuguese, 0.5), (French, 0.5)], ['ô'] = [(Portuguese, 0.5), (French, 0.5)],
        ['é'] = [(Portuguese, 0.25), (Spanish, 0.25), (French, 0.25)], ['à'] = [(Portuguese, 0.25), (French, 0.25), (Italian, 0.25)],
    }.ToFrozenDictionary();

    /// <summary>The language code of <paramref name="text"/>; English when a Latin-script text gives no evidence.</summary>
    public static string Detect(string text) => Detect(text, English);

    /// <summary>
    /// The language code of <paramref name="text"/>: one of <see cref="LatinLanguages"/>, <c>zh</c>, <c>ja</c>, <c>ko</c>,
    /// <c>other</c> or <c>und</c>; <paramref name="fallback"/> for a Latin-script text without a known word or marked letter.
    /// </summary>
    public static string Detect(string text, string fallback)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fallback);
        var counts = ScriptCounts.Of(text);
        if (counts.Letters == 0)
        {
            return Undetermined;
        }
        var cjk = counts.Han + counts.Kana + counts.Hangul;
        if (cjk >= CjkShare * counts.Letters)
        {
            if (counts.Hangul * 2 > cjk)
            {
                return Korean;
            }
            return counts.Kana >= KanaShareForJapanese * (counts.Han + counts.Kana) ? Japanese : Chinese;
        }
        if (counts.Latin * 2 >= counts.Letters)
        {
            return LatinLanguage(text, fallback) ?? fallback;
        }
        return Other;
    }

    /// <summary>
    /// The language most of <paramref name="texts"/> are in, counting only those that give evidence of their own
    /// (a known word or marked letter, or a non-Latin script), or null when none does. A batch's one-word texts can take
    /// it as their fallback.
    /// </summary>
    public static string? Dominant(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var language = Detect(text, Undetermined);
            if (language != Undetermined)
            {
                votes[language] = votes.GetValueOrDefault(language) + 1;
            }
        }
        return votes.Count == 0 ? null : votes.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).First().Key;
    }

    /// <summary>
    /// The best-scoring Latin-script language; at a tie between two that are not English, <paramref name="fallback"/>
    /// when it is one of them, else <c>other</c>; null without evidence.
    /// </summary>
    private static string? LatinLanguage(string text, string fallback)
    {
        Span<double> scores = stackalloc double[LatinLanguages.Count];
        foreach (var word in LowerWords(text))
        {
            for (var l = 0; l < LatinLanguages.Count; l++)
            {
                if (Words[LatinLanguages[l]].Contains(word))
                {
                    scores[l]++;
                }
            }
        }
        foreach (var c in text)
        {
            if (MarkedLetters.TryGetValue(char.ToLowerInvariant(c), out var marks))
            {
                foreach (var (language, points) in marks)
                {
                    scores[IndexOf(language)] += points;
                }
            }
        }
        var best = 0;
        for (var l = 1; l < scores.Length; l++)
        {
            if (scores[l] > scores[best])
            {
                best = l;
            }
        }
        if (scores[best] == 0)
        {
            return null;
        }
        if (best == 0)
        {
            return English;
        }
        var tied = false;
        for (var l = 1; l < scores.Length; l++)
        {
            if (l != best && scores[l] == scores[best])
            {
                tied = true;
                if (LatinLanguages[l] == fallback)
                {
                    return fallback;
                }
            }
        }
        return !tied || LatinLanguages[best] == fallback ? LatinLanguages[best] : Other;
    }

    private static int IndexOf(string language)
    {
        for (var l = 0; l < LatinLanguages.Count; l++)
        {
            if (LatinLanguages[l] == language)
            {
                return l;
            }
        }
        throw new ArgumentException($"Not a Latin-script language: {language}.", nameof(language));
    }

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Runs of letters and apostrophes, lower-cased (curly apostrophes as straight ones).</summary>
    private static IEnumerable<string> LowerWords(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetter(c) || ((c == '\'' || c == '\u2019') && word.Length > 0))
            {
                word.Append(c == '\u2019' ? '\'' : char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString().TrimEnd('\'');
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            yield return word.ToString().TrimEnd('\'');
        }
    }
}
