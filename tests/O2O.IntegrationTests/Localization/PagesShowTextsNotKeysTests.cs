using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Localization;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Localization;

/// <summary>
/// Every role's pages, in every language, show texts, never the name of a text: a resource key on a page (a counted
/// text's missing form, a lookup by name gone wrong) would read "Products_Title" to a shopper.
/// </summary>
public sealed partial class PagesShowTextsNotKeysTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly Lazy<HashSet<string>> Keys = new(ReadKeys);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedDemoDataAsync(withAccounts: true);
        await App.SeedDemoOrdersAsync();
    }

    public static TheoryData<string> Languages()
    {
        var data = new TheoryData<string>();
        foreach (var culture in Cultures.Supported) data.Add(culture);
        return data;
    }

    [Theory, MemberData(nameof(Languages))]
    public async Task No_page_of_any_role_shows_a_resource_key(string culture)
    {
        var (product, store, order) = await App.WithDbAsync(async db => (
            await db.Products.Select(p => p.Id).FirstAsync(),
            await db.Stores.Where(s => s.Code == "PAR01").Select(s => s.Id).SingleAsync(),
            await db.Orders.Where(o => o.StoreId == db.Stores.Single(s => s.Code == "PAR01").Id).Select(o => o.Id).FirstAsync()));
        var visitor = PageClient.For(App);
        var shopper = await PageClient.SignedInAsync(App, "shopper@o2o.test");
        var clerk = await PageClient.SignedInAsync(App, "staff.par01@o2o.test");
        var admin = await PageClient.SignedInAsync(App, "admin@o2o.test");
        var pages = new (PageClient Client, string Url)[]
        {
            (visitor, "/"), (visitor, "/products"), (visitor, $"/products/{product}"), (visitor, "/stores"), (visitor, $"/stores/{store}"),
            (visitor, "/cart"), (visitor, "/Account/Login"), (visitor, "/Account/Register"), (visitor, "/error/404"),
            (shopper, "/account/orders"), (shopper, "/account/data"),
            (clerk, "/staff"), (clerk, $"/staff/stores/{store}"), (clerk, $"/staff/orders/{order}"), (clerk, $"/staff/stores/{store}/picklist"), (clerk, $"/staff/stores/{store}/handover"), (clerk, $"/staff/stores/{store}/no-shows"),
            (admin, "/admin"), (admin, "/admin/products"), (admin, "/admin/stores"), (admin, "/admin/stock"), (admin, "/admin/users"),
            (admin, "/admin/payments"), (admin, "/admin/audit"), (admin, "/admin/categories"), (admin, $"/admin/products/{product}/translations"),
        };
        var promotion = await App.WithDbAsync(db => db.Promotions.Select(p => p.Id).FirstAsync());
        pages = [.. pages, (admin, "/admin/promotions"), (admin, "/admin/promotions/edit"), (admin, $"/admin/promotions/{promotion}")];

        var found = new List<string>();
        foreach (var (client, url) in pages)
        {
            var separator = url.Contains('?') ? '&' : '?';
            var response = await client.Http.GetAsync($"{url}{separator}culture={culture}");
            if (response.StatusCode != HttpStatusCode.OK && url != "/error/404") { found.Add($"{url}: {(int)response.StatusCode}"); continue; }
            var text = VisibleText(await response.Content.ReadAsStringAsync());
            found.AddRange(Word().Matches(text).Select(m => m.Value).Where(Keys.Value.Contains).Distinct().Select(key => $"{url}: {key}"));
        }
        found.ShouldBeEmpty();
    }

    [Fact]
    public void The_check_knows_the_keys_of_every_resource_file() =>
        Keys.Value.ShouldContain("SkipToContent");

    private static string VisibleText(string html)
    {
        var body = ScriptOrStyle().Replace(html, " ");
        // Attributes a person reads or hears count as text too.
        var attributes = string.Join(' ', ReadAttribute().Matches(body).Select(m => m.Groups[1].Value));
        return System.Net.WebUtility.HtmlDecode(Tag().Replace(body, " ") + " " + attributes);
    }

    /// <summary>Keys that could not pass for a word: with an underscore or two capitals ("Products_Title", "NavMyStore").</summary>
    private static HashSet<string> ReadKeys()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "O2O.sln"))) root = root.Parent!;
        return Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && Path.GetFileNameWithoutExtension(f).Split('.').Length == 1)
            .SelectMany(f => XDocument.Load(f).Root!.Elements("data").Select(d => (string)d.Attribute("name")!))
            .Where(k => k.Contains('_', StringComparison.Ordinal) || k.Count(char.IsUpper) >= 2)
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\b(?:placeholder|title|aria-label|alt)=""([^""]*)""")]
    private static partial Regex ReadAttribute();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_]+")]
    private static partial Regex Word();
}
