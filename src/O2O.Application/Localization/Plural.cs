using System.Globalization;
using System.Resources;

namespace O2O.Application.Localization;

/// <summary>
/// A counted text: the resource key <c>Name_other</c> has siblings <c>Name_one</c>, <c>Name_few</c>… for the forms its
/// language needs (<see cref="PluralRules"/>), each a composite format whose {0} is the count.
/// </summary>
public static class Plural
{
    /// <summary>
    /// <paramref name="otherKey"/> is <c>nameof(Resource.Name_other)</c>, so the compiler checks that the text exists.
    /// Further arguments follow the count as {1}, {2}…
    /// </summary>
    public static string Format(ResourceManager resources, string otherKey, long count, params object?[] args)
    {
        const string suffix = "_" + PluralRules.Other;
        if (!otherKey.EndsWith(suffix, StringComparison.Ordinal))
            throw new ArgumentException($"'{otherKey}' is not the name of a counted text's '{suffix}' form.", nameof(otherKey));
        var culture = CultureInfo.CurrentUICulture;
        var name = otherKey[..^suffix.Length] + "_" + PluralRules.Select(culture, count);
        // A form a language lacks is a defect the resource test catches; here the text falls back to the other form
        // rather than showing the key.
        var template = resources.GetString(name, culture) ?? resources.GetString(otherKey, culture)
            ?? throw new MissingManifestResourceException($"No text '{otherKey}'.");
        return string.Format(CultureInfo.CurrentCulture, template, [count, .. args]);
    }
}
