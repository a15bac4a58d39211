using O2O.Domain.Common;

namespace O2O.Domain.Tax;

/// <summary>One rate's share of a set of lines: <c>Net + Tax == Gross</c>, exactly, in minor units.</summary>
public sealed record VatLine(VatRate Rate, Money Net, Money Tax, Money Gross);

/// <summary>
/// The VAT in VAT-inclusive amounts, per rate, as a receipt shows it (ADR 46). For each rate the gross amounts of its
/// lines are added first and the tax is taken out once: <c>tax = round(gross × rate / (1 + rate))</c>, half away from
/// zero, in the currency's minor units; <c>net = gross − tax</c>. Rounding per rate rather than per line is what the
/// EU invoicing rules ask for (the VAT amount per rate), and it keeps the figures of a short pick, a discount or a
/// return consistent: call it again with the lines (or the negative amounts) as they stand.
/// </summary>
public static class VatBreakdown
{
    /// <summary>
    /// The breakdown of <paramref name="lines"/>, highest rate first. Amounts are the lines' gross totals (VAT included),
    /// in one currency; a discount or a return is passed as a negative line at its rate via <see cref="ForSigned"/>.
    /// </summary>
    public static IReadOnlyList<VatLine> For(IEnumerable<(Money Gross, VatRate Rate)> lines) =>
        ForSigned(lines.Select(l => (l.Gross.Amount, l.Gross.Currency, l.Rate)));

    /// <summary>
    /// As <see cref="For"/>, with signed minor amounts, so a discount (negative) nets off the rate its goods carry.
    /// A rate whose lines add up to less than zero is refused: a receipt never shows negative VAT.
    /// </summary>
    public static IReadOnlyList<VatLine> ForSigned(IEnumerable<(long Gross, string Currency, VatRate Rate)> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0) return [];
        var currency = list[0].Currency;
        if (list.Any(l => l.Currency != currency)) throw new DomainException("A VAT breakdown is in one currency.");
        return list.GroupBy(l => l.Rate)
            .OrderByDescending(g => g.Key.BasisPoints)
            .Select(g =>
            {
                var gross = g.Aggregate(0L, (sum, l) => checked(sum + l.Gross));
                if (gross < 0) throw new DomainException($"The amounts at {g.Key} add up to less than zero.");
                var tax = TaxIn(gross, g.Key);
                return new VatLine(g.Key, new Money(gross - tax, currency), new Money(tax, currency), new Money(gross, currency));
            })
            .ToList();
    }

    /// <summary>The VAT contained in a gross amount, rounded half away from zero to a minor unit.</summary>
    public static long TaxIn(long gross, VatRate rate)
    {
        // gross × bp / (10000 + bp) in 128-bit integers: exact, and no overflow for any amount a long holds.
        var numerator = (Int128)gross * rate.BasisPoints;
        var denominator = (Int128)(VatRate.MaxBasisPoints + rate.BasisPoints);
        var quotient = Int128.DivRem(numerator, denominator);
        var tax = quotient.Quotient;
        if (Int128.Abs(quotient.Remainder) * 2 >= denominator) tax += Int128.Sign(numerator);
        return (long)tax;
    }

    public static Money TotalTax(IReadOnlyList<VatLine> breakdown, string currency) =>
        new(breakdown.Aggregate(0L, (sum, l) => checked(sum + l.Tax.Amount)), currency);
}
