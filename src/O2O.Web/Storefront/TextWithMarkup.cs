using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace O2O.Web.Storefront;

/// <summary>
/// A translated sentence with a link or emphasis inside ("At {0} (my store):"): the words stay in one resource, so
/// each language places the link where its grammar wants it. The text is encoded; only the arguments carry markup.
/// </summary>
public static partial class TextWithMarkup
{
    public static IHtmlContent Format(string template, params IHtmlContent[] args)
    {
        var html = new HtmlContentBuilder();
        var at = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            html.Append(template[at..m.Index]);
            html.AppendHtml(args[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
            at = m.Index + m.Length;
        }
        return html.Append(template[at..]);
    }

    public static IHtmlContent Link(string href, string? text, bool strong = false)
    {
        var encoder = HtmlEncoder.Default;
        var inner = encoder.Encode(text ?? "");
        return new HtmlString($"<a href=\"{encoder.Encode(href)}\">{(strong ? $"<strong>{inner}</strong>" : inner)}</a>");
    }

    public static IHtmlContent Strong(string? text) => new HtmlString($"<strong>{HtmlEncoder.Default.Encode(text ?? "")}</strong>");

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
