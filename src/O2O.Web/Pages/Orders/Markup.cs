using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace O2O.Web.Pages.Orders;

/// <summary>
/// A translated sentence with markup inside it ("Status: <strong>Paid</strong>"): each language orders its words its
/// own way, so the markup goes in as an argument of the text instead of the text being cut around it. The text itself
/// is encoded like any other; an argument is written as it is when it is markup, encoded otherwise.
/// </summary>
public static partial class Markup
{
    public static IHtmlContent Format(string format, params object?[] args)
    {
        var html = new HtmlContentBuilder();
        var at = 0;
        foreach (Match m in Placeholder().Matches(format))
        {
            html.Append(format[at..m.Index]);
            switch (args[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)])
            {
                case IHtmlContent markup: html.AppendHtml(markup); break;
                case var value: html.Append(Convert.ToString(value, System.Globalization.CultureInfo.CurrentCulture)); break;
            }
            at = m.Index + m.Length;
        }
        return html.Append(format[at..]);
    }

    /// <summary>An element holding a text, as an argument of <see cref="Format"/>.</summary>
    public static IHtmlContent Tag(string name, string text, params (string Name, string Value)[] attributes)
    {
        var tag = new TagBuilder(name);
        foreach (var (attribute, value) in attributes) tag.Attributes[attribute] = value;
        tag.InnerHtml.Append(text);
        return tag;
    }

    public static IHtmlContent Strong(string text, params string[] classes) =>
        classes.Length == 0 ? Tag("strong", text) : Tag("strong", text, ("class", string.Join(' ', classes)));

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
