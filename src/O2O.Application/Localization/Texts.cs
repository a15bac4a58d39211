using System.Globalization;

namespace O2O.Application.Localization;

/// <summary>Fills a text's placeholders the way its reader writes numbers and dates (the current culture).</summary>
public static class Texts
{
    public static string Format(string text, params object?[] args) => string.Format(CultureInfo.CurrentCulture, text, args);
}
