using System.Globalization;

namespace O2O.Application.Localization;

/// <summary>
/// The CLDR plural categories (zero, one, two, few, many, other) of a whole number in each supported language, from
/// the CLDR 46 plural rules (unicode.org/cldr/charts/46/supplemental/language_plural_rules.html). No ICU
/// MessageFormat package is served to this project, and counts here are whole numbers, so the eight rules are
/// written out (ADR 30); a new language adds its rule here, and the resource test then asks for its forms.
/// </summary>
public static class PluralRules
{
    public const string Zero = "zero", One = "one", Two = "two", Few = "few", Many = "many", Other = "other";

    /// <summary>The forms a language's resources must give for every counted text.</summary>
    public static IReadOnlyList<string> Categories(string language) => Language(language) switch
    {
        "ar" => [Zero, One, Two, Few, Many, Other],
        "ru" => [One, Few, Many, Other],
        "fr" or "pt" => [One, Many, Other],
        "id" => [Other],
        _ => [One, Other],
    };

    public static string Select(CultureInfo culture, long n) => Select(culture.TwoLetterISOLanguageName, n);

    public static string Select(string language, long n)
    {
        var i = Math.Abs(n);
        return Language(language) switch
        {
            // zero: n = 0; one: n = 1; two: n = 2; few: n % 100 = 3..10; many: n % 100 = 11..99.
            "ar" => i switch
            {
                0 => Zero,
                1 => One,
                2 => Two,
                _ when i % 100 is >= 3 and <= 10 => Few,
                _ when i % 100 is >= 11 and <= 99 => Many,
                _ => Other,
            },
            // one: v = 0 and i % 10 = 1 and i % 100 != 11; few: i % 10 = 2..4 and i % 100 != 12..14; many: the rest.
            "ru" => (i % 10, i % 100) switch
            {
                (1, not 11) => One,
                ( >= 2 and <= 4, not (>= 12 and <= 14)) => Few,
                _ => Many,
            },
            // one: i = 0,1; many: e = 0 and i != 0 and i % 1000000 = 0 (a million items, a million euros).
            "fr" or "pt" => i switch
            {
                0 or 1 => One,
                _ when i % 1_000_000 == 0 => Many,
                _ => Other,
            },
            "id" => Other,
            // en, de, fi: one: i = 1 and v = 0.
            _ => i == 1 ? One : Other,
        };
    }

    private static string Language(string language) =>
        language.Length > 2 ? language[..2].ToLowerInvariant() : language.ToLowerInvariant();
}
