using O2O.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace O2O.IntegrationTests.Faults;

/// <summary>The mail server away for a while: the outbox keeps every email and sends each once it is back.</summary>
[Trait("Category", "Faults")]
public sealed class SmtpOutageTests(FaultEnvironment environment, ITestOutputHelper output) : FaultTest(environment, output)
{
    [Fact]
    public async Task SmtpDownForAWhileThenBack_EveryEmailIsSentExactlyOnce_ByTwoInstancesSharingTheOutbox()
    {
        var (store, product) = await Scenario.ShopAsync();
        var (a, b) = await Scenario.StartTwoInstancesAsync();
        using var toA = a.CreateClient();
        using var toB = b.CreateClient();
        var body = Checkouts.Body(store, await toA.FirstSlotAsync(store), product);
        await Scenario.Smtp.StopAsync();

        for (var i = 0; i < 12; i++)
        {
            var placed = await Checkouts.PlaceAsync(i % 2 == 0 ? toA : toB, body);
            await Scenario.PayAsync(i % 2 == 0 ? toB : toA, placed.OrderId);
        }
        await Poll.UntilAsync(async () => await Scenario.CountAsync(
                $"SELECT count(*) AS \"Value\" FROM outbox_emails WHERE sent_at IS NULL AND attempts > 0 AND last_error IS NOT NULL") == 12,
            "every confirmation has been tried, and failed, while the SMTP server is down");
        Scenario.Smtp.Received().ShouldBeEmpty();

        await Scenario.Smtp.StartAsync();
        // The backoff (30 s after the first failure) is what time would do; the test moves the retry to now instead of waiting.
        await Scenario.WithDbAsync(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlAsync(db.Database,
            $"UPDATE outbox_emails SET next_attempt_at = now() WHERE sent_at IS NULL"));

        await Scenario.AssertNothingLostAsync(survivor: a);
        Scenario.Smtp.Received().Count.ShouldBe(12);
        (await Scenario.CountAsync($"SELECT count(*) AS \"Value\" FROM outbox_emails WHERE failed")).ShouldBe(0);
    }
}
