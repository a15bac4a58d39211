namespace O2O.Domain.Tax;

/// <summary>
/// The rates each country charges per <see cref="TaxCategory"/>, each from the day it took effect (ADR 46). A new rate
/// is a new row with its start date, so orders placed before it keep the old one. Countries: ISO 3166-1 alpha-2.
/// </summary>
public static class VatRates
{
    public sealed record Entry(string Country, TaxCategory Category, DateOnly ValidFrom, VatRate Rate);

    private static readonly DateOnly Since2014 = new(2014, 1, 1);

    public static readonly IReadOnlyList<Entry> All =
    [
        // Rows start on 1 January 2014, before any order O2O holds, so no earlier rate is needed.
        // France (CGI art. 278 to 281 nonies): unchanged since 1 January 2014.
        new("FR", TaxCategory.Standard, Since2014, new VatRate(2000)),
        new("FR", TaxCategory.Intermediate, Since2014, new VatRate(1000)),
        new("FR", TaxCategory.Reduced, Since2014, new VatRate(550)),
        new("FR", TaxCategory.SuperReduced, Since2014, new VatRate(210)),
        new("FR", TaxCategory.Zero, Since2014, new VatRate(0)),
        // Portugal, mainland (the Azores and Madeira have their own rates; no demo store is there).
        new("PT", TaxCategory.Standard, Since2014, new VatRate(2300)),
        new("PT", TaxCategory.Intermediate, Since2014, new VatRate(1300)),
        new("PT", TaxCategory.Reduced, Since2014, new VatRate(600)),
        new("PT", TaxCategory.SuperReduced, Since2014, new VatRate(600)),
        new("PT", TaxCategory.Zero, Since2014, new VatRate(0)),
        // Finland: the standard rate went from 24 % to 25.5 % on 1 September 2024.
        new("FI", TaxCategory.Standard, Since2014, new VatRate(2400)),
        new("FI", TaxCategory.Standard, new DateOnly(2024, 9, 1), new VatRate(2550)),
        new("FI", TaxCategory.Intermediate, Since2014, new VatRate(1400)),
        new("FI", TaxCategory.Intermediate, new DateOnly(2026, 1, 1), new VatRate(1350)),
        new("FI", TaxCategory.Reduced, Since2014, new VatRate(1000)),
        new("FI", TaxCategory.SuperReduced, Since2014, new VatRate(1000)),
        new("FI", TaxCategory.Zero, Since2014, new VatRate(0)),
    ];

    /// <summary>The rate in force in <paramref name="country"/> on <paramref name="day"/>; null where O2O knows none.</summary>
    public static VatRate? For(string country, TaxCategory category, DateOnly day) =>
        All.Where(e => e.Country == country && e.Category == category && e.ValidFrom <= day)
            .MaxBy(e => e.ValidFrom)?.Rate;

    public static bool Covers(string country) => All.Any(e => e.Country == country);
}
