using System.Net;
using System.Text.RegularExpressions;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>The desk's "Redeem a code" page: the same use cases as the till's API, in the clerk's language, without script.</summary>
public sealed partial class CounterDeskPageTests(O2OApp app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset Tuesday = new(2030, 6, 4, 9, 15, 0, TimeSpan.Zero);

    private Store _store = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Tuesday);
        _store = await App.StoreAsync("DESK1");
        await App.UserAsync("desk.one@o2o.test", Roles.Staff, _store);
        await App.TillPromotionAsync("WELCOME10");
    }

    private string Url => $"/staff/stores/{_store.Id}/redemptions";

    private Task<HttpResponseMessage> RedeemAsync(PageClient desk, string code, string subtotal, string reference, string? culture = null)
    {
        var url = culture is null ? Url : $"{Url}?culture={culture}";
        return desk.PostFormAsync(url, url, new() { ["code"] = code, ["subtotal"] = subtotal, ["reference"] = reference });
    }

    [Fact]
    public async Task TheForm_RedeemsTheCode_ShowsTheDiscountAndItsNumber_ListsItToday_AndVoidsIt()
    {
        var desk = await PageClient.SignedInAsync(App, "desk.one@o2o.test");
        (await desk.GetAsync("/staff")).ShouldContain(Url);

        var done = PageClient.Location(await RedeemAsync(desk, "welcome10", "49.99", "T-100"));
        var page = await desk.GetAsync(done);

        page.ShouldContain("€5.00 off: the customer pays €44.99.");
        page.ShouldContain("Autumn · receipt T-100 · ");
        var id = RedemptionId().Match(page).Groups[1].Value;
        done.ShouldContain(id);
        page.ShouldContain($"data-redemption=\"{id}\"");
        page.ShouldContain("11:15");

        PageClient.Location(await desk.PostFormAsync(Url, $"{Url}?handler=Void&redemptionId={id}", []));
        var after = await desk.GetAsync(Url);
        after.ShouldContain("Receipt T-100 voided: the code can be used again.");
        after.ShouldContain("Voided at 11:15");
    }

    [Fact]
    public async Task Mistakes_AreSaidBesideTheirFields()
    {
        var desk = await PageClient.SignedInAsync(App, "desk.one@o2o.test");

        var bad = await (await RedeemAsync(desk, "", "twelve", "")).Content.ReadAsStringAsync();
        Beside(bad, "subtotal").ShouldContain("Enter the till&#x27;s subtotal as an amount, such as 12.50.");

        var empty = await (await RedeemAsync(desk, "", "12.50", "")).Content.ReadAsStringAsync();
        Beside(empty, "code").ShouldContain("Enter the code.");
        Beside(empty, "reference").ShouldContain("Enter the till&#x27;s receipt number.");

        var unknown = await (await RedeemAsync(desk, "NOPE1234", "12.50", "T-1")).Content.ReadAsStringAsync();
        Beside(unknown, "code").ShouldContain("This code doesn&#x27;t exist.");
    }

    [Theory]
    [InlineData("fr", "Remise de 5,00", "Ce code n&#x27;existe pas.")]
    [InlineData("ar", "خصم", "هذا الرمز غير موجود.")]
    public async Task ThePage_SpeaksTheClerksLanguage(string culture, string discount, string unknown)
    {
        var desk = await PageClient.SignedInAsync(App, "desk.one@o2o.test");

        var done = PageClient.Location(await RedeemAsync(desk, "WELCOME10", culture == "fr" ? "49,99" : "49.99", "T-200", culture));
        (await desk.GetAsync(done.Contains('?') ? $"{done}&culture={culture}" : $"{done}?culture={culture}")).ShouldContain(discount);
        var refused = await (await RedeemAsync(desk, "NOPE1234", "12.50", "T-201", culture)).Content.ReadAsStringAsync();
        Beside(refused, "code").ShouldContain(unknown);
    }

    [Fact]
    public async Task AStoreTheClerkDoesNotWorkAt_IsNotFound()
    {
        var other = await App.StoreAsync("DESK2");
        var desk = await PageClient.SignedInAsync(App, "desk.one@o2o.test");

        await desk.GetAsync($"/staff/stores/{other.Id}/redemptions", HttpStatusCode.NotFound);
    }

    /// <summary>The text of the field's error span.</summary>
    public static string Beside(string html, string field)
    {
        var match = Regex.Match(html, $"<span id=\"{field}-error\" class=\"field-error\">(.*?)</span>\\s*</div>", RegexOptions.Singleline);
        match.Success.ShouldBeTrue($"No error span for {field}.");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("class=\"redemption-id\">([0-9a-f-]{36})<")]
    private static partial Regex RedemptionId();
}
