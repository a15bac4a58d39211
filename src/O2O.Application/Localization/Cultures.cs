using System.Globalization;

namespace O2O.Application.Localization;

/// <summary>The languages O2O speaks, the first being the default; how to add one: README, "Adding a language".</summary>
public static class Cultures
{
    public const string Default = "en";

    /// <summary>Neutral cultures: a shopper who asks for fr-CA or pt-BR gets fr or pt.</summary>
    public static readonly IReadOnlyList<string> Supported = ["en", "fr", "de", "pt", "fi", "id", "ar", "ru"];

    public static IReadOnlyList<CultureInfo> All { get; } = Supported.Select(CultureInfo.GetCultureInfo).ToList();

    /// <summary>The supported culture a tag names ("fr-FR" is fr), or null when O2O does not speak it.</summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag) || tag.Length > 35) return null;
        var name = tag.Trim();
        foreach (var supported in Supported)
            if (string.Equals(name, supported, StringComparison.OrdinalIgnoreCase)
                || name.StartsWith(supported + "-", StringComparison.OrdinalIgnoreCase))
                return supported;
        return null;
    }

    public static bool IsRightToLeft(CultureInfo culture) => culture.TextInfo.IsRightToLeft;

    /// <summary>The language's own name, as a switcher lists it ("Français", "العربية").</summary>
    public static string NativeName(string culture)
    {
        var info = CultureInfo.GetCultureInfo(culture);
        return info.TextInfo.ToTitleCase(info.NativeName);
    }
}
