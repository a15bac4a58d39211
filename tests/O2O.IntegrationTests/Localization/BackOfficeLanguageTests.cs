using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;
using AdminTexts = O2O.Web.Localization.Admin;
using AuditTexts = O2O.Application.Localization.Audit;

namespace O2O.IntegrationTests.Localization;

/// <summary>
/// The back office in French and Arabic: one Paris store late on 1 June UTC, already 2 June at 00:30 in Paris (UTC+2),
/// with a paid order in the first slot of 2 June, a cancelled order whose refund the provider refused, and a stock
/// change in the audit log. Every page must speak the reader's language, with no English text of the back office's
/// resources left, and give the store's own times with their offset (UTC where an auditor needs it).
/// </summary>
public sealed partial class BackOfficeLanguageTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset LateEvening = new(2026, 6, 1, 22, 30, 0, TimeSpan.Zero);

    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(LateEvening);
        _store = await App.StoreAsync("PAR01", timeZone: "Europe/Paris");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 10);
        await App.UserAsync("boss@o2o.test", Roles.Admin);

        await App.PaidOrderAsync(_store, (_kettle, 2));
        var (cancelledId, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{cancelledId}/cancel") { Content = JsonContent.Create(new { reason = "changed my mind" }) };
        cancel.Headers.Add("X-Order-Token", token);
        (await App.CreateClient().SendAsync(cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The provider refuses the refund for good: it is listed under payments needing attention.
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE payment_commands SET status = 'Failed', last_error = 'charge_disputed' WHERE order_id = {0}", Guid.Parse(cancelledId)));

        var api = await App.ClientForAsync("boss@o2o.test");
        (await api.PutAsJsonAsync($"/api/v1/admin/stock/{_store.Id}/{_kettle.Id}", new { onHand = 25 })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var culture in new[] { "fr", "ar" })
            foreach (var page in new[] { "/admin?from=2026-06-02&to=2026-06-02", "/admin/products", "/admin/stores/edit/{store}", "/admin/stock", "/admin/audit", "/admin/payments", "/admin/users", "/admin/stores", "/admin/diagnostics", "/admin/products/edit/{product}" })
                data.Add(page, culture);
        return data;
    }

    [Theory, MemberData(nameof(Pages))]
    public async Task A_back_office_page_speaks_the_readers_language_with_no_English_left(string page, string culture)
    {
        var html = await GetAsync(page.Replace("{store}", _store.Id.ToString()).Replace("{product}", _kettle.Id.ToString()), culture);

        html.ShouldContain($"<html lang=\"{culture}\" dir=\"{(culture == "ar" ? "rtl" : "ltr")}\">");
        EnglishLeftovers(html, culture).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_dashboard_in_French_names_the_stores_own_day_in_French()
    {
        var html = await GetAsync("/admin?from=2026-06-02&to=2026-06-02", "fr");

        html.ShouldContain("<h1>Tableau de bord");
        html.ShouldContain(">2 juin 2026</time>");
        html.ShouldContain("<th scope=\"col\">Chiffre d&#x27;affaires</th>");
        html.ShouldContain("<td>2</td><td>69,80 €</td>");
        var chart = JsonNode.Parse(WebUtility.HtmlDecode(ChartData().Match(html).Groups[1].Value))!;
        chart["locale"]!.GetValue<string>().ShouldBe("fr");
        chart["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ShouldBe(["2 juin"]);
    }

    [Fact]
    public async Task The_dashboard_in_Arabic_is_right_to_left_with_Arabic_day_names()
    {
        var html = await GetAsync("/admin?from=2026-06-02&to=2026-06-02", "ar");

        html.ShouldContain("لوحة المعلومات");
        var chart = JsonNode.Parse(WebUtility.HtmlDecode(ChartData().Match(html).Groups[1].Value))!;
        chart["rtl"]!.GetValue<bool>().ShouldBeTrue();
        chart["labels"]!.AsArray().Single()!.GetValue<string>().ShouldContain("يونيو");
    }

    [Fact]
    public async Task A_refused_refund_shows_the_stores_local_time_with_its_offset_and_the_UTC_time_in_French()
    {
        var html = WebUtility.HtmlDecode(await GetAsync("/admin/payments", "fr"));

        html.ShouldContain("<h1 id=\"payments-heading\">Paiements à traiter</h1>");
        html.ShouldContain("<td>Remboursement</td>");
        html.ShouldContain("<td>34,90 €</td>");
        // 22:30 UTC on 1 June is 00:30 on 2 June on the Paris store's clock.
        html.ShouldContain("<time datetime=\"2026-06-01T22:30:00Z\" title=\"01/06/2026 22:30:00 (UTC)\">02/06/2026 00:30 (UTC+2)</time>");
        html.ShouldContain("<span class=\"muted utc\">01/06/2026 22:30:00 (UTC)</span>");
        html.ShouldContain("<p>0 opération de paiement est en cours d'envoi.</p>");
    }

    [Fact]
    public async Task A_refused_refund_in_Arabic_keeps_the_offset_readable_left_to_right()
    {
        var html = WebUtility.HtmlDecode(await GetAsync("/admin/payments", "ar"));

        html.ShouldContain("مدفوعات تحتاج إلى متابعة");
        html.ShouldContain("<td>استرداد</td>");
        html.ShouldContain("(\u2066UTC+2\u2069)</time>");
        Regex.IsMatch(html, "<span class=\"muted utc\">[^<]+ \\(UTC\\)</span>").ShouldBeTrue();
        html.ShouldContain("<p>لا توجد عمليات دفع قيد الإرسال.</p>");
    }

    [Fact]
    public async Task An_audit_entry_reads_in_French_with_its_time_in_UTC()
    {
        var html = Regex.Replace(WebUtility.HtmlDecode(await GetAsync("/admin/audit", "fr")), @"\s+", " ");

        html.ShouldContain("<h1 id=\"audit-heading\">Journal d'audit</h1>");
        html.ShouldContain("Stock modifié <code class=\"muted\">stock.set</code>");
        html.ShouldContain("Stock du magasin · Store PAR01 · Product KETTLE (KETTLE)");
        html.ShouldContain("<li>En stock : <del>10</del> <span aria-hidden=\"true\">→</span> 25</li>");
        html.ShouldContain("<time datetime=\"2026-06-01T22:30:00Z\">01/06/2026 22:30:00 (UTC)</time>");
    }

    [Fact]
    public async Task An_audit_entrys_values_read_in_French_money_yes_no_weekdays_and_capture_mode()
    {
        await App.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(new O2O.Application.Admin.AuditEntry(LateEvening, "boss@o2o.test", "product.update", "Product", _kettle.Id.ToString(),
                new { Price = new { Amount = 3490, Currency = "EUR" }, IsActive = true }, new { Price = new { Amount = 2990, Currency = "EUR" }, IsActive = false }));
            db.AuditEntries.Add(new O2O.Application.Admin.AuditEntry(LateEvening, "boss@o2o.test", "store.update", "Store", _store.Id.ToString(),
                new { OpeningHours = new[] { new { Day = DayOfWeek.Monday } }, Pickup = new { CaptureMode = CaptureMode.AtOrder } },
                new { OpeningHours = new[] { new { Day = DayOfWeek.Tuesday } }, Pickup = new { CaptureMode = CaptureMode.AtHandover } }));
            await db.SaveChangesAsync();
        });

        var html = Regex.Replace(WebUtility.HtmlDecode(await GetAsync("/admin/audit", "fr")), @"\s+", " ").Replace('\u202F', ' ');

        html.ShouldContain("Produit modifié <code class=\"muted\">product.update</code>");
        html.ShouldContain("<li>Prix : <del>34,90 €</del> <span aria-hidden=\"true\">→</span> 29,90 €</li>");
        html.ShouldContain("<li>En vente : <del>oui</del> <span aria-hidden=\"true\">→</span> non</li>");
        html.ShouldContain("Magasin modifié <code class=\"muted\">store.update</code>");
        html.ShouldContain("<li>Horaires d'ouverture : <del>jour lundi</del> <span aria-hidden=\"true\">→</span> jour mardi</li>");
        html.ShouldContain("<li>Retrait : <del>encaissement à la commande</del> <span aria-hidden=\"true\">→</span> encaissement à la remise</li>");
    }

    [Fact]
    public async Task An_audit_entry_in_Arabic_points_from_the_old_value_to_the_new_one_right_to_left()
    {
        var html = Regex.Replace(WebUtility.HtmlDecode(await GetAsync("/admin/audit", "ar")), @"\s+", " ");

        html.ShouldContain("تعديل المخزون");
        html.ShouldContain("مخزون المتجر · Store PAR01");
        html.ShouldContain("<li>المتوفر: <del>10</del> <span aria-hidden=\"true\">←</span> 25</li>");
    }

    [Fact]
    public async Task An_order_outside_a_new_schedule_is_listed_at_its_slots_local_time_in_French()
    {
        // The store now opens at noon: the order booked for 08:00 on 2 June (Paris) is outside the schedule.
        await App.WithDbAsync(async db =>
        {
            var store = await db.Stores.SingleAsync(s => s.Id == _store.Id);
            store.SetOpeningHours(Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(12, 0), new TimeOnly(20, 0))));
            await db.SaveChangesAsync();
        });

        var html = WebUtility.HtmlDecode(await GetAsync($"/admin/stores/edit/{_store.Id}", "fr"));

        html.ShouldContain("1 commande réservée hors des horaires actuels");
        html.ShouldContain("<time datetime=\"2026-06-02T06:00:00Z\">mardi 2 juin, 08:00 (UTC+2)</time>");
        html.ShouldContain("<label for=\"hours-Monday\">Lundi</label>");
        html.ShouldContain("Horaires d'ouverture de la semaine");
    }

    [Fact]
    public async Task The_store_list_gives_each_zone_its_offset_now()
    {
        var html = WebUtility.HtmlDecode(await GetAsync("/admin/stores", "fr"));

        html.ShouldContain("<td>Europe/Paris <span class=\"muted\">(UTC+2)</span></td>");
    }

    [Fact]
    public async Task A_stock_import_reports_its_rows_in_French()
    {
        var page = await SignedInAsync();
        using var form = new MultipartFormDataContent();
        var html = await page.GetAsync("/admin/stock?culture=fr");
        form.Add(new StringContent(WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value)), "__RequestVerificationToken");
        form.Add(new ByteArrayContent("storeCode,sku,onHand\nPAR01,KETTLE,12\nPAR01,GHOST,1\n"u8.ToArray()), "file", "stock.csv");

        var response = await page.Http.PostAsync("/admin/stock?handler=Import&culture=fr", form);

        var result = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        result.ShouldContain("Import — appliquées : 1, rejetées : 1");
        result.ShouldContain("Ligne 3 (PAR01, GHOST, 1) : Aucun produit n'a cette référence.");
    }

    private async Task<PageClient> SignedInAsync()
    {
        App.Clock.Set(LateEvening);
        return await PageClient.SignedInAsync(App, "boss@o2o.test");
    }

    private async Task<string> GetAsync(string url, string culture) =>
        await (await SignedInAsync()).GetAsync(url + (url.Contains('?') ? "&" : "?") + "culture=" + culture);

    /// <summary>
    /// English texts of the back office's resources that show in a page in another language: a phrase (two words or
    /// more) anywhere, or a single word as a whole element's text. Texts a language writes the same way are left out.
    /// </summary>
    private static List<string> EnglishLeftovers(string html, string culture)
    {
        var text = WebUtility.HtmlDecode(html);
        var language = CultureInfo.GetCultureInfo(culture);
        var found = new List<string>();
        foreach (var resources in new ResourceManager[] { AdminTexts.ResourceManager, AuditTexts.ResourceManager })
            foreach (DictionaryEntry entry in resources.GetResourceSet(CultureInfo.InvariantCulture, true, true)!)
            {
                var key = (string)entry.Key;
                var english = (string)entry.Value!;
                var translated = resources.GetString(key, language) ?? "";
                if (translated == english) continue;
                foreach (var fragment in Placeholder().Split(english).Select(f => f.Trim(' ', ':', '.', ',', '(', ')')))
                {
                    if (fragment.Length < 4 || translated.Contains(fragment, StringComparison.Ordinal)) continue;
                    var leftover = fragment.Contains(' ') ? text.Contains(fragment, StringComparison.Ordinal) : text.Contains($">{fragment}<", StringComparison.Ordinal);
                    if (leftover) found.Add($"{key}: {fragment}");
                }
            }
        return found;
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("<script type=\"application/json\" id=\"dashboard-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ChartData();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
