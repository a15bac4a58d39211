namespace O2O.Domain.Tax;

/// <summary>
/// The VAT rate family a product belongs to (ADR 46). The EU lets each country set one standard rate and up to two
/// reduced rates, plus a super-reduced rate where it had one before 1991; these five families cover every rate France,
/// Portugal and Finland charge. Which number a family means is the store's country's business (<see cref="VatRates"/>).
/// </summary>
public enum TaxCategory
{
    /// <summary>Most goods: FR 20 %, PT 23 %, FI 25.5 %.</summary>
    Standard,
    /// <summary>The higher reduced rate: FR 10 %, PT 13 %, FI 14 % (13.5 % from 2026).</summary>
    Intermediate,
    /// <summary>The lower reduced rate: FR 5.5 %, PT 6 %, FI 10 %.</summary>
    Reduced,
    /// <summary>FR 2.1 % (press, reimbursed medicines); where a country has none, the same goods take its lowest reduced rate.</summary>
    SuperReduced,
    /// <summary>Zero-rated goods: 0 % everywhere.</summary>
    Zero,
}
