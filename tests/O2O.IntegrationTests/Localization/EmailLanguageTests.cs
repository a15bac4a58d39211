using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Jobs;
using O2O.Application.Localization;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Localization;

/// <summary>
/// Every email about an order speaks the language the shopper ordered in, whoever sends it (a clerk in another language,
/// a job with no request); the calendar file speaks the reader's language. Times are the store's, with its offset.
/// </summary>
public sealed partial class EmailLanguageTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Wednesday 10 June 2026, 10:00 in Paris (UTC+2): the first slot is 11:00–11:30 that day.
        App.Clock.Set(new DateTimeOffset(2026, 6, 10, 8, 0, 0, TimeSpan.Zero));
        _store = await App.StoreAsync();
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 50);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
    }

    /// <summary>Places and pays an order through the API, the placing request in <paramref name="language"/>; the payment's request in none.</summary>
    private async Task<(string Id, string Token, string Number)> PaidOrderInAsync(string? language)
    {
        var shopper = App.CreateClient();
        if (language is not null) shopper.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var order = await shopper.PlaceOrderAsync(TestData.OrderBody(_store, await shopper.FirstSlotAsync(_store), (_kettle, 1)));
        var id = order["id"]!.GetValue<string>();
        var paid = await App.CreateClient().PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" });
        paid.StatusCode.ShouldBe(HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());
        return (id, order["accessToken"]!.GetValue<string>(), order["number"]!.GetValue<string>());
    }

    private Task<(string Subject, string Body)> EmailAsync(string kind) => App.WithDbAsync(async db =>
    {
        var email = await db.Emails.SingleAsync(e => e.Kind == kind);
        return (email.Subject, email.Body);
    });

    private async Task<string> PickupCodeAsync(string id, string token) =>
        (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();

    private async Task<HttpClient> ClerkAsync(string language)
    {
        var clerk = await App.ClientForAsync("desk@o2o.test");
        clerk.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return clerk;
    }

    [Fact]
    public async Task AnOrderPlacedInGerman_IsConfirmedInGerman_WithGermanDaysAndEuros()
    {
        var (id, token, number) = await PaidOrderInAsync("de-DE,de;q=0.9,en;q=0.5");

        (await App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(id)).Select(o => o.Culture).SingleAsync())).ShouldBe("de");
        var (subject, body) = await EmailAsync("confirmation");
        subject.ShouldBe($"Bestellung {number} bestätigt: Abholung in der Filiale Store TST01");
        body.ShouldContain("Vielen Dank, Ada Lovelace.");
        body.ShouldContain($"Abholcode: {await PickupCodeAsync(id, token)}");
        body.ShouldContain("Abholzeitfenster: Mittwoch, 10. Juni, 11:00–11:30 (UTC+2)");
        body.ShouldContain("Filiale: Store TST01, 1 Rue de Test, 75001 Paris");
        body.ShouldContain("1 × Product KETTLE");
        body.ShouldContain("Gesamtbetrag: 34,90 €");
        body.ShouldNotContain("Pickup");
        body.ShouldNotContain("Total:");
    }

    [Fact]
    public async Task AnOrderPlacedInGerman_IsReadyInGerman_WhenAClerkSpeakingEnglishMarksItReady()
    {
        var (id, _, number) = await PaidOrderInAsync("de");

        var ready = await (await ClerkAsync("en")).PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { });

        ready.StatusCode.ShouldBe(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        var (subject, body) = await EmailAsync("ready");
        subject.ShouldBe($"Bestellung {number} liegt zur Abholung bereit");
        body.ShouldContain($"Gute Nachricht, Ada Lovelace: Ihre Bestellung {number} liegt in der Filiale Store TST01 für Sie bereit.");
        body.ShouldNotContain("ready");
    }

    [Fact]
    public async Task AnOrderPlacedInGerman_GetsItsReminderInGerman_FromTheJob_WhateverLanguageTheJobRunsIn()
    {
        var (id, _, number) = await PaidOrderInAsync("de");
        await (await ClerkAsync("en")).PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { });
        App.Clock.Advance(TimeSpan.FromDays(2.5)); // within a day of the end of the 3 hold days after the slot

        int sent;
        using (CultureScope.Use("fi")) sent = await App.SendAsync(new SendPickupReminders());

        sent.ShouldBe(1);
        var (subject, body) = await EmailAsync("reminder");
        // The slot ends Wednesday 11:30 in Paris; the store keeps the order three days more.
        subject.ShouldBe($"Erinnerung: Bitte holen Sie Bestellung {number} bis Samstag, 13. Juni um 11:30 (UTC+2) ab");
        body.ShouldContain("Wir bewahren sie bis Samstag, 13. Juni um 11:30 (UTC+2) auf");
        body.ShouldNotContain("lauantai"); // Finnish, the job's own language
    }

    [Fact]
    public async Task AnOrderPlacedInArabic_IsConfirmedInArabic()
    {
        var (id, token, number) = await PaidOrderInAsync("ar");

        var (subject, body) = await EmailAsync("confirmation");
        subject.ShouldBe($"تأكيد الطلب {number}: الاستلام من متجر Store TST01");
        body.ShouldContain("شكرًا لك، Ada Lovelace.");
        body.ShouldContain($"رمز الاستلام: {await PickupCodeAsync(id, token)}");
        body.ShouldContain("الأربعاء"); // Wednesday
        body.ShouldContain("(\u2066UTC+2\u2069)"); // the offset reads left to right inside Arabic
        body.ShouldContain("الإجمالي: \u206634.90 €\u2069"); // Latin digits and separators, the amount kept in one piece
        body.ShouldNotContain("Pickup");
    }

    [Fact]
    public async Task AnOrderPlacedWithoutALanguage_IsConfirmedInEnglish()
    {
        var (id, token, number) = await PaidOrderInAsync(null);

        (await App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(id)).Select(o => o.Culture).SingleAsync())).ShouldBe("en");
        var (subject, body) = await EmailAsync("confirmation");
        subject.ShouldBe($"Order {number} confirmed: collect at Store TST01");
        body.ShouldContain($"Pickup code: {await PickupCodeAsync(id, token)}");
        body.ShouldContain("Pickup slot: Wednesday, June 10, 11:00\u202fAM–11:30\u202fAM (UTC+2)");
        body.ShouldContain("Total: €34.90");
    }

    [Fact]
    public async Task AnOrderPlacedInALanguageO2ODoesNotSpeak_IsConfirmedInEnglish()
    {
        await PaidOrderInAsync("ja-JP");

        (await EmailAsync("confirmation")).Subject.ShouldStartWith("Order ");
    }

    [Fact]
    public async Task AnOrderPlacedInFrench_IsCancelledInFrench_WhenAClerkSpeakingGermanCancelsIt()
    {
        var (id, _, number) = await PaidOrderInAsync("fr");

        var cancelled = await (await ClerkAsync("de")).PostJsonAsync($"/api/v1/orders/{id}/cancel", new { });

        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());
        var (subject, body) = await EmailAsync("cancellation");
        subject.ShouldBe($"Commande {number} annulée");
        body.ShouldContain($"Nous sommes désolés\u00a0: le magasin Store TST01 a dû annuler votre commande {number}.");
        body.ShouldContain("intégralement remboursé");
        body.ShouldContain("Total\u00a0: 34,90 €");
    }

    [Fact]
    public async Task TheCalendarFile_SpeaksTheReadersLanguage_AndGivesTheSlotInTheStoresTime()
    {
        var (id, token, number) = await PaidOrderInAsync(null);

        var response = await App.CreateClient().GetAsync($"/orders/{id}?handler=Calendar&token={Uri.EscapeDataString(token)}&culture=fr");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var ics = (await response.Content.ReadAsStringAsync()).Replace("\r\n ", "", StringComparison.Ordinal);
        ics.ShouldContain($"SUMMARY:Retirer la commande {number} au magasin Store TST01\r\n");
        ics.ShouldContain($"DESCRIPTION:Commande {number}\u00a0: présentez votre bon de retrait au comptoir.");
        ics.ShouldContain("Créneau de retrait\u00a0: mercredi 10 juin\\, 11:00–11:30 (UTC+2)");
        ics.ShouldContain("DTSTART:20260610T090000Z\r\n"); // 11:00 in Paris
        ics.ShouldNotContain("Collect order");
    }

    [Fact]
    public async Task TheCalendarFile_IsInEnglish_ForAReaderWithoutALanguage()
    {
        var (id, token, number) = await PaidOrderInAsync("fr");

        var ics = (await App.CreateClient().GetStringAsync($"/orders/{id}?handler=Calendar&token={Uri.EscapeDataString(token)}"))
            .Replace("\r\n ", "", StringComparison.Ordinal);

        ics.ShouldContain($"SUMMARY:Collect order {number} at Store TST01\r\n");
    }

    [Fact]
    public async Task AnOrderPlacedOnTheCheckoutPage_InPortuguese_IsConfirmedInPortuguese()
    {
        var page = PageClient.For(App);
        (await page.PostFormWithoutTokenAsync("/culture", new() { ["culture"] = "pt", ["returnUrl"] = "/" }, PageClient.SameOrigin))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        PageClient.Location(await page.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        await page.GetAsync($"/products/{_kettle.Id}");
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{_kettle.Id}?handler=AddToCart",
            new() { ["quantity"] = "1" }, PageClient.SameOrigin));
        var slot = WebUtility.HtmlDecode(SlotRegex().Match(await page.GetAsync("/checkout")).Groups[1].Value);

        var payUrl = PageClient.Location(await page.PostFormAsync("/checkout", "/checkout",
            new() { ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.test", ["Input.SlotStart"] = slot }));
        var id = payUrl.Split('/')[2];
        (await App.CreateClient().PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var (subject, body) = await EmailAsync("confirmation");
        subject.ShouldEndWith(" confirmada: levante-a na loja Store TST01");
        body.ShouldContain("Obrigado, Ada Lovelace.");
        body.ShouldContain("Horário de levantamento: quarta-feira, 10 de junho, 11:00–11:30 (UTC+2)");
    }

    [Fact]
    public async Task AStaffInvitation_IsWrittenInTheInvitingAdminsLanguage()
    {
        await App.UserAsync("admin@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("admin@o2o.test");
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fi");

        var invited = await admin.PostJsonAsync("/api/v1/admin/users",
            new { email = "new.staff@o2o.test", name = "Uusi Myyjä", roles = new[] { "Staff" }, storeIds = new[] { _store.Id } });

        invited.StatusCode.ShouldBe(HttpStatusCode.Created, await invited.Content.ReadAsStringAsync());
        var (subject, body) = await EmailAsync("invite");
        subject.ShouldBe("Kutsu O2O-palveluun");
        body.ShouldContain("Hei Uusi Myyjä,");
        body.ShouldContain("Ylläpitäjä on luonut sinulle O2O-tilin (Staff).");
        body.ShouldContain("Valitse salasanasi täällä: http");
    }

    [GeneratedRegex("name=\"Input.SlotStart\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex SlotRegex();
}
