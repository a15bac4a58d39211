using O2O.Application.Localization;

namespace O2O.Domain.Tests.Localization;

/// <summary>The CLDR examples for each language (unicode.org/cldr/charts/46/supplemental/language_plural_rules.html).</summary>
public sealed class PluralRulesTests
{
    [Theory]
    [InlineData("en", 1, "one"), InlineData("en", 0, "other"), InlineData("en", 2, "other"), InlineData("en", 11, "other")]
    [InlineData("de", 1, "one"), InlineData("de", 5, "other"), InlineData("fi", 1, "one"), InlineData("fi", 21, "other")]
    [InlineData("fr", 0, "one"), InlineData("fr", 1, "one"), InlineData("fr", 2, "other"), InlineData("fr", 1_000_000, "many"), InlineData("fr", 2_000_000, "many"), InlineData("fr", 1_000_001, "other")]
    [InlineData("pt", 0, "one"), InlineData("pt", 1, "one"), InlineData("pt", 3, "other"), InlineData("pt", 1_000_000, "many")]
    [InlineData("id", 0, "other"), InlineData("id", 1, "other"), InlineData("id", 2, "other")]
    [InlineData("ru", 1, "one"), InlineData("ru", 21, "one"), InlineData("ru", 101, "one"), InlineData("ru", 11, "many"), InlineData("ru", 111, "many")]
    [InlineData("ru", 2, "few"), InlineData("ru", 4, "few"), InlineData("ru", 22, "few"), InlineData("ru", 12, "many"), InlineData("ru", 14, "many")]
    [InlineData("ru", 0, "many"), InlineData("ru", 5, "many"), InlineData("ru", 20, "many"), InlineData("ru", 100, "many")]
    [InlineData("ar", 0, "zero"), InlineData("ar", 1, "one"), InlineData("ar", 2, "two"), InlineData("ar", 3, "few"), InlineData("ar", 10, "few"), InlineData("ar", 103, "few")]
    [InlineData("ar", 11, "many"), InlineData("ar", 26, "many"), InlineData("ar", 99, "many"), InlineData("ar", 111, "many")]
    [InlineData("ar", 100, "other"), InlineData("ar", 101, "other"), InlineData("ar", 102, "other"), InlineData("ar", 1000, "other")]
    public void A_count_takes_its_languages_form(string language, long n, string form) =>
        PluralRules.Select(language, n).ShouldBe(form);

    [Fact]
    public void Every_form_a_rule_gives_is_one_its_language_declares()
    {
        foreach (var language in Cultures.Supported)
            for (var n = 0L; n <= 2_000_000; n = n < 300 ? n + 1 : n * 3 / 2)
                PluralRules.Categories(language).ShouldContain(PluralRules.Select(language, n), $"{language} {n}");
    }

    [Fact]
    public void A_region_tag_uses_its_languages_rule() => PluralRules.Select("ru-RU", 3).ShouldBe("few");
}
