using System.Globalization;

namespace O2O.Application.Localization;

/// <summary>
/// Renders in another reader's language for the length of a using block: an email is written in the language the
/// shopper ordered in, whoever's request (a clerk's, a job's) causes it. The cultures flow with the async context.
/// </summary>
public readonly struct CultureScope : IDisposable
{
    private readonly CultureInfo _culture;
    private readonly CultureInfo _uiCulture;

    private CultureScope(CultureInfo culture)
    {
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    /// <summary>Switches to <paramref name="culture"/> when O2O speaks it, else to the default language.</summary>
    public static CultureScope Use(string? culture) =>
        new(CultureInfo.GetCultureInfo(Cultures.Match(culture) ?? Cultures.Default));

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
