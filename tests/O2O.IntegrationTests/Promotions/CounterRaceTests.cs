using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using O2O.Application.Diagnostics;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>Tills racing for a code's last uses: the guarded statement and the unique reference settle it (ADR 51, 54).</summary>
public sealed class CounterRaceTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private HttpClient[] _tills = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(new DateTimeOffset(2030, 6, 4, 9, 0, 0, TimeSpan.Zero));
        _store = await App.StoreAsync("RACE1");
        _tills = new HttpClient[4];
        for (var i = 0; i < _tills.Length; i++)
        {
            await App.UserAsync($"till{i}@o2o.test", Roles.Staff, _store);
            _tills[i] = await App.ClientForAsync($"till{i}@o2o.test");
        }
    }

    private async Task<(HttpStatusCode Status, string Body)[]> RaceAsync(int requests, string code, Func<int, string> reference)
    {
        var start = new TaskCompletionSource();
        var racing = Enumerable.Range(0, requests).Select(async i =>
        {
            await start.Task;
            return await _tills[i % _tills.Length].RedeemAsync(_store, code, 2_500, reference(i)).ReadAsync();
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(racing);
    }

    [Fact]
    public async Task ASingleUseCode_RacedBy100Tills_IsRedeemedExactlyOnce()
    {
        await App.TillPromotionAsync("RACE-ONCE-CODE", singleUse: true);

        var answers = await RaceAsync(100, "RACE-ONCE-CODE", i => $"T-{i}");

        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1);
        answers.Where(a => a.Status != HttpStatusCode.OK).ShouldAllBe(a => a.Status == HttpStatusCode.Conflict && CounterFixtures.Code(a.Body) == "promo_exhausted");
        (await App.WithDbAsync(db => db.PromoRedemptions.CountAsync())).ShouldBe(1);
        (await App.WithDbAsync(db => db.PromoCodes.Select(c => c.Uses).SingleAsync())).ShouldBe(1);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task ASharedCodeWith20Uses_RacedBy60Tills_IsRedeemedExactly20Times()
    {
        await App.TillPromotionAsync("TWENTY", maxUses: 20);

        var answers = await RaceAsync(60, "TWENTY", i => $"T-{i}");

        answers.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(20);
        answers.Count(a => a.Status == HttpStatusCode.Conflict && CounterFixtures.Code(a.Body) == "promo_exhausted").ShouldBe(40);
        (await App.WithDbAsync(db => db.Promotions.Select(p => p.Uses).SingleAsync())).ShouldBe(20);
        (await App.WithDbAsync(db => db.PromoRedemptions.CountAsync())).ShouldBe(20);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("SAME-SALE-CODE", true)]
    [InlineData("SAMESALE", false)]
    public async Task TheSameSale_SentTwiceAtOnce_IsOneRedemption_AndBothGetItsAnswer(string code, bool singleUse)
    {
        await App.TillPromotionAsync(code, singleUse: singleUse);
        // One till sending the same sale over several connections at once (retries overtaking the first request).
        _tills = [_tills[0]];

        var answers = await RaceAsync(10, code, _ => "T-SAME");

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK);
        answers.Select(a => a.Body).Distinct().Count().ShouldBe(1);
        JsonNode.Parse(answers[0].Body)!["externalReference"]!.GetValue<string>().ShouldBe("T-SAME");
        (await App.WithDbAsync(db => db.PromoRedemptions.CountAsync())).ShouldBe(1);
        (await App.SendAsync(new CheckInvariants())).Violations.ShouldBeEmpty();
    }
}
