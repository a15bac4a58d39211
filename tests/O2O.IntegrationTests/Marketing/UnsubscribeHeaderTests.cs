using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using O2O.Application.Notifications;
using O2O.Infrastructure.Email;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Marketing;

/// <summary>A marketing email leaves the outbox with the RFC 8058 headers, through a real SMTP server; an order's email without them.</summary>
public sealed class UnsubscribeHeaderTests(O2OApp app) : IntegrationTest(app)
{
    private readonly SmtpTestServer _smtp = new();

    public override async Task DisposeAsync() => await _smtp.DisposeAsync();

    private OutboxDispatcher Dispatcher() => new(App.Services.GetRequiredService<IServiceScopeFactory>(),
        new EmailTransport(Options.Create(new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = _smtp.Port, UseStartTls = false })),
        App.Clock, Options.Create(new EmailOptions()), NullLogger<OutboxDispatcher>.Instance);

    [Fact]
    public async Task AnEmailWithAnUnsubscribeAddress_ArrivesWithListUnsubscribe_AndListUnsubscribePost()
    {
        await _smtp.StartAsync();
        const string url = "https://shop.example.test/unsubscribe?t=CfDJ8abc-_x&culture=fr";
        await App.WithDbAsync(async db =>
        {
            db.Emails.Add(new OutboxEmail("ada@example.test", "Offer", "Hello", "campaign", null, App.Clock.GetUtcNow()).WithUnsubscribeUrl(url));
            db.Emails.Add(new OutboxEmail("bob@example.test", "Order", "Hello", "confirmation", null, App.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        });

        (await Dispatcher().DispatchOnceAsync(CancellationToken.None)).ShouldBe(2);

        var mails = _smtp.Received();
        var offer = mails.Single(m => m.Subject == "Offer");
        offer.Headers["List-Unsubscribe"].ShouldBe($"<{url}>");
        offer.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        var order = mails.Single(m => m.Subject == "Order");
        order.Headers.Contains("List-Unsubscribe").ShouldBeFalse();
        order.Headers.Contains("List-Unsubscribe-Post").ShouldBeFalse();
    }

    [Theory]
    [InlineData("mailto:unsubscribe@example.test")]
    [InlineData("/unsubscribe?t=x")]
    [InlineData("javascript:alert(1)")]
    public void AnUnsubscribeAddress_IsAnAbsoluteWebAddress(string url) =>
        Should.Throw<ArgumentException>(() => new OutboxEmail("ada@example.test", "Offer", "Hello", "campaign", null, DateTimeOffset.UnixEpoch).WithUnsubscribeUrl(url));
}
