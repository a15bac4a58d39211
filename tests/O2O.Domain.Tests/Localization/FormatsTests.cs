using O2O.Application.Localization;

namespace O2O.Domain.Tests.Localization;

public sealed class FormatsTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Theory]
    [InlineData("en", 1250, "EUR", "€12.50")]
    [InlineData("fr", 1250, "EUR", "12,50\u00a0€")]
    [InlineData("de", 123456, "EUR", "1.234,56\u00a0€")]
    [InlineData("en", 1200, "JPY", "JPY 1,200")]
    [InlineData("fr", 1200, "JPY", "1\u202f200\u00a0JPY")]
    [InlineData("en", 12345, "KWD", "KWD 12.345")]
    [InlineData("en", 999, "GBP", "£9.99")]
    public void Money_reads_in_the_culture_with_its_currencys_decimals(string culture, long minor, string currency, string expected)
    {
        using var _ = CultureScope.Use(culture);
        Formats.Money(minor, currency).Replace(' ', '\u00a0').ShouldBe(expected.Replace(' ', '\u00a0'));
    }

    [Fact]
    public void Money_stays_in_one_piece_inside_right_to_left_text()
    {
        using var _ = CultureScope.Use("ar");
        var text = Formats.Money(1250, "EUR");
        text.ShouldStartWith("\u2066");
        text.ShouldEndWith("\u2069");
        text.ShouldContain("12.50");
        text.ShouldContain("€");
    }

    [Fact]
    public void A_time_names_the_offset_of_the_zone_it_is_shown_in()
    {
        var summer = Formats.InZone(new DateTimeOffset(2026, 6, 10, 12, 30, 0, TimeSpan.Zero), Paris);
        var winter = Formats.InZone(new DateTimeOffset(2026, 12, 10, 12, 30, 0, TimeSpan.Zero), Paris);
        using var _ = CultureScope.Use("fr");
        Formats.Range(summer, summer.AddMinutes(30)).ShouldBe("14:30\u201315:00 (UTC+2)");
        Formats.Range(winter, winter.AddMinutes(30)).ShouldBe("13:30\u201314:00 (UTC+1)");
        Formats.Zone(new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.FromHours(5.5))).ShouldBe("(UTC+5:30)");
        Formats.Zone(new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero)).ShouldBe("(UTC)");
    }

    [Theory]
    [InlineData("en", "Wednesday, June 10")]
    [InlineData("fr", "mercredi 10 juin")]
    [InlineData("de", "Mittwoch, 10. Juni")]
    [InlineData("pt", "quarta-feira, 10 de junho")]
    [InlineData("ru", "среда, 10 июня")]
    [InlineData("fi", "keskiviikko 10. kesäkuuta")]
    public void A_day_reads_as_its_culture_writes_it_without_the_year(string culture, string expected)
    {
        using var _ = CultureScope.Use(culture);
        Formats.Day(new DateOnly(2026, 6, 10)).ShouldBe(expected);
    }

    [Fact]
    public void A_scope_gives_the_readers_language_back_when_it_ends()
    {
        using (CultureScope.Use("de"))
        {
            using (CultureScope.Use("ar")) System.Globalization.CultureInfo.CurrentUICulture.Name.ShouldBe("ar");
            System.Globalization.CultureInfo.CurrentUICulture.Name.ShouldBe("de");
        }
        CultureScope.Use("xx-unknown").Dispose();
    }
}
