using System.Collections.Frozen;
using System.Text;

namespace Clientele.Language.LanguageDetection;

/// <summary>
/// Tells the language of a short text (a review) from the scripts of its letters, and for Latin script from a few
/// function words: English (<c>en</c>), Chinese (<c>zh</c>), Japanese (<c>ja</c>), Korean (<c>ko</c>), another
/// language (<c>other</c>), or undetermined (<c>und</c>: no letters at all). Pure, thread-safe, no model.
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
/// <item>when Latin letters make at least half of the letters, the text is <c>en</c> unless it reads as another
/// Latin-script language: more of its words are common function words of Spanish, French, German, Italian,
/// Portuguese or Dutch than of English, or (at a tie) at least 5% of its Latin letters carry diacritics
/// (<c>é ñ ü ß</c>…). A short review with no function word at all (<c>Love it!</c>) is English;</item>
/// <item>anything else (Cyrillic, Arabic, Thai…) → <c>other</c>.</item>
/// </list>
/// </remarks>
public static class LanguageDetector
{
    /// <summary>English.</summary>
    public const string English = "en";

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
    private const double DiacriticShare = 0.05;

    private static readonly FrozenSet<string> EnglishWords = new[]
    {
        "the", "and", "it", "is", "to", "of", "i", "my", "this", "that", "for", "with", "you", "not", "but", "was",
        "are", "have", "has", "be", "at", "so", "very", "all", "just", "we", "she", "he", "they", "what", "when",
        "would", "will", "can", "love", "great", "good", "works", "easy", "use", "like", "from", "an", "or", "do",
        "does", "did", "had", "its", "it's", "i'm", "don't", "our", "your", "there", "which", "well",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Function words of Spanish, French, German, Italian, Portuguese and Dutch that are not English words.
    private static readonly FrozenSet<string> OtherLatinWords = new[]
    {
        "el", "los", "las", "que", "y", "es", "muy", "pero", "con", "para", "una", "por", "del", "lo", "está",
        "le", "les", "et", "est", "très", "pas", "une", "des", "du", "mais", "avec", "pour", "je", "c'est", "il",
        "und", "der", "das", "ist", "nicht", "sehr", "ein", "eine", "mit", "ich", "aber", "auch", "für",
        "het", "een", "niet", "zeer", "ook", "maar", "heel", "ik", "van", "voor", "zijn",
        "di", "che", "è", "non", "molto", "della", "sono", "gli", "questo", "ma", "per",
        "não", "com", "um", "uma", "muito", "mas", "é", "os", "da", "em", "ao",
        "la", "de", "en", "qui", "sur",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The language code of <paramref name="text"/>: <c>en</c>, <c>zh</c>, <c>ja</c>, <c>ko</c>, <c>other</c> or <c>und</c>.</summary>
    public static string Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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
            return LatinLanguage(text, counts);
        }
        return Other;
    }

    private static string LatinLanguage(string text, ScriptCounts counts)
    {
        int english = 0, other = 0;
        foreach (var word in LowerWords(text))
        {
            if (EnglishWords.Contains(word))
            {
                english++;
            }
            else if (OtherLatinWords.Contains(word))
            {
                other++;
            }
        }
        if (other > english)
        {
            return Other;
        }
        if (other == english && counts.LatinWithDiacritics >= DiacriticShare * counts.Latin)
        {
            return Other;
        }
        return English;
    }

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

/// <summary>How many letters of a text are in each script (code points; non-letters are not counted).</summary>
public readonly record struct ScriptCounts(int Letters, int Han, int Kana, int Hangul, int Latin, int LatinWithDiacritics)
{
    /// <summary>Counts the letters of <paramref name="text"/> by script.</summary>
    public static ScriptCounts Of(ReadOnlySpan<char> text)
    {
        int letters = 0, han = 0, kana = 0, hangul = 0, latin = 0, diacritics = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var cp = rune.Value;
            if (IsHan(cp))
            {
                han++;
                letters++;
            }
            else if (IsKana(cp))
            {
                kana++;
                letters++;
            }
            else if (IsHangul(cp))
            {
                hangul++;
                letters++;
            }
            else if (Rune.IsLetter(rune))
            {
                letters++;
                if (IsLatin(cp))
                {
                    latin++;
                    if (cp > 0x7F && !IsFullwidthAscii(cp))
                    {
                        diacritics++;
                    }
                }
            }
        }
        return new ScriptCounts(letters, han, kana, hangul, latin, diacritics);
    }

    private static bool IsHan(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) // CJK Unified Ideographs
            or (>= 0x3400 and <= 0x4DBF) // Extension A
            or (>= 0x20000 and <= 0x323AF) // Extensions B–H
            or (>= 0xF900 and <= 0xFAFF) // Compatibility Ideographs
            or (>= 0x2F800 and <= 0x2FA1F) // Compatibility Ideographs Supplement
            or 0x3005 or 0x3007; // 々 〇

    private static bool IsKana(int cp) =>
        cp is (>= 0x3041 and <= 0x309F) // Hiragana
            or (>= 0x30A0 and <= 0x30FF) // Katakana
            or (>= 0x31F0 and <= 0x31FF) // Katakana Phonetic Extensions
            or (>= 0xFF66 and <= 0xFF9F); // Half-width katakana

    private static bool IsHangul(int cp) =>
        cp is (>= 0xAC00 and <= 0xD7AF) // Syllables
            or (>= 0x1100 and <= 0x11FF) // Jamo
            or (>= 0x3130 and <= 0x318F); // Compatibility Jamo

    private static bool IsLatin(int cp) =>
        cp is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z')
            or (>= 0xC0 and <= 0x24F) // Latin-1 Supplement letters, Extended-A and -B
            or (>= 0x1E00 and <= 0x1EFF) // Latin Extended Additional
            || IsFullwidthAscii(cp);

    private static bool IsFullwidthAscii(int cp) => cp is (>= 0xFF21 and <= 0xFF3A) or (>= 0xFF41 and <= 0xFF5A);
}
