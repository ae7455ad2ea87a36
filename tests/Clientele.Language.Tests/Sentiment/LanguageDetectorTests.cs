using Clientele.Language.LanguageDetection;
using Clientele.Tests;

namespace Clientele.Language.Tests.Sentiment;

/// <summary>Language by script shares and, for Latin script, function words (the rules in <see cref="LanguageDetector"/>).</summary>
public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("Love my Echo!", "en")]
    [InlineData("Loved it!", "en")]
    [InlineData("Sometimes while playing a game, you can answer a question correctly but Alexa says you got it wrong.", "en")]
    [InlineData("这个手机很好用，物流也快", "zh")]
    [InlineData("質量很好，物超所值", "zh")] // traditional characters
    [InlineData("这个iPhone很好用", "zh")] // 5 Han of 11 letters: above the 30% CJK share
    [InlineData("iPhone 12 Pro Max 开箱 unboxing review", "en")] // 2 Han of 28 letters
    [InlineData("ＧＯＯＤ　ｐｒｏｄｕｃｔ", "en")] // full-width Latin
    [InlineData("この製品はとても良いです", "ja")]
    [InlineData("배송이 빠르고 좋아요", "ko")]
    [InlineData("El producto es muy bueno y llegó rápido", "es")]
    [InlineData("C'est vraiment nul, je ne recommande pas.", "fr")]
    [InlineData("Das Gerät ist sehr gut und nicht teuer", "de")]
    [InlineData("Il prodotto è arrivato in tempo, molto bene", "it")]
    [InlineData("Het werkt goed en het is niet duur", "nl")]
    [InlineData("O produto não chegou no prazo estipulado", "pt")]
    [InlineData("Recomendo", "pt")] // a Portuguese review word
    [InlineData("Péssimo", "pt")]
    [InlineData("Não gostei", "pt")]
    [InlineData("I do love it", "en")] // "do" is Portuguese too: English has more words
    [InlineData("Wow", "en")] // no evidence: the default fallback
    [InlineData("Отличный товар, рекомендую", "other")]
    [InlineData("", "und")]
    [InlineData("12345 !!! 👍👍", "und")]
    public void Detect_Example_GivesLanguage(string text, string expected)
    {
        Assert.Equal(expected, LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("Wow", "pt", "pt")]
    [InlineData("Love it", "pt", "en")] // "love" is an English word: evidence beats the fallback
    [InlineData("Bom", "en", "pt")]
    [InlineData("12345", "pt", "und")]
    [InlineData("Excelente", "es", "es")] // Spanish and Portuguese alike: the fallback breaks the tie
    [InlineData("Excelente", "en", "other")]
    public void Detect_WithFallback_UsedOnlyWithoutEvidence(string text, string fallback, string expected)
    {
        Assert.Equal(expected, LanguageDetector.Detect(text, fallback));
    }

    [Fact]
    public void Dominant_MostlyPortuguese_IgnoresTextsWithoutEvidence()
    {
        string[] texts = ["Wow", "Yay", "Zap", "Muito bom", "Chegou antes do prazo", "Great product"];

        Assert.Equal("pt", LanguageDetector.Dominant(texts));
        Assert.Null(LanguageDetector.Dominant(["Wow", "!!!"]));
    }

    [SharedDataFact(OlistReviews.File)]
    public void Detect_OlistReviewMessages_ArePortugueseNotEnglish()
    {
        // Olist's review_comment_message column: real Portuguese reviews of a Brazilian marketplace.
        var texts = OlistReviews.Messages();
        var dominant = LanguageDetector.Dominant(texts);
        var languages = texts.Select(t => LanguageDetector.Detect(t, dominant ?? "en")).ToList();

        Assert.Equal("pt", dominant);
        Assert.True(languages.Count(l => l == "pt") >= 0.97 * texts.Count, $"{languages.Count(l => l == "pt")} of {texts.Count} Portuguese");
        Assert.True(languages.Count(l => l == "en") <= 0.01 * texts.Count, $"{languages.Count(l => l == "en")} of {texts.Count} called English");
    }

    [SharedDataFact(SentimentData.AlexaFile)]
    public void Detect_AllAlexaReviews_AreEnglishButForAFewSpanishOnes()
    {
        var languages = SentimentData.Alexa.Texts.Select(t => LanguageDetector.Detect(t.Text)).ToList();

        // The Alexa set holds a handful of reviews in Spanish ("Es perfecto.", "Este producto llegó y a la semana se
        // quedó sin olor…"): those are told apart now; nothing else is.
        Assert.All(languages, language => Assert.True(language is "en" or "und" or "es" or "pt", language));
        Assert.True(languages.Count(l => l == "en") > 0.99 * languages.Count, $"{languages.Count(l => l != "en")} of {languages.Count} not English");
        Assert.InRange(languages.Count(l => l is "es" or "pt"), 1, 10);
    }

    [SharedDataFact(SentimentData.ChineseFile)]
    public void Detect_ChineseReviews_AreChinese()
    {
        var sample = SentimentData.Chinese.Texts.Where((_, i) => i % 50 == 0).Select(t => LanguageDetector.Detect(t.Text)).ToList();

        Assert.True(sample.Count(l => l == "zh") > 0.99 * sample.Count, $"{sample.Count(l => l != "zh")} of {sample.Count} not Chinese");
    }

    [Fact]
    public void ScriptCounts_MixedText_CountsLettersByScript()
    {
        var counts = ScriptCounts.Of("Echo 很好 ですé!");

        Assert.Equal(new ScriptCounts(Letters: 9, Han: 2, Kana: 2, Hangul: 0, Latin: 5, LatinWithDiacritics: 1), counts);
    }
}
