using System.Globalization;
using O2O.Domain.Tax;

namespace O2O.Application.Localization;

public static partial class Formats
{
    /// <summary>"20 %", "5,5 %", "25,5 %" in fr, "20%" in en: the culture's percent pattern, with only the decimals the rate has.</summary>
    public static string VatRate(VatRate rate)
    {
        var format = LatinSeparators(CultureInfo.CurrentCulture);
        format.PercentDecimalDigits = rate.BasisPoints % 100 == 0 ? 0 : rate.BasisPoints % 10 == 0 ? 1 : 2;
        var text = (rate.BasisPoints / 10_000m).ToString("P", format);
        return CultureInfo.CurrentCulture.TextInfo.IsRightToLeft ? "\u2066" + text + "\u2069" : text;
    }

    public static string VatRate(decimal percent) => VatRate(Domain.Tax.VatRate.FromPercent(percent));
}
