using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using O2O.Application.Jobs;
using O2O.Domain.Catalog;
using O2O.Domain.Orders;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.Infrastructure.Live;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.InStore;

/// <summary>
/// The live desk: every committed change to an order reaches the boards open on any instance, through the database's
/// notifications and server-sent events; nothing rolled back does, and the listener comes back when its connection dies.
/// </summary>
public sealed class LiveBoardTests(O2OApp app) : IntegrationTest(app)
{
    // 10:00 in Paris; the first slot (lead time one hour) starts at 11:00 (09:00 UTC), "I'm here" opens at 08:30 UTC.
    private static readonly DateTimeOffset Morning = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);
    private const string Clerk = "desk@o2o.test";

    private Store _store = null!;
    private Product _lamp = null!;

    /// <summary>Another app instance on the same database, as behind a load balancer, with its own listener.</summary>
    private sealed class SecondInstance(string connectionString, TimeProvider clock, int keepAliveSeconds = 15) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("LiveBoard:KeepAliveSeconds", keepAliveSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("ConnectionStrings:O2O", connectionString);
            builder.UseSetting("Jobs:Enabled", "false");
            builder.UseSetting("Email:DispatcherEnabled", "false");
            builder.UseSetting("Payments:DispatcherEnabled", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.ConfigureServices(s =>
            {
                s.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1000);
                s.AddSingleton(clock);
            });
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Clock.Set(Morning);
        _store = await App.StoreAsync("PAR09");
        _lamp = await App.ProductAsync("LAMP-9", 2500);
        await App.StockAsync(_store, _lamp, 10);
        await App.UserAsync(Clerk, Roles.Staff, _store);
    }

    private Task<string?> PickupCodeAsync(string id) =>
        App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse(id)).Select(o => o.PickupCode).SingleAsync());

    private static async Task PostOkAsync(HttpClient client, string url, object body, string? orderToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (orderToken is not null) request.Headers.Add("X-Order-Token", orderToken);
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_board_open_on_one_instance_hears_every_step_taken_through_the_other()
    {
        await using var second = new SecondInstance(App.ConnectionString, App.Clock);
        var onB = second.CreateClient();
        await using var board = await BoardEventStream.OpenAsync(onB.As(await onB.BearerTokenAsync(Clerk)), _store.Id);
        var shopperOnA = App.CreateClient();
        var clerkOnA = await App.ClientForAsync(Clerk);

        var order = await shopperOnA.PlaceOrderAsync(TestData.OrderBody(_store, await shopperOnA.FirstSlotAsync(_store), (_lamp, 1)));
        var id = (string)order["id"]!;
        var token = (string)order["accessToken"]!;

        // The board lists no order awaiting payment, so the first it hears of this one is its payment.
        await PostOkAsync(shopperOnA, $"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" });
        var first = await board.NextAsync("order");
        ((string)first["orderId"]!).ShouldBe(id);
        ((string)first["kind"]!).ShouldBe("status");
        ((string)first["status"]!).ShouldBe("Paid");

        await PostOkAsync(clerkOnA, $"/api/v1/staff/orders/{id}/ready", new { });
        await board.NextOrderAsync(id, "status", "ReadyForPickup");

        App.Clock.Set(Morning.AddMinutes(40));
        await PostOkAsync(shopperOnA, $"/api/v1/orders/{id}/arrived", new { note = "bay 3" }, token);
        await board.NextOrderAsync(id, "arrived", "ReadyForPickup");

        await PostOkAsync(clerkOnA, $"/api/v1/staff/orders/{id}/collect", new { pickupCode = await PickupCodeAsync(id) });
        await board.NextOrderAsync(id, "status", "Collected");
    }

    [Fact]
    public async Task A_quiet_stream_gets_keep_alive_comments_and_still_carries_the_next_change()
    {
        await using var second = new SecondInstance(App.ConnectionString, App.Clock, keepAliveSeconds: 1);
        var onB = second.CreateClient();
        await using var board = await BoardEventStream.OpenAsync(onB.As(await onB.BearerTokenAsync(Clerk)), _store.Id);

        (await board.NextCommentAsync()).ShouldBe(": keep-alive");
        var (id, _) = await App.PaidOrderAsync(_store, (_lamp, 1));
        await board.NextOrderAsync(id, "status", "Paid");
    }

    [Fact]
    public async Task A_cancelled_order_and_a_released_no_show_reach_the_board_too()
    {
        await using var board = await BoardEventStream.OpenAsync(await App.ClientForAsync(Clerk), _store.Id);
        var (cancelled, cancelToken) = await App.PaidOrderAsync(_store, (_lamp, 1));
        var (noShow, _) = await App.PaidOrderAsync(_store, (_lamp, 1));

        await PostOkAsync(App.CreateClient(), $"/api/v1/orders/{cancelled}/cancel", new { }, cancelToken);
        await board.NextOrderAsync(cancelled, "status", "Cancelled");

        var clerk = await App.ClientForAsync(Clerk);
        await PostOkAsync(clerk, $"/api/v1/staff/orders/{noShow}/ready", new { });
        App.Clock.Set(Morning.AddHours(3)); // the slot has ended: the order is overdue
        await PostOkAsync(await App.ClientForAsync(Clerk), $"/api/v1/staff/orders/{noShow}/no-show", new { }); // a token of now
        await board.NextOrderAsync(noShow, "status", "NoShow");
    }

    [Fact]
    public async Task An_order_awaiting_payment_and_its_expiry_are_not_announced_since_the_board_shows_neither()
    {
        // A NOTIFY serializes the commits that send one: announcing every placed order halved checkout's rate (ADR 42).
        await using var board = await BoardEventStream.OpenAsync(await App.ClientForAsync(Clerk), _store.Id);
        var shopper = App.CreateClient();
        var pending = await shopper.PlaceOrderAsync(TestData.OrderBody(_store, await shopper.FirstSlotAsync(_store), (_lamp, 1)));
        App.Clock.Set(Morning.AddHours(1)); // past the hold
        await App.SendAsync(new ExpireHolds());
        (await App.WithDbAsync(db => db.Orders.Where(o => o.Id == Guid.Parse((string)pending["id"]!)).Select(o => o.Status).SingleAsync()))
            .ShouldBe(OrderStatus.Expired);

        var (paid, _) = await App.PaidOrderAsync(_store, (_lamp, 1)); // committed after both: the next thing the board hears

        var first = await board.NextAsync("order");
        ((string)first["orderId"]!).ShouldBe(paid, $"the board heard of {(string)pending["id"]!} awaiting payment or expiring");
    }

    [Fact]
    public async Task A_change_rolled_back_is_never_announced()
    {
        var (before, _) = await App.PaidOrderAsync(_store, (_lamp, 1));
        await using var board = await BoardEventStream.OpenAsync(await App.ClientForAsync(Clerk), _store.Id);

        await using (var connection = new NpgsqlConnection(App.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using var update = new NpgsqlCommand("UPDATE orders SET arrived_at = now(), arrival_note = 'never' WHERE id = @id", connection, tx);
            update.Parameters.AddWithValue("id", Guid.Parse(before));
            (await update.ExecuteNonQueryAsync()).ShouldBe(1);
            await tx.RollbackAsync();
        }
        var (after, _) = await App.PaidOrderAsync(_store, (_lamp, 1)); // committed after the rollback: the next thing the board hears

        var first = await board.NextAsync("order");
        ((string)first["orderId"]!).ShouldBe(after);
    }

    [Fact]
    public async Task The_listener_listens_again_after_its_connection_is_killed_and_tells_the_boards_to_catch_up()
    {
        var listener = App.Services.GetRequiredService<BoardListener>();
        await using var board = await BoardEventStream.OpenAsync(await App.ClientForAsync(Clerk), _store.Id);
        var killed = listener.BackendProcessId;
        killed.ShouldNotBe(0);

        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"SELECT pg_terminate_backend({killed})"));
        await board.NextAsync("offline");
        await board.NextAsync("live");
        listener.BackendProcessId.ShouldNotBe(killed);

        var (id, _) = await App.PaidOrderAsync(_store, (_lamp, 1));
        await board.NextOrderAsync(id, "status", "Paid");
    }

    [Fact]
    public async Task Only_staff_of_the_store_or_an_admin_may_follow_its_board()
    {
        var elsewhere = await App.StoreAsync("PAR10");
        await App.UserAsync("other.desk@o2o.test", Roles.Staff, elsewhere);
        await App.UserAsync("sam@o2o.test", Roles.Shopper);
        await App.UserAsync("boss@o2o.test", Roles.Admin);
        var path = BoardEventStream.PathFor(_store.Id);

        (await App.CreateClient().GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await (await App.ClientForAsync("sam@o2o.test")).GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Another store's clerk is told what a stranger to the id would be (ADR 9): no such board.
        await (await (await App.ClientForAsync("other.desk@o2o.test")).GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);
        await (await (await App.ClientForAsync(Clerk)).GetAsync(BoardEventStream.PathFor(Guid.NewGuid()))).ProblemAsync(HttpStatusCode.NotFound);
        await using var asAdmin = await BoardEventStream.OpenAsync(await App.ClientForAsync("boss@o2o.test"), _store.Id);
    }

    [Fact]
    public async Task The_board_refreshes_its_columns_alone_and_says_it_is_live_in_the_clerks_language()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_lamp, 1));
        var clerk = await PageClient.SignedInAsync(App, Clerk);

        var fragment = await clerk.GetAsync($"/staff/stores/{_store.Id}?handler=Fragment");
        fragment.ShouldStartWith("<div class=\"board-root\"");
        fragment.ShouldNotContain("<html");
        fragment.ShouldContain($"data-order-id=\"{id}\"");

        var french = WebUtility.HtmlDecode(await clerk.GetAsync($"/staff/stores/{_store.Id}?culture=fr"));
        french.ShouldContain("En direct : ce tableau se met à jour tout seul.");
        french.ShouldContain("Couper le son des alertes");
        var arabic = WebUtility.HtmlDecode(await clerk.GetAsync($"/staff/stores/{_store.Id}?culture=ar"));
        arabic.ShouldContain("كتم صوت التنبيه");
        arabic.ShouldContain($"/api/v1/staff/stores/{_store.Id}/board/events");

        var stranger = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var anonymous = await stranger.GetAsync($"/staff/stores/{_store.Id}?handler=Fragment");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }
}
