using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;
using O2O.IntegrationTests.InStore;

namespace O2O.IntegrationTests.ScaleOut;

/// <summary>
/// LISTEN needs a session, which transaction pooling does not keep: with the app on PgBouncer, the live board's listener
/// connects straight to the primary (<c>ConnectionStrings:O2OListen</c>) and still hears an order paid through the pooler.
/// </summary>
public sealed class LiveBoardBehindPgBouncerTests(ScaleApp fixture) : ScaleTest(fixture)
{
    [ScaleFact]
    public async Task AnOrderPlacedThroughPgBouncer_ReachesTheBoard_ThroughTheDirectListener()
    {
        var store = await App.StoreAsync("PGB01");
        var lamp = await App.ProductAsync("LAMP-PGB", 2500);
        await App.StockAsync(store, lamp, 10);
        await App.UserAsync("clerk@o2o.test", Roles.Staff, store);
        await using var board = await BoardEventStream.OpenAsync(await App.ClientForAsync("clerk@o2o.test"), store.Id);
        var shopper = App.CreateClient();

        var (id, _) = await App.PaidOrderAsync(store, (lamp, 1));

        await board.NextOrderAsync(id, "status", "Paid");
    }
}
