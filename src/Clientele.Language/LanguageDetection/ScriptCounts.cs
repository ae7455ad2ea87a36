using System.Text;

namespace Clientele.Language.LanguageDetection;

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
