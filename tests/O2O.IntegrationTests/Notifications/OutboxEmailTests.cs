using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using O2O.Application.Jobs;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Email;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Notifications;

/// <summary>Emails go through the outbox to a real SMTP server (aiosmtpd), with retries and without duplicates.</summary>
public sealed class OutboxEmailTests(O2OApp app) : IntegrationTest(app)
{
    private readonly SmtpTestServer _smtp = new();
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync();
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 50);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
    }

    public override async Task DisposeAsync() => await _smtp.DisposeAsync();

    private OutboxDispatcher Dispatcher() => new(App.Services.GetRequiredService<IServiceScopeFactory>(),
        new EmailTransport(Options.Create(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = _smtp.Port, UseStartTls = false })),
        App.Clock, Options.Create(new EmailOptions()), NullLogger<OutboxDispatcher>.Instance);

    private Task<List<(string Kind, bool Sent, int Attempts)>> OutboxAsync() => App.WithDbAsync(db =>
        db.Emails.OrderBy(e => e.Id).Select(e => new ValueTuple<string, bool, int>(e.Kind, e.SentAt != null, e.Attempts)).ToListAsync());

    [Fact]
    public async Task PayingAndMarkingReady_SendTheConfirmationAndTheReadyEmail_WithThePickupCodeAndStore()
    {
        await _smtp.StartAsync();
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 2));
        var staff = await App.ClientForAsync("desk@o2o.test");
        await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { });

        var sent = await Dispatcher().DispatchOnceAsync(CancellationToken.None);

        sent.ShouldBe(2);
        var code = (await App.CreateClient().GetOrderAsync(id, token))["pickupCode"]!.GetValue<string>();
        var mails = _smtp.Received().OrderBy(m => m.Subject).ToList();
        mails.Count.ShouldBe(2);
        mails.ShouldAllBe(m => m.To.Mailboxes.Single().Address == "ada@example.test");
        mails.ShouldContain(m => m.Subject!.Contains("confirmed"));
        mails.ShouldContain(m => m.Subject!.Contains("ready for pickup"));
        mails.ShouldAllBe(m => m.TextBody!.Contains($"Pickup code: {code}") && m.TextBody!.Contains("1 Rue de Test"));
        (await OutboxAsync()).ShouldAllBe(e => e.Sent);
    }

    [Fact]
    public async Task WhenTheSmtpServerIsDown_TheEmailWaits_AndIsSentOnALaterAttempt()
    {
        await App.PaidOrderAsync(_store, (_kettle, 1));

        (await Dispatcher().DispatchOnceAsync(CancellationToken.None)).ShouldBe(0); // nothing listens yet
        (await OutboxAsync()).Single().ShouldBe(("confirmation", false, 1));
        await _smtp.StartAsync();
        (await Dispatcher().DispatchOnceAsync(CancellationToken.None)).ShouldBe(0); // backing off: not due yet

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await Dispatcher().DispatchOnceAsync(CancellationToken.None)).ShouldBe(1);

        _smtp.Received().Count.ShouldBe(1);
        (await OutboxAsync()).Single().ShouldBe(("confirmation", true, 2));
    }

    [Fact]
    public async Task TwoDispatchersAtOnce_SendEachEmailExactlyOnce()
    {
        await _smtp.StartAsync();
        for (var i = 0; i < 12; i++) await App.PaidOrderAsync(_store, (_kettle, 1));
        (await App.WithDbAsync(db => db.Emails.CountAsync())).ShouldBe(12);

        var rounds = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Dispatcher().DispatchOnceAsync(CancellationToken.None))));
        while (await Dispatcher().DispatchOnceAsync(CancellationToken.None) > 0) { }

        _smtp.Received().Count.ShouldBe(12);
        _smtp.Received().Select(m => m.MessageId).Distinct().Count().ShouldBe(12);
        rounds.Sum().ShouldBeLessThanOrEqualTo(12);
        (await OutboxAsync()).ShouldAllBe(e => e.Sent && e.Attempts == 1);
    }

    [Fact]
    public async Task ACancelledStateChange_WritesNoEmail()
    {
        var client = App.CreateClient();
        var order = await client.PlaceOrderAsync(TestData.OrderBody(_store, await client.FirstSlotAsync(_store), (_kettle, 1)));
        client.DefaultRequestHeaders.Add("X-Order-Token", order["accessToken"]!.GetValue<string>());

        await (await client.PostJsonAsync($"/api/v1/orders/{order["id"]}/cancel", new { })).ProblemAsync(System.Net.HttpStatusCode.Conflict);

        (await OutboxAsync()).ShouldBeEmpty(); // the rejected change rolled back, and its email with it
    }

    [Fact]
    public async Task CancellingAndNoShows_AndReminders_AreEmailedOnce()
    {
        var (cancelled, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var shopper = App.CreateClient();
        shopper.DefaultRequestHeaders.Add("X-Order-Token", token);
        await shopper.PostJsonAsync($"/api/v1/orders/{cancelled}/cancel", new { });
        var (ready, _) = await App.PaidOrderAsync(_store, (_kettle, 1));
        await (await App.ClientForAsync("desk@o2o.test")).PostJsonAsync($"/api/v1/staff/orders/{ready}/ready", new { });

        App.Clock.Advance(TimeSpan.FromDays(2.5)); // within a day of the end of the 3 hold days
        (await App.SendAsync(new SendPickupReminders())).ShouldBe(1);
        (await App.SendAsync(new SendPickupReminders())).ShouldBe(0);
        App.Clock.Advance(TimeSpan.FromDays(2));
        (await App.SendAsync(new HandleNoShows())).ShouldBe(1);

        var emails = await OutboxAsync();
        emails.Select(e => e.Kind).ShouldBe(["confirmation", "cancellation", "confirmation", "ready", "reminder", "cancellation"]);
        // Written with the cancellation, before the refund is sent (ADR 14): it still tells the shopper the money comes back.
        var bodies = await App.WithDbAsync(db => db.Emails.Where(e => e.Kind == "cancellation").Select(e => e.Body).ToListAsync());
        bodies.Count.ShouldBe(2);
        bodies.ShouldAllBe(b => b.Contains("returned in full"));
    }

    [Fact]
    public async Task WithoutAnSmtpServer_EmailsAreWrittenAsEmlFiles()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"o2o-eml-{Guid.NewGuid():N}");
        await App.PaidOrderAsync(_store, (_kettle, 1));
        var dispatcher = new OutboxDispatcher(App.Services.GetRequiredService<IServiceScopeFactory>(),
            new EmailTransport(Options.Create(new EmailOptions { PickupDirectory = folder })), App.Clock,
            Options.Create(new EmailOptions()), NullLogger<OutboxDispatcher>.Instance);

        (await dispatcher.DispatchOnceAsync(CancellationToken.None)).ShouldBe(1);

        var file = Directory.GetFiles(folder, "*.eml").Single();
        MimeKit.MimeMessage.Load(file).Subject!.ShouldContain("confirmed");
        Directory.Delete(folder, recursive: true);
    }
}
