using System.Globalization;

namespace O2O.Application.Common;

/// <summary>
/// Between what a person types or reads ("12.50") and what is stored (1250 minor units): each currency has its own number
/// of decimals (ISO 4217), two unless listed here.
/// </summary>
public static class CurrencyUnits
{
    private static readonly HashSet<string> NoDecimals = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];
    private static readonly HashSet<string> ThreeDecimals = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    public static int Decimals(string? currency) =>
        currency is null ? 2 : NoDecimals.Contains(currency) ? 0 : ThreeDecimals.Contains(currency) ? 3 : 2;

    /// <summary>"12.50" (or "12,50") in <paramref name="currency"/> as minor units; null when it is not such an amount.</summary>
    public static long? ToMinor(string? text, string? currency)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim();
        if (s.Contains(',', StringComparison.Ordinal) && !s.Contains('.', StringComparison.Ordinal)) s = s.Replace(',', '.');
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var major)) return null;
        var minor = major * Pow10(Decimals(currency));
        return minor == decimal.Truncate(minor) && minor is <= long.MaxValue and >= long.MinValue ? (long)minor : null;
    }

    /// <summary>Minor units as a person types them back: 1250 EUR is "12.50".</summary>
    public static string ToMajor(long minor, string? currency)
    {
        var decimals = Decimals(currency);
        return (minor / Pow10(decimals)).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int n) => n switch { 0 => 1m, 2 => 100m, 3 => 1000m, _ => (decimal)Math.Pow(10, n) };
}
