using System.Collections.Frozen;
using System.Globalization;
using O2O.Application.Common;

namespace O2O.Application.Localization;

/// <summary>
/// How money and times read in the reader's culture (<see cref="CultureInfo.CurrentCulture"/>). Amounts keep their
/// currency's ISO 4217 decimals (<see cref="CurrencyUnits"/>) whatever the culture; a time always carries the offset
/// of the zone it is shown in, because a shopper in one zone may book a store in another (ADR 30).
/// </summary>
public static partial class Formats
{
    /// <summary>"€12.50" in en, "12,50 €" in fr, "JPY 1,200" where the symbol would be ambiguous; digits stay Latin.</summary>
    public static string Money(long minor, string currency)
    {
        var culture = CultureInfo.CurrentCulture;
        var decimals = CurrencyUnits.Decimals(currency);
        var format = LatinSeparators(culture);
        format.CurrencySymbol = Symbol(currency, culture);
        format.CurrencyDecimalDigits = decimals;
        // A code is a word: "JPY 1,200", never "JPY1,200".
        if (format.CurrencySymbol.Any(char.IsAsciiLetter))
            format.CurrencyPositivePattern = format.CurrencyPositivePattern switch { 0 => 2, 1 => 3, var p => p };
        decimal major = minor;
        for (var i = 0; i < decimals; i++) major /= 10;
        // Keep the amount in one piece inside right-to-left text: "120,00 €" must not split around the symbol.
        var text = major.ToString("C", format);
        return culture.TextInfo.IsRightToLeft ? "\u2066" + text + "\u2069" : text;
    }

    public static string Money(MoneyDto money) => Money(money.Amount, money.Currency);

    /// <summary>The instant as the clock on the store's wall shows it.</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>"14:30" in the culture's short time pattern ("2:30 PM" in en).</summary>
    public static string Time(DateTimeOffset local) => local.ToString("t", CultureInfo.CurrentCulture);

    /// <summary>"Tuesday, June 10" / "mardi 10 juin": the day a shopper picks from.</summary>
    public static string Day(DateTimeOffset local) => Day(DateOnly.FromDateTime(local.DateTime));

    public static string Day(DateOnly date)
    {
        var culture = CultureInfo.CurrentCulture;
        return date.ToString(culture.DateTimeFormat.DayNamePattern(), culture);
    }

    /// <summary>The full date with the year ("Tuesday, June 10, 2026" / "mardi 10 juin 2026").</summary>
    public static string Date(DateTimeOffset local) => Date(DateOnly.FromDateTime(local.DateTime));

    public static string Date(DateOnly date) => date.ToString("D", CultureInfo.CurrentCulture);

    /// <summary>"14:30 (UTC+2)": a time today, on the clock it is given in.</summary>
    public static string TimeAndZone(DateTimeOffset local) => $"{Time(local)} {Zone(local)}";

    /// <summary>"10/06/2026 14:30 (UTC+2)": a moment in a list or a timeline.</summary>
    public static string Moment(DateTimeOffset local) =>
        $"{local.ToString("g", CultureInfo.CurrentCulture)} {Zone(local)}";

    /// <summary>"mardi 10 juin, 14:30–15:00 (UTC+2)": a pickup slot, in the zone its times are given in.</summary>
    public static string Slot(DateTimeOffset start, DateTimeOffset end) =>
        $"{Day(start)}{Comma} {Range(start, end)}";

    /// <summary>Arabic writes its own comma (،).</summary>
    private static string Comma => CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "ar" ? "\u060c" : ",";

    /// <summary>"14:30–15:00 (UTC+2)".</summary>
    public static string Range(DateTimeOffset start, DateTimeOffset end) =>
        $"{Time(start)}\u2013{Time(end)} {Zone(start)}";

    /// <summary>"(UTC+2)", "(UTC+5:30)", "(UTC)": the offset is the same in every language, and never ambiguous.</summary>
    public static string Zone(DateTimeOffset local)
    {
        var offset = local.Offset;
        if (offset == TimeSpan.Zero) return "(UTC)";
        var sign = offset < TimeSpan.Zero ? "\u2212" : "+";
        var abs = offset.Duration();
        var text = abs.Minutes == 0
            ? $"UTC{sign}{abs.Hours.ToString(CultureInfo.InvariantCulture)}"
            : $"UTC{sign}{abs.Hours.ToString(CultureInfo.InvariantCulture)}:{abs.Minutes.ToString("00", CultureInfo.InvariantCulture)}";
        // Isolated, so "UTC+2" reads left to right inside Arabic text.
        return CultureInfo.CurrentCulture.TextInfo.IsRightToLeft ? $"(\u2066{text}\u2069)" : $"({text})";
    }

    /// <summary>A number in the reader's culture ("1 234" in fr).</summary>
    public static string Number(long n) => n.ToString("N0", LatinSeparators(CultureInfo.CurrentCulture));

    /// <summary>
    /// The culture's number format, except that Latin digits get Latin separators: .NET's Arabic writes Latin digits with
    /// the Arabic decimal mark ("12٫50"), which CLDR pairs only with Arabic-Indic digits; Arabic shops in Latin digits
    /// (ar-AE, ar-MA) write 12.50.
    /// </summary>
    private static NumberFormatInfo LatinSeparators(CultureInfo culture)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        if (format.NumberDecimalSeparator == "\u066b" || format.CurrencyDecimalSeparator == "\u066b")
        {
            format.NumberDecimalSeparator = format.CurrencyDecimalSeparator = ".";
            format.NumberGroupSeparator = format.CurrencyGroupSeparator = ",";
        }
        return format;
    }

    private static string DayNamePattern(this DateTimeFormatInfo format) =>
        // The culture's long date without its year and the words around it: "dddd, MMMM d" (en), "dddd d MMMM" (fr),
        // "dddd, d 'de' MMMM" (pt, not "… 'de' yyyy"), "dddd, d MMMM" (ru, not "… yyyy 'г'.").
        YearInPattern().Replace(format.LongDatePattern, "").Trim().TrimEnd(',', '،', ' ');

    [System.Text.RegularExpressions.GeneratedRegex(@"[\s,،]*(?:'[^']*'\s*)?y+(?:\s*'[^']*'\.?)?")]
    private static partial System.Text.RegularExpressions.Regex YearInPattern();

    /// <summary>
    /// The symbol the reader's own language writes for a currency (£ for GBP in English, since en-GB does), else the one
    /// symbol every region agrees on (€), else the ISO code: "$" alone is many currencies.
    /// </summary>
    private static string Symbol(string currency, CultureInfo culture)
    {
        var language = culture.TwoLetterISOLanguageName;
        if (SymbolsByLanguage.TryGetValue((language, currency), out var own)) return own;
        return Symbols.TryGetValue(currency, out var symbol) ? symbol : currency;
    }

    private static readonly FrozenDictionary<(string Language, string Currency), string> SymbolsByLanguage = BuildSymbolsByLanguage();

    private static FrozenDictionary<(string, string), string> BuildSymbolsByLanguage()
    {
        var found = new Dictionary<(string, string), HashSet<string>>();
        foreach (var (c, region) in Regions())
        {
            var key = (c.TwoLetterISOLanguageName, region.ISOCurrencySymbol);
            if (!found.TryGetValue(key, out var symbols)) found[key] = symbols = [];
            symbols.Add(c.NumberFormat.CurrencySymbol);
        }
        return found.Where(p => p.Value.Count == 1).ToFrozenDictionary(p => p.Key, p => p.Value.First());
    }

    private static IEnumerable<(CultureInfo Culture, RegionInfo Region)> Regions()
    {
        foreach (var c in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try { region = new RegionInfo(c.Name); }
            catch (ArgumentException) { continue; }
            if (region.ISOCurrencySymbol.Length == 3) yield return (c, region);
        }
    }

    private static readonly FrozenDictionary<string, string> Symbols = BuildSymbols();

    private static FrozenDictionary<string, string> BuildSymbols()
    {
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (c, region) in Regions())
        {
            if (!seen.TryGetValue(region.ISOCurrencySymbol, out var symbols)) seen[region.ISOCurrencySymbol] = symbols = [];
            symbols.Add(c.NumberFormat.CurrencySymbol);
        }
        // A symbol two currencies share ("$", "kr") would mislead, and one in a script the reader may not read (د.ك.)
        // would not help: such a currency shows its ISO code.
        var owners = seen.SelectMany(p => p.Value.Select(s => (Symbol: s, Currency: p.Key)))
            .GroupBy(x => x.Symbol).ToDictionary(g => g.Key, g => g.Select(x => x.Currency).Distinct().Count());
        return seen.Where(p => p.Value.Count == 1 && owners[p.Value.First()] == 1 && !p.Value.First().Any(char.IsLetter))
            .ToFrozenDictionary(p => p.Key, p => p.Value.First());
    }
}
