using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace O2O.IntegrationTests.Seo;

/// <summary>Reads what a page's markup tells search engines: its description, canonical, language alternates and JSON-LD.</summary>
internal static partial class PageHead
{
    public static string Description(string html) => Single(MetaDescription(), html);

    public static string Canonical(string html) => Single(CanonicalLink(), html);

    public static IReadOnlyDictionary<string, string> Alternates(string html) =>
        AlternateLink().Matches(html).ToDictionary(m => m.Groups["lang"].Value, m => WebUtility.HtmlDecode(m.Groups["href"].Value));

    public static JsonElement JsonLd(string html)
    {
        var blocks = JsonLdScript().Matches(html);
        blocks.Count.ShouldBe(1, "a product page has one JSON-LD block");
        return JsonDocument.Parse(blocks[0].Groups["json"].Value).RootElement.Clone();
    }

    private static string Single(Regex regex, string html)
    {
        var matches = regex.Matches(html);
        matches.Count.ShouldBe(1, $"the page should have exactly one match of {regex}");
        return WebUtility.HtmlDecode(matches[0].Groups["value"].Value);
    }

    [GeneratedRegex("<meta name=\"description\" content=\"(?<value>[^\"]*)\"")]
    private static partial Regex MetaDescription();

    [GeneratedRegex("<link rel=\"canonical\" href=\"(?<value>[^\"]*)\"")]
    private static partial Regex CanonicalLink();

    [GeneratedRegex("<link rel=\"alternate\" hreflang=\"(?<lang>[^\"]*)\" href=\"(?<href>[^\"]*)\"")]
    private static partial Regex AlternateLink();

    [GeneratedRegex("<script type=\"application/ld\\+json\">(?<json>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdScript();
}
