using System.Globalization;
using System.Text;

namespace Clientele.Language.Briefs;

/// <summary>Numbers and names as briefs write them, in English and in Chinese.</summary>
public static class BriefText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// A product name for prose: spaces collapsed and trimmed; an all-capitals name (as Online Retail has them) in title
    /// case, with short words such as "of" in lower case and tokens with digits left alone ("WHITE HANGING HEART T-LIGHT
    /// HOLDER" → "White Hanging Heart T-Light Holder").
    /// </summary>
    public static string ProductName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var shouting = name.Any(char.IsLetter) && !name.Any(char.IsLower);
        if (!shouting)
        {
            return string.Join(' ', words);
        }
        for (var i = 0; i < words.Length; i++)
        {
            var lower = words[i].ToLowerInvariant();
            words[i] = i > 0 && SmallWords.Contains(lower) ? lower : TitleWord(lower);
        }
        return string.Join(' ', words);
    }

    private static readonly HashSet<string> SmallWords = ["a", "an", "and", "of", "the", "in", "on", "with", "for", "to", "or"];

    private static string TitleWord(string word)
    {
        var builder = new StringBuilder(word.Length);
        var startOfPart = true;
        foreach (var c in word)
        {
            builder.Append(startOfPart && char.IsLetter(c) ? char.ToUpperInvariant(c) : c);
            startOfPart = !char.IsLetterOrDigit(c) && c != '\'';
        }
        return builder.ToString();
    }

    /// <summary>"12.3%": one decimal; "under 0.1%" / "不到 0.1%" for a positive share that would round to 0.</summary>
    public static string Percent(double share, BriefLanguage language)
    {
        if (share > 0 && share < 0.0005)
        {
            return language == BriefLanguage.Chinese ? "不到 0.1%" : "under 0.1%";
        }
        var text = (share * 100).ToString("0.0", Invariant);
        return (text.EndsWith(".0", StringComparison.Ordinal) ? text[..^2] : text) + "%";
    }

    /// <summary>A ratio as a share of something, rounded to a whole percent from 10% ("29%"), with one decimal below ("7.7%").</summary>
    public static string RoundPercent(double share, BriefLanguage language) =>
        share >= 0.095 ? (share * 100).ToString("0", Invariant) + "%" : Percent(share, language);

    /// <summary>A mean count such as products bought: whole from 10 ("142"), one decimal below ("3.5").</summary>
    public static string Amount(double value) => Math.Abs(value) >= 10 ? Math.Round(value).ToString("N0", Invariant) : Number(value);

    /// <summary>A count: "4,338" in English; in Chinese the same below 10,000 and in 万 above ("1.2万").</summary>
    public static string Count(double value, BriefLanguage language) =>
        language == BriefLanguage.Chinese && Math.Abs(value) >= 10_000 ? TenThousands(value) : value.ToString("N0", Invariant);

    /// <summary>Money without a currency (the store does not know it): whole units from 100, cents below.</summary>
    public static string Money(double value, BriefLanguage language) =>
        Math.Abs(value) >= 100 ? Count(Math.Round(value), language) : value.ToString("N2", Invariant);

    /// <summary>A mean such as a number of orders: "3", "1.3", "11.8".</summary>
    public static string Number(double value)
    {
        var text = value.ToString("0.0", Invariant);
        return text.EndsWith(".0", StringComparison.Ordinal) ? text[..^2] : text;
    }

    private static string TenThousands(double value)
    {
        if (Math.Abs(value) >= 100_000_000)
        {
            return Number(value / 100_000_000) + "亿";
        }
        return Number(value / 10_000) + "万";
    }

    /// <summary>"“a”、“b”和“c”" / "a, b and c": a list as prose, each item quoted in Chinese.</summary>
    public static string List(IReadOnlyList<string> items, BriefLanguage language)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (language == BriefLanguage.Chinese)
        {
            var quoted = items.Select(i => $"“{i}”").ToArray();
            return quoted.Length <= 1 ? string.Concat(quoted) : string.Join("、", quoted[..^1]) + "和" + quoted[^1];
        }
        return items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
    }

    /// <summary>"1 day" / "3 days" (and the same for other nouns with a plain plural).</summary>
    public static string Plural(double count, string noun)
    {
        var text = Number(count);
        return text == "1" ? $"1 {noun}" : $"{text} {noun}s";
    }
}
