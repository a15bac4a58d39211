using System.Globalization;
using O2O.Domain.Common;

namespace O2O.Domain.Tax;

/// <summary>
/// A VAT rate in basis points (hundredths of a percent): 25.5 % is 2550. Integers, so that no rate is ever a binary
/// fraction and every tax amount is exact in minor units.
/// </summary>
public readonly record struct VatRate
{
    public const int MaxBasisPoints = 10_000;

    public VatRate(int basisPoints)
    {
        if (basisPoints is < 0 or > MaxBasisPoints) throw new DomainException("A VAT rate is between 0 and 100 %.");
        BasisPoints = basisPoints;
    }

    public int BasisPoints { get; }

    /// <summary>25.5 for 25.5 %: exact, since a basis point is a decimal hundredth.</summary>
    public decimal Percent => BasisPoints / 100m;

    public static VatRate FromPercent(decimal percent) => new(checked((int)(percent * 100m)));

    public override string ToString() => Percent.ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
