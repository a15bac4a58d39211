using System.Text.RegularExpressions;

namespace O2O.Domain.Tests.Localization;

/// <summary>
/// No page carries words of its own: text between tags, the attributes a person reads or hears (placeholder, title,
/// aria-label, alt) and string literals with words in them come from the resources. A heuristic, so it reads the
/// markup the way the views are written here; it is what keeps a later change from adding English to every language.
/// </summary>
public sealed partial class ViewTextTests
{
    public static TheoryData<string> Areas() => new()
    {
        "Pages", "Pages/Account", "Pages/Admin", "Pages/Cart", "Pages/Checkout", "Pages/Orders", "Pages/Products", "Pages/Shared",
        "Pages/Staff", "Pages/Stores",
        "Pages/Admin/Promotions",
    };

    [Fact]
    public void Every_folder_of_pages_is_checked() =>
        Directory.EnumerateDirectories(Path.Combine(Repository.Root, "src", "O2O.Web", "Pages"))
            .Select(d => "Pages/" + Path.GetFileName(d)).Where(d => Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", "O2O.Web", d), "*.cshtml").Any())
            .ShouldBeSubsetOf(((IEnumerable<object[]>)Areas()).Select(a => (string)a[0]));

    [Theory, MemberData(nameof(Areas))]
    public void A_page_shows_only_texts_from_the_resources(string area)
    {
        var root = Path.Combine(Repository.Root, "src", "O2O.Web");
        var path = Path.Combine(root, area);
        var files = File.Exists(path) ? [path] : Directory.EnumerateFiles(path, "*.cshtml", SearchOption.TopDirectoryOnly).ToArray();
        files.ShouldNotBeEmpty();
        var findings = files.SelectMany(f => Findings(File.ReadAllText(f)).Select(x => $"{Path.GetRelativePath(root, f)}: {x}")).ToList();
        findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("<p>Your cart is empty.</p>")]
    [InlineData("<input placeholder=\"Search products\" />")]
    [InlineData("<button>Save</button>")]
    [InlineData("@(x ? \"3 left\" : \"full\")")]
    [InlineData("@{ ViewData[\"Title\"] = \"Cart\"; }")]
    [InlineData("<span>@n items</span>")]
    public void The_check_finds_words_written_in_a_page(string markup) => Findings(markup).ShouldNotBeEmpty();

    [Theory]
    [InlineData("<p>@Storefront.CartEmpty</p>")]
    [InlineData("<input placeholder=\"@Common.SearchLabel\" name=\"search\" type=\"search\" />")]
    [InlineData("<a class=\"brand\" href=\"/\">O2O <span>@Common.BrandTagline</span></a>")]
    [InlineData("@if (Model.X is { } x) { <span>@x.Name · @x.Sku</span> }")]
    [InlineData("<partial name=\"_LanguageSwitcher\" /> @RenderSectionAsync(\"Scripts\", required: false)")]
    public void The_check_lets_resource_texts_and_data_through(string markup) => Findings(markup).ShouldBeEmpty();

    private static IEnumerable<string> Findings(string markup)
    {
        var text = RazorComment().Replace(markup, "");
        text = Directive().Replace(text, "");
        text = ScriptOrStyle().Replace(text, "");
        foreach (Match m in ReadAttribute().Matches(text))
            if (Words().IsMatch(m.Groups[2].Value) && !m.Groups[2].Value.TrimStart().StartsWith('@'))
                yield return $"{m.Groups[1].Value}=\"{m.Groups[2].Value}\"";
        // Attribute values are markup (class names, URLs, types); what is left in quotes is C#.
        var code = HtmlAttribute().Replace(text, " ");
        foreach (Match m in Literal().Matches(code))
        {
            var value = m.Groups[2].Value;
            var readAlone = m.Groups[1].Success; // ViewData["Title"] = "Cart", or a branch of ?: that a page prints
            if (Expression().Replace(value, " ").Trim().Length == 0) continue;
            if ((readAlone && Words().IsMatch(value)) || Sentence().IsMatch(value)) yield return $"\"{value}\"";
        }
        var withoutCode = Literal().Replace(HtmlAttribute().Replace(text, " "), "\"\"");
        foreach (Match m in TextNode().Matches(withoutCode))
        {
            var node = Expression().Replace(m.Groups[1].Value, " ");
            if (Code().IsMatch(node)) continue;
            var words = Words().Matches(node).Select(w => w.Value).Where(w => w is not ("O2O")).ToList();
            if (words.Count > 0) yield return $">{m.Groups[1].Value.Trim()}<";
        }
    }

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"^@(?:page|model|using|inject|namespace|addTagHelper)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"\b(placeholder|title|aria-label|alt|aria-description)=""([^""]*)""")]
    private static partial Regex ReadAttribute();

    // A C# string in the page: ViewData["Title"] = "Cart", $"{n} left", ? "full" : …
    [GeneratedRegex(@"(ViewData\[""Title""\]\s*=\s*|[?:]\s*)?\$?""((?:[^""\\\r\n]|\\.)*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\s[\w:.@-]+=""[^""]*""")]
    private static partial Regex HtmlAttribute();

    // Words a person reads: letters, a space, letters ("3 left" is "{n} left": a word after a value counts too).
    [GeneratedRegex(@"(?:\p{L}{2,}[ ,.!?:]+\p{L}{2,})|(?:[}\d]\s+\p{L}{3,})")]
    private static partial Regex Sentence();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Words();

    [GeneratedRegex(@">([^<>]*)<")]
    private static partial Regex TextNode();

    // @Model.X.Y, @x.Name(…), @(…), @Common.Text; what is left is what the page writes itself.
    [GeneratedRegex(@"@\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)|@[A-Za-z_](?:[\w.]|\?\.)*(?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])*(?:\.[A-Za-z_]\w*(?:\((?:[^()]|\([^()]*\))*\))?)*|&\w+;")]
    private static partial Regex Expression();

    // A stretch of C# between tags: @{ … }, if/foreach heads, statements.
    [GeneratedRegex(@"[;{}]|=>|\b(?:var|foreach|await|null)\b|\bif\s*\(|[=!]=|&&|\|\||\w\(")]
    private static partial Regex Code();
}
