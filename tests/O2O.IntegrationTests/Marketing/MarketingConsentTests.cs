using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using O2O.Infrastructure.Data.Configurations;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Marketing;

/// <summary>Shoppers give or refuse marketing consent when they register and in their account, never pre-ticked (ADR 55).</summary>
public sealed class MarketingConsentTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Noon);
    }

    private Task<List<MarketingConsentChangeRow>> ChangesAsync(string email) => App.WithDbAsync(db =>
        (from c in db.Set<MarketingConsentChangeRow>() join u in db.Users on c.UserId equals u.Id where u.Email == email orderby c.Id select c).ToListAsync());

    private Task<MarketingConsentRow?> ConsentAsync(string email) => App.WithDbAsync(db =>
        (from c in db.Set<MarketingConsentRow>() join u in db.Users on c.UserId equals u.Id where u.Email == email select c).SingleOrDefaultAsync());

    private static PageClient Speaking(O2OApp app, string language)
    {
        var page = PageClient.For(app);
        page.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return page;
    }

    private static Task<HttpResponseMessage> RegisterAsync(PageClient page, string email, bool? consent)
    {
        var fields = new Dictionary<string, string> { ["Input.Name"] = "Ada", ["Input.Email"] = email, ["Input.Password"] = "Str0ng-pass!" };
        if (consent is { } value) fields["Input.MarketingConsent"] = value ? "true" : "false";
        return page.PostFormAsync("/Account/Register", "/Account/Register", fields);
    }

    [Theory]
    [InlineData("en", "Send me offers and promo codes from O2O stores by email")]
    [InlineData("fr", "Envoyez-moi par e-mail les offres et codes promo des magasins O2O")]
    [InlineData("ar", "أرسلوا إليّ عروض متاجر O2O ورموزها الترويجية بالبريد الإلكتروني")]
    public async Task TheRegistrationForm_OffersTheConsentBox_Unticked(string language, string label)
    {
        var html = await Speaking(App, language).GetAsync("/Account/Register");

        var box = System.Text.RegularExpressions.Regex.Match(html, "<input id=\"marketing-consent\"[^>]*>");
        box.Success.ShouldBeTrue();
        box.Value.ShouldContain("type=\"checkbox\"");
        box.Value.ShouldNotContain("checked");
        html.ShouldContain(label);
    }

    [Fact]
    public async Task RegisteringWithoutTickingTheBox_RecordsARefusal_FromRegistration()
    {
        PageClient.Location(await RegisterAsync(PageClient.For(App), "ada@example.test", consent: null)).ShouldBe("/account/orders");

        var consent = (await ConsentAsync("ada@example.test")).ShouldNotBeNull();
        consent.Given.ShouldBeFalse();
        consent.Source.ShouldBe("Registration");
        consent.ChangedAt.ShouldBe(Noon);
        (await ChangesAsync("ada@example.test")).Select(c => (c.Given, c.Source)).ShouldBe([(false, "Registration")]);
    }

    [Fact]
    public async Task RegisteringWithTheBoxTicked_RecordsConsent_AndTheAccountPageSaysSo()
    {
        var page = PageClient.For(App);
        PageClient.Location(await RegisterAsync(page, "ada@example.test", consent: true)).ShouldBe("/account/orders");

        (await ConsentAsync("ada@example.test")).ShouldNotBeNull().Given.ShouldBeTrue();
        (await ChangesAsync("ada@example.test")).Select(c => (c.Given, c.Source)).ShouldBe([(true, "Registration")]);
        var html = await page.GetAsync("/account/marketing");
        html.ShouldContain("You receive our offers by email (since Wednesday, June 10, 2026).");
        System.Text.RegularExpressions.Regex.Match(html, "<input id=\"marketing-consent\"[^>]*>").Value.ShouldContain("checked");
    }

    [Fact]
    public async Task TheAccountPage_ChangesTheAnswer_AndKeepsEachChange()
    {
        await App.UserAsync("ada@example.test", Roles.Shopper);
        var page = await PageClient.SignedInAsync(App, "ada@example.test");
        (await page.GetAsync("/account/marketing")).ShouldContain("You have not told us whether you want our offers by email, so we send you none.");

        PageClient.Location(await page.PostFormAsync("/account/marketing", "/account/marketing", new() { ["given"] = "true" })).ShouldBe("/account/marketing");
        (await page.GetAsync("/account/marketing")).ShouldContain("Saved: you will receive our offers by email.");
        App.Clock.Advance(TimeSpan.FromDays(1));
        PageClient.Location(await page.PostFormAsync("/account/marketing", "/account/marketing", new())).ShouldBe("/account/marketing");

        var french = await page.GetAsync("/account/marketing?culture=fr");
        french.ShouldContain("Vous ne recevez pas nos offres par e-mail (depuis le jeudi 11 juin 2026).");
        (await ChangesAsync("ada@example.test")).Select(c => (c.Given, c.Source, c.At)).ShouldBe(
            [(true, "Account", Noon), (false, "Account", Noon.AddDays(1))]);
    }

    [Fact]
    public async Task TheApi_ReadsAndChangesTheAnswer_AndRefusesAMissingOne()
    {
        await App.UserAsync("ada@example.test", Roles.Shopper);
        var me = await App.ClientForAsync("ada@example.test");

        var never = await me.GetJsonAsync("/api/v1/me/marketing-consent");
        never["given"].ShouldBeNull();
        never["source"].ShouldBeNull();

        var given = await (await me.PutAsJsonAsync("/api/v1/me/marketing-consent", new { given = true })).JsonAsync();
        given["given"]!.GetValue<bool>().ShouldBeTrue();
        given["source"]!.GetValue<string>().ShouldBe("Account");
        DateTimeOffset.Parse(given["changedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Noon);
        (await (await me.PutAsJsonAsync("/api/v1/me/marketing-consent", new { given = true })).JsonAsync())["given"]!.GetValue<bool>().ShouldBeTrue();

        var missing = await (await me.PutAsJsonAsync("/api/v1/me/marketing-consent", new { })).ProblemAsync(HttpStatusCode.BadRequest);
        missing["errors"]!["given"].ShouldNotBeNull();
        (await App.CreateClient().GetAsync("/api/v1/me/marketing-consent")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // Saying yes twice is one change: the history records changes, not clicks.
        (await ChangesAsync("ada@example.test")).Select(c => (c.Given, c.Source)).ShouldBe([(true, "Account")]);
    }

    [Fact]
    public async Task TheDownload_HoldsTheConsentAndItsHistory_AndDeletingTheAccountErasesBoth()
    {
        await App.UserAsync("ada@example.test", Roles.Shopper);
        await App.UserAsync("other@example.test", Roles.Shopper);
        var me = await App.ClientForAsync("ada@example.test");
        await me.PutAsJsonAsync("/api/v1/me/marketing-consent", new { given = true });
        await (await App.ClientForAsync("other@example.test")).PutAsJsonAsync("/api/v1/me/marketing-consent", new { given = true });
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        await me.PutAsJsonAsync("/api/v1/me/marketing-consent", new { given = false });

        var marketing = (await me.GetJsonAsync("/api/v1/me/data"))["sections"]!["marketing"]!;

        marketing["consent"]!["given"]!.GetValue<bool>().ShouldBeFalse();
        marketing["consentChanges"]!.AsArray().Select(c => c!["given"]!.GetValue<bool>()).ShouldBe([true, false]);
        (await me.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(new { password = "Demo-pass-1" }) }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var left = await App.WithDbAsync(async db => (await db.Set<MarketingConsentRow>().CountAsync(), await db.Set<MarketingConsentChangeRow>().CountAsync()));
        left.ShouldBe((1, 1)); // the other shopper's
    }
}
