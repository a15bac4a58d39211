using System.Net;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Abstractions;
using O2O.Application.Promotions;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Infrastructure.Data.Seed;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>The back office's promotion pages: the same use cases as the API, messages beside the fields, in the admin's language.</summary>
public sealed class PromotionPagesTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly Actor Boss = new(null, "boss.pages@o2o.test", true, false);

    private Store _store = null!;
    private PageClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("PRP01");
        await App.UserAsync("boss.pages@o2o.test", Roles.Admin);
        _admin = await PageClient.SignedInAsync(App, "boss.pages@o2o.test");
    }

    private static Dictionary<string, string> Form(string percent, string code = "") => new()
    {
        ["Form.Name"] = "Summer", ["Form.Kind"] = "PercentOff", ["Form.PercentOff"] = percent, ["Form.Currency"] = "EUR",
        ["Form.ValidFrom"] = "2026-06-01T09:00", ["Form.ValidUntil"] = "2026-07-01T00:00", ["Form.MaxUses"] = "50",
        ["Form.FirstOrderOnly"] = "false", ["Form.CodeMode"] = "Shared", ["Form.Code"] = code,
    };

    [Theory]
    [InlineData("fr", "10 % de remise", "Active")]
    [InlineData("ar", "خصم 10٪", "نشط")]
    public async Task The_demo_welcome_code_is_listed_in_the_admins_language(string culture, string discount, string state)
    {
        await App.SeedDemoDataAsync(); // the stores exist already: only the demo promotion is added

        var html = await _admin.GetAsync($"/admin/promotions?culture={culture}");

        html.ShouldContain(DemoDataSeeder.DemoPromoCode);
        html.ShouldContain(discount);
        html.ShouldContain(state);
        if (culture == "ar") html.ShouldContain("dir=\"rtl\"");
        var demo = await App.WithDbAsync(db => db.Promotions.SingleAsync());
        (demo.PercentBasisPoints, demo.MaxUses, demo.MaxUsesPerCustomer).ShouldBe((1_000, 1_000, 1));
    }

    [Fact]
    public async Task A_promotion_made_on_the_form_is_saved_and_a_bad_value_is_shown_beside_its_field()
    {
        var bad = await _admin.PostFormAsync("/admin/promotions/edit", "/admin/promotions/edit", Form("150"));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("id=\"PercentOff-error\" class=\"field-error\"><span class=\"field-validation-error\"");
        (await App.WithDbAsync(db => db.Promotions.CountAsync())).ShouldBe(0);

        var fields = Form("12,5", code: "summer-26");
        fields["Form.StoreIds"] = _store.Id.ToString();
        var saved = await _admin.PostFormAsync("/admin/promotions/edit", "/admin/promotions/edit", fields);

        var promotion = await App.WithDbAsync(db => db.Promotions.SingleAsync());
        PageClient.Location(saved).ShouldBe($"/admin/promotions/{promotion.Id}");
        (promotion.PercentBasisPoints, promotion.MaxUses, promotion.StoreIds.Single()).ShouldBe((1_250, 50, _store.Id));
        promotion.ValidFrom.ShouldBe(new DateTime(2026, 6, 1, 9, 0, 0));
        var details = await _admin.GetAsync($"/admin/promotions/{promotion.Id}");
        details.ShouldContain("SUMMER-26");
        details.ShouldContain("Store PRP01");
        details.ShouldContain("June 1, 2026, 9:00&#x202F;AM to July 1, 2026, 12:00&#x202F;AM");
    }

    [Fact]
    public async Task A_code_already_taken_is_shown_beside_the_code_field_in_french()
    {
        (await App.SendAsync(new CreatePromotion(new PromotionInput("First", PromotionKind.PercentOff, 10, null, null, null, null, null, null, null,
            false, null, null) { Code = "WELCOME10" }, Boss))).IsSuccess.ShouldBeTrue();

        var taken = await _admin.PostFormAsync("/admin/promotions/edit?culture=fr", "/admin/promotions/edit?culture=fr", Form("10", code: "welcome-1O"));

        taken.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await taken.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"Code-error\" class=\"field-error\"><span class=\"field-validation-error\"");
        html.ShouldContain("Le code WELCOME-1O est déjà utilisé");
        (await App.WithDbAsync(db => db.Promotions.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task The_details_page_generates_codes_downloads_them_and_pauses_and_resumes()
    {
        var created = await App.SendAsync(new CreatePromotion(new PromotionInput("Campaign", PromotionKind.AmountOff, null, new(500, "EUR"), null,
            null, null, null, null, null, false, null, null) { CodeMode = PromoCodeMode.SingleUse }, Boss));
        var url = $"/admin/promotions/{created.Value!.Id}";

        var tooMany = await _admin.PostFormAsync(url, $"{url}?handler=Generate", new() { ["count"] = "10001" });
        tooMany.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tooMany.Content.ReadAsStringAsync()).ShouldContain("id=\"count-error\" class=\"field-error\"><span class=\"field-validation-error\"");
        PageClient.Location(await _admin.PostFormAsync(url, $"{url}?handler=Generate", new() { ["count"] = "25" })).ShouldBe(url);
        var page = await _admin.GetAsync(url);
        page.ShouldContain("25 codes generated.");
        page.ShouldContain("25 single-use codes");

        var csv = await _admin.Http.GetAsync($"{url}?handler=Csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(26);
        lines[0].TrimEnd('\r').ShouldBe("code,singleUse,uses,campaignId,createdAt");

        PageClient.Location(await _admin.PostFormAsync(url, $"{url}?handler=Pause", new() { ["paused"] = "true" })).ShouldBe(url);
        (await _admin.GetAsync($"{url}?culture=ar")).ShouldContain("متوقف مؤقتًا"); // the state, in the reader's language
        (await App.WithDbAsync(db => db.Promotions.Select(p => p.Paused).SingleAsync())).ShouldBeTrue();
        PageClient.Location(await _admin.PostFormAsync(url, $"{url}?handler=Pause", new() { ["paused"] = "false" })).ShouldBe(url);
        (await App.WithDbAsync(db => db.Promotions.Select(p => p.Paused).SingleAsync())).ShouldBeFalse();
    }

    [Fact]
    public async Task The_audit_log_words_a_promotions_changes_in_french_and_names_it()
    {
        var created = await App.SendAsync(new CreatePromotion(new PromotionInput("Soldes d’été", PromotionKind.PercentOff, 10, null, null, null, null,
            null, null, null, false, 100, null), Boss));
        (await App.SendAsync(new SetPromotionPaused(created.Value!.Id, true, Boss))).IsSuccess.ShouldBeTrue();

        var html = await _admin.GetAsync("/admin/audit?culture=fr");

        html.ShouldContain("Promotion créée");
        html.ShouldContain("Promotion suspendue");
        html.ShouldContain("Utilisations au total");
        html.ShouldContain("Soldes d’été");
    }

    [Fact]
    public async Task The_edit_form_shows_the_promotion_as_saved()
    {
        var created = await App.SendAsync(new CreatePromotion(new PromotionInput("Five off", PromotionKind.AmountOff, null, new(500, "EUR"),
            new(2000, "EUR"), null, null, [_store.Id], new DateTime(2026, 6, 1, 9, 0, 0), null, false, 10, 2), Boss));

        var html = await _admin.GetAsync($"/admin/promotions/edit/{created.Value!.Id}");

        html.ShouldContain("name=\"Form.AmountOff\" value=\"5.00\"");
        html.ShouldContain("name=\"Form.MinimumSubtotal\" value=\"20.00\"");
        html.ShouldContain("value=\"2026-06-01T09:00\"");
        html.ShouldContain($"<option value=\"{_store.Id}\" selected=\"selected\">");
        html.ShouldNotContain("name=\"Form.CodeMode\"");
    }
}
