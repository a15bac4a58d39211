using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using O2O.Application.Marketing;
using O2O.Infrastructure.Data.Configurations;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Marketing;

/// <summary>The signed one-click unsubscribe link (RFC 8058) works without signing in, and only for the account it names.</summary>
public sealed class UnsubscribeTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
    private string _ada = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Noon);
        _ada = await App.UserAsync("ada@example.test", Roles.Shopper);
        await (await App.ClientForAsync("ada@example.test")).PutAsJsonAsync("/api/v1/me/marketing-consent", new { given = true });
    }

    private string TokenFor(string userId, Guid? campaignId = null) =>
        App.Services.GetRequiredService<IUnsubscribeTokens>().Issue(new UnsubscribeTicket(userId, campaignId));

    /// <summary>What a mail client sends for the List-Unsubscribe-Post header: no cookie, no antiforgery token.</summary>
    private Task<HttpResponseMessage> OneClickAsync(string token) =>
        App.CreateClient().PostAsync($"/unsubscribe?t={Uri.EscapeDataString(token)}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

    private Task<bool?> GivenAsync() => App.WithDbAsync(db =>
        db.Set<MarketingConsentRow>().Where(c => c.UserId == _ada).Select(c => (bool?)c.Given).SingleOrDefaultAsync());

    private Task<List<MarketingConsentChangeRow>> ChangesAsync() =>
        App.WithDbAsync(db => db.Set<MarketingConsentChangeRow>().Where(c => c.UserId == _ada).OrderBy(c => c.Id).ToListAsync());

    [Fact]
    public async Task TheMailClientsOneClickPost_WithoutSignIn_Unsubscribes_AndAnswers200()
    {
        var campaign = Guid.CreateVersion7();
        App.Clock.Advance(TimeSpan.FromDays(3));

        var response = await OneClickAsync(TokenFor(_ada, campaign));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("You are unsubscribed: you will no longer receive O2O offers by email.");
        (await GivenAsync()).ShouldBe(false);
        var last = (await ChangesAsync()).Last();
        (last.Given, last.Source, last.CampaignId, last.At).ShouldBe((false, "Unsubscribe", campaign, Noon.AddDays(3)));
    }

    [Fact]
    public async Task OpeningTheLink_OnlyAsks_InTheShoppersLanguage_AndUnsubscribesNobody()
    {
        var token = TokenFor(_ada);

        var english = await PageClient.For(App).GetAsync($"/unsubscribe?t={Uri.EscapeDataString(token)}");
        var french = await PageClient.For(App).GetAsync($"/unsubscribe?t={Uri.EscapeDataString(token)}&culture=fr");
        var arabic = await PageClient.For(App).GetAsync($"/unsubscribe?t={Uri.EscapeDataString(token)}&culture=ar");

        english.ShouldContain("Do you want to stop receiving O2O offers by email?");
        english.ShouldContain($"action=\"/unsubscribe?t={Uri.EscapeDataString(token)}\"");
        french.ShouldContain($"action=\"/unsubscribe?t={Uri.EscapeDataString(token)}&amp;culture=fr\"");
        WebUtility.HtmlDecode(french).ShouldContain("Voulez-vous ne plus recevoir les offres O2O par e-mail\u00A0?");
        french.ShouldContain(">Me désabonner</button>");
        arabic.ShouldContain("<html lang=\"ar\" dir=\"rtl\">");
        arabic.ShouldContain("هل تريد التوقف عن تلقي عروض O2O بالبريد الإلكتروني؟");
        (await GivenAsync()).ShouldBe(true);
        (await ChangesAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task UnsubscribingTwice_IsFine_AndIsOneChange()
    {
        var token = TokenFor(_ada);

        (await OneClickAsync(token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await OneClickAsync(token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await PageClient.For(App).GetAsync($"/unsubscribe?t={Uri.EscapeDataString(token)}");

        again.ShouldContain("You are already unsubscribed from O2O offers by email.");
        (await ChangesAsync()).Select(c => c.Given).ShouldBe([true, false]);
    }

    public static TheoryData<string> Forgeries() => new()
    {
        "not-a-token",
        "",
        new string('A', 5000),
    };

    [Theory, MemberData(nameof(Forgeries))]
    public async Task AForgedToken_IsRefused_WithAClearMessage_AndChangesNothing(string forged)
    {
        var post = await OneClickAsync(forged);
        var get = await App.CreateClient().GetAsync($"/unsubscribe?t={Uri.EscapeDataString(forged)}&culture=fr");

        post.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await post.Content.ReadAsStringAsync()).ShouldContain("This unsubscribe link is not valid");
        get.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await get.Content.ReadAsStringAsync()).ShouldContain("Ce lien de désabonnement n’est pas valide");
        (await GivenAsync()).ShouldBe(true);
    }

    [Fact]
    public async Task ATamperedToken_OrOneForAnAccountThatIsGone_IsRefused()
    {
        var token = TokenFor(_ada);
        // One character changed in the middle: the signature no longer matches.
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];
        var gone = TokenFor("no-such-account");

        (await OneClickAsync(tampered)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await OneClickAsync(gone)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await OneClickAsync(token + "x")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await GivenAsync()).ShouldBe(true);
        (await App.WithDbAsync(db => db.Set<MarketingConsentChangeRow>().CountAsync())).ShouldBe(1);
    }
}
