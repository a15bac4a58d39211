using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using O2O.Application.Accounts;
using O2O.Application.Orders;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Privacy;

/// <summary>A signed-in shopper downloads everything held about them, and deletes their account, on the page and the API.</summary>
public sealed class MyDataTests(O2OApp app) : IntegrationTest(app)
{
    private const string Me = "me@example.test";
    private const string Other = "other@example.test";
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync();
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 20);
        await App.UserAsync(Me, Roles.Shopper);
        await App.UserAsync(Other, Roles.Shopper);
        await App.UserAsync("desk@example.test", Roles.Staff, _store);
    }

    private static object Body(Store store, DateTimeOffset slot, Product product, string email, string name) => new
    {
        storeId = store.Id,
        pickupSlotStart = slot,
        customer = new { email, name, phone = "+33 6 11 22 33 44" },
        lines = new[] { new { productId = product.Id, quantity = 2 } },
    };

    /// <summary>An order placed by the signed-in client, paid, and (unless <paramref name="finish"/> is false) made ready and collected.</summary>
    private async Task<string> OrderAsync(HttpClient client, string email, string name, bool finish = true)
    {
        var order = await client.PlaceOrderAsync(Body(_store, await client.FirstSlotAsync(_store), _kettle, email, name));
        var id = order["id"]!.GetValue<string>();
        (await client.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        if (!finish) return id;
        var staff = await App.ClientForAsync("desk@example.test");
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await client.GetJsonAsync($"/api/v1/orders/{id}"))["pickupCode"]!.GetValue<string>();
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = code })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string? password) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(new { password }) });

    /// <summary>Every row that deletion touches, as text, to show a refused deletion changed nothing.</summary>
    private Task<string> SnapshotAsync() => App.WithDbAsync(async db =>
    {
        var orders = await db.Orders.AsNoTracking().OrderBy(o => o.Id).Select(o => $"{o.Id}|{o.CustomerEmail}|{o.CustomerName}|{o.CustomerPhone}|{o.UserId}|{o.Status}").ToListAsync();
        var emails = await db.Emails.AsNoTracking().OrderBy(e => e.Id).Select(e => $"{e.Id}|{e.To}").ToListAsync();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => $"{u.Id}|{u.Email}|{u.SecurityStamp}").ToListAsync();
        return string.Join("\n", orders.Concat(emails).Concat(users));
    });

    [Fact]
    public async Task ASignedInShopper_DownloadsTheirAccount_OrdersAndEmails_AndNothingOfAnyoneElse()
    {
        var me = await App.ClientForAsync(Me);
        var id = await OrderAsync(me, Me, "Ada Lovelace");
        await OrderAsync(await App.ClientForAsync(Other), Other, "Someone Else");

        var data = await me.GetJsonAsync("/api/v1/me/data");

        data["account"]!["email"]!.GetValue<string>().ShouldBe(Me);
        data["account"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["Shopper"]);
        var orders = data["sections"]!["orders"]!["orders"]!.AsArray();
        orders.Count.ShouldBe(1);
        orders[0]!["id"]!.GetValue<string>().ShouldBe(id);
        orders[0]!["customerName"]!.GetValue<string>().ShouldBe("Ada Lovelace");
        orders[0]!["customerPhone"]!.GetValue<string>().ShouldBe("+33 6 11 22 33 44");
        orders[0]!["lines"]![0]!["quantity"]!.GetValue<int>().ShouldBe(2);
        orders[0]!["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()).ShouldBe(["PendingPayment", "Paid", "ReadyForPickup", "Collected"]);
        var emails = data["sections"]!["orders"]!["emailsSent"]!.AsArray();
        emails.Select(e => e!["kind"]!.GetValue<string>()).ShouldBe(["confirmation", "ready", "receipt"]);
        emails.ShouldAllBe(e => e!["to"]!.GetValue<string>() == Me);
        data.ToJsonString().ShouldNotContain("Someone Else");
        data.ToJsonString().ShouldNotContain(Other);
    }

    [Fact]
    public async Task DeletingTheAccount_KeepsItsOrdersForTheStore_WithThePersonalFieldsErased()
    {
        var me = await App.ClientForAsync(Me);
        var id = Guid.Parse(await OrderAsync(me, Me, "Ada Lovelace"));
        var otherId = Guid.Parse(await OrderAsync(await App.ClientForAsync(Other), Other, "Someone Else"));

        var response = await DeleteAsync(me, "Demo-pass-1");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        var (order, others, myEmails, otherEmails) = await App.WithDbAsync(async db => (
            await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == id),
            await db.Orders.AsNoTracking().SingleAsync(o => o.Id == otherId),
            await db.Emails.CountAsync(e => e.OrderId == id),
            await db.Emails.CountAsync(e => e.OrderId == otherId)));
        order.Status.ToString().ShouldBe("Collected");
        order.TotalAmount.ShouldBe(6980);
        order.Lines.Single().Quantity.ShouldBe(2);
        (order.CustomerEmail, order.CustomerName, order.CustomerPhone, order.UserId).ShouldBe((OrderPersonalData.ErasedEmail, OrderPersonalData.ErasedName, (string?)null, (string?)null));
        myEmails.ShouldBe(0);
        (others.CustomerEmail, others.CustomerName).ShouldBe((Other, "Someone Else"));
        otherEmails.ShouldBe(3); // confirmation, ready and the receipt of its collection
        await using (var scope = App.Services.CreateAsyncScope())
            (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Me)).ShouldBeNull();
        (await App.CreateClient().PostJsonAsync("/api/v1/auth/login", new { email = Me, password = "Demo-pass-1" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnErasedOrder_CannotBeClaimedByAnAccountRegisteredLater()
    {
        var me = await App.ClientForAsync(Me);
        await OrderAsync(me, Me, "Ada Lovelace");
        (await DeleteAsync(me, "Demo-pass-1")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var again = await App.UserAsync(Me, Roles.Shopper);

        (await App.SendAsync(new ClaimGuestOrders(again, Me))).ShouldBe(0);
        // Nor by one registered with the placeholder itself: it is not an email address, so Identity refuses it.
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var placeholder = new AppUser { UserName = OrderPersonalData.ErasedEmail, Email = OrderPersonalData.ErasedEmail };
        (await users.CreateAsync(placeholder, "Demo-pass-1")).Errors.Select(e => e.Code).ShouldContain("InvalidEmail");
    }

    [Theory]
    [InlineData(null, HttpStatusCode.BadRequest)]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("Wrong-pass-1", HttpStatusCode.BadRequest)]
    public async Task DeletingTheAccount_WithoutTheRightPassword_IsRefused_AndChangesNothing(string? password, HttpStatusCode expected)
    {
        var me = await App.ClientForAsync(Me);
        await OrderAsync(me, Me, "Ada Lovelace");
        var before = await SnapshotAsync();

        var problem = await (await DeleteAsync(me, password)).ProblemAsync(expected);

        problem["errors"]!["password"].ShouldNotBeNull();
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task DeletingTheAccount_WithAnOrderNotFinished_Is409_AndChangesNothing()
    {
        var me = await App.ClientForAsync(Me);
        await OrderAsync(me, Me, "Ada Lovelace", finish: false);
        var before = await SnapshotAsync();

        var problem = await (await DeleteAsync(me, "Demo-pass-1")).ProblemAsync(HttpStatusCode.Conflict);

        problem["code"]!.GetValue<string>().ShouldBe("account_busy");
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task StaffAccounts_AreClosedByAnAdministrator_NotByThemselves()
    {
        var before = await SnapshotAsync();

        await (await DeleteAsync(await App.ClientForAsync("desk@example.test"), "Demo-pass-1")).ProblemAsync(HttpStatusCode.Conflict);

        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Anonymous_Get401_FromBothEndpoints()
    {
        var anonymous = App.CreateClient();

        (await anonymous.GetAsync("/api/v1/me/data")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await DeleteAsync(anonymous, "Demo-pass-1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ThePage_DownloadsTheData_AndDeletesTheAccount_OnlyWithTheBoxTickedAndThePassword()
    {
        await OrderAsync(await App.ClientForAsync(Me), Me, "Ada Lovelace");
        var page = await PageClient.SignedInAsync(App, Me);
        var download = await page.Http.GetAsync("/account/data?handler=Download");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await download.Content.ReadAsStringAsync()).ShouldContain("Ada Lovelace");
        var before = await SnapshotAsync();

        var unticked = await page.PostFormAsync("/account/data", "/account/data?handler=Delete", new() { ["password"] = "Demo-pass-1" });
        (await unticked.Content.ReadAsStringAsync()).ShouldContain("Tick the box");
        var wrong = await page.PostFormAsync("/account/data", "/account/data?handler=Delete", new() { ["password"] = "Wrong-pass-1", ["confirm"] = "true" });
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("The password is wrong.");
        (await SnapshotAsync()).ShouldBe(before);

        var deleted = await page.PostFormAsync("/account/data", "/account/data?handler=Delete", new() { ["password"] = "Demo-pass-1", ["confirm"] = "true" });

        PageClient.Location(deleted).ShouldBe("/");
        (await page.GetAsync("/")).ShouldContain("Your account is deleted.");
        await using var scope = App.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Me)).ShouldBeNull();
    }
}
