using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Text.RegularExpressions;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Storefront;

/// <summary>The storefront's pages over HTTP, form posts included: the same use cases as the API.</summary>
public sealed partial class StorefrontFlowTests(O2OApp app) : IntegrationTest(app)
{
    private Store _store = null!;
    private Store _otherStore = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync("HOME1", ordersPerSlot: 2);
        _otherStore = await App.StoreAsync("AWAY1");
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 3);
        await App.StockAsync(_otherStore, _kettle, 50);
    }

    private async Task<PageClient> ShopperWithCartAsync(int quantity)
    {
        var page = PageClient.For(App);
        PageClient.Location(await page.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        await page.GetAsync($"/products/{_kettle.Id}");
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{_kettle.Id}?handler=AddToCart",
            new() { ["quantity"] = quantity.ToString() }, PageClient.SameOrigin));
        return page;
    }

    private static string FirstSlot(string checkoutHtml) =>
        WebUtility.HtmlDecode(SlotRegex().Match(checkoutHtml).Groups[1].Value);

    [Fact]
    public async Task AGuest_ChoosesAStore_FillsTheCart_ChecksOut_Pays_AndGetsThePickupPass()
    {
        var page = await ShopperWithCartAsync(2);
        var cart = await page.GetAsync("/cart");
        cart.ShouldContain("Store HOME1");
        cart.ShouldContain("€69.80");

        var checkout = await page.GetAsync("/checkout");
        var placed = await page.PostFormAsync("/checkout", "/checkout", new()
        {
            ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.test", ["Input.SlotStart"] = FirstSlot(checkout),
        });
        var payUrl = PageClient.Location(placed);
        payUrl.ShouldStartWith("/orders/");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((3, 2));
        (await page.GetAsync("/cart")).ShouldContain("Your cart is empty");

        var payPage = await page.GetAsync(payUrl);
        payPage.ShouldContain("TEST MODE");
        payPage.ShouldContain("data-hold-expires");
        var token = WebUtility.UrlDecode(payUrl[(payUrl.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        var orderUrl = PageClient.Location(await page.PostFormAsync(payUrl, payUrl, new() { ["token"] = token, ["outcome"] = "succeeded" }));

        var pass = await page.GetAsync(orderUrl);
        pass.ShouldContain("Paid: the store is preparing it");
        CodeRegex().IsMatch(pass).ShouldBeTrue();
        pass.ShouldContain("data:image/png;base64,");
        var ics = await page.Http.GetAsync(orderUrl.Replace("?token=", "?handler=Calendar&token="));
        ics.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        (await ics.Content.ReadAsStringAsync()).ShouldContain("BEGIN:VEVENT");
    }

    [Fact]
    public async Task Checkout_WithMissingDetails_ShowsTheErrorsBesideTheFields_AndHoldsNothing()
    {
        var page = await ShopperWithCartAsync(1);

        var response = await page.PostFormAsync("/checkout", "/checkout", new() { ["Input.Name"] = "", ["Input.Email"] = "nope" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        NameErrorRegex().IsMatch(html).ShouldBeTrue();
        EmailErrorRegex().IsMatch(html).ShouldBeTrue();
        html.ShouldContain("Choose a pickup slot.");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((3, 0));
    }

    [Fact]
    public async Task TheCart_SaysWhatIsShort_AndOffersTheFixes()
    {
        var page = await ShopperWithCartAsync(5);

        var cart = await page.GetAsync("/cart");

        cart.ShouldContain("Only 3 available at this store.");
        cart.ShouldNotContain("Out of stock at this store.");
        cart.ShouldContain("Lower to 3");
        cart.ShouldContain("Switch to Store AWAY1");
        cart.ShouldNotContain("href=\"/checkout\"");
        (await page.GetAsync("/checkout", HttpStatusCode.Redirect)).ShouldBeEmpty();

        PageClient.Location(await page.PostFormAsync("/cart", "/cart?handler=Quantity", new() { ["productId"] = _kettle.Id.ToString(), ["quantity"] = "3" }));
        (await page.GetAsync("/cart")).ShouldContain("href=\"/checkout\"");
    }

    [Fact]
    public async Task SwitchingToAStoreThatHasEverything_FixesTheCartInOneClick()
    {
        var page = await ShopperWithCartAsync(5);

        PageClient.Location(await page.PostFormAsync("/cart", $"/stores/{_otherStore.Id}?handler=Choose", new() { ["returnUrl"] = "/cart" }))
            .ShouldBe("/cart");

        var cart = await page.GetAsync("/cart");
        cart.ShouldContain("Store AWAY1");
        cart.ShouldNotContain("Only ");
    }

    [Fact]
    public async Task AFullSlot_IsShownDisabled_AndASlotThatFillsMeanwhile_ShowsTheErrorBesideTheSlot()
    {
        var page = await ShopperWithCartAsync(1);
        var slot = FirstSlot(await page.GetAsync("/checkout"));
        var api = App.CreateClient();
        for (var i = 0; i < 2; i++) await api.PlaceOrderAsync(TestData.OrderBody(_store, DateTimeOffset.Parse(slot), (_kettle, 1)));

        var response = await page.PostFormAsync("/checkout", "/checkout", new()
        {
            ["Input.Name"] = "Ada", ["Input.Email"] = "ada@example.test", ["Input.SlotStart"] = slot,
        });

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("That slot has just filled up.");
        html.ShouldContain("disabled=\"disabled\"");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((3, 2));
    }

    [Fact]
    public async Task TheShopper_CancelsFromTheOrderPage_AfterConfirming()
    {
        var (id, token) = await App.PaidOrderAsync(_store, (_kettle, 1));
        var page = PageClient.For(App);

        var asked = await page.PostFormAsync($"/orders/{id}?token={token}", $"/orders/{id}?handler=Cancel", new() { ["token"] = token });

        asked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var confirm = await asked.Content.ReadAsStringAsync();
        confirm.ShouldContain("Yes, cancel my order");
        confirm.ShouldContain("name=\"confirmed\" value=\"true\"");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((3, 1)); // nothing cancelled yet

        var back = PageClient.Location(await page.PostFormAsync($"/orders/{id}?token={token}", $"/orders/{id}?handler=Cancel",
            new() { ["token"] = token, ["confirmed"] = "true" }));

        (await page.GetAsync(back)).ShouldContain("Your order is cancelled");
        (await App.StockOfAsync(_store, _kettle)).ShouldBe((3, 0));
    }

    [Fact]
    public async Task TheOrderPage_WithoutItsToken_Is404()
    {
        var (id, _) = await App.PaidOrderAsync(_store, (_kettle, 1));

        (await PageClient.For(App).GetAsync($"/orders/{id}?token=wrong", HttpStatusCode.NotFound)).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Registering_ClaimsEarlierGuestOrders_AndListsThemInOrderHistory()
    {
        await App.PaidOrderAsync(_store, (_kettle, 1)); // placed as a guest by ada@example.test
        var page = PageClient.For(App);

        var registered = await page.PostFormAsync("/Account/Register", "/Account/Register", new()
        {
            ["Input.Name"] = "Ada", ["Input.Email"] = "ADA@example.test", ["Input.Password"] = "Str0ng-pass!",
        });

        PageClient.Location(registered).ShouldBe("/account/orders");
        var history = await page.GetAsync("/account/orders");
        history.ShouldContain("1 earlier order is now in your account.");
        history.ShouldContain("Store HOME1");
    }

    [Fact]
    public async Task Register_WithAWeakPassword_ShowsTheErrorBesideThePassword()
    {
        var response = await PageClient.For(App).PostFormAsync("/Account/Register", "/Account/Register", new()
        {
            ["Input.Name"] = "Bob", ["Input.Email"] = "bob@example.test", ["Input.Password"] = "short",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        PasswordErrorRegex().IsMatch(await response.Content.ReadAsStringAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task OrderHistory_RequiresSigningIn()
    {
        var response = await PageClient.For(App).Http.GetAsync("/account/orders");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task SigningIn_ThenCheckingOut_PutsTheOrderInTheShoppersHistory()
    {
        await App.UserAsync("sam@o2o.test", Roles.Shopper);
        var page = PageClient.For(App);
        PageClient.Location(await page.PostFormAsync("/Account/Login", "/Account/Login", new() { ["Input.Email"] = "sam@o2o.test", ["Input.Password"] = "Demo-pass-1" }));
        PageClient.Location(await page.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{_kettle.Id}?handler=AddToCart", new() { ["quantity"] = "1" }, PageClient.SameOrigin));
        var checkout = await page.GetAsync("/checkout");
        checkout.ShouldContain("value=\"sam@o2o.test\"");

        PageClient.Location(await page.PostFormAsync("/checkout", "/checkout", new()
        {
            ["Input.Name"] = "Sam", ["Input.Email"] = "sam@o2o.test", ["Input.SlotStart"] = FirstSlot(checkout),
        }));

        (await page.GetAsync("/account/orders")).ShouldContain("Waiting for payment");
    }

    [Fact]
    public async Task ASignedInShoppersCheckout_IsFilledWithTheirNameAndEmail()
    {
        await App.UserAsync("sam@o2o.test", Roles.Shopper);
        await App.WithDbAsync(db => db.Users.Where(u => u.Email == "sam@o2o.test")
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "Sam Shopper")));
        var page = await PageClient.SignedInAsync(App, "sam@o2o.test");
        PageClient.Location(await page.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{_kettle.Id}?handler=AddToCart", new() { ["quantity"] = "1" }, PageClient.SameOrigin));

        var checkout = await page.GetAsync("/checkout");

        checkout.ShouldContain("value=\"sam@o2o.test\"");
        checkout.ShouldContain("value=\"Sam Shopper\"");
    }

    [Fact]
    public async Task ADeclinedCard_IsHeadedAsADeclinedPayment_NotAsAFormToCorrect()
    {
        var page = await ShopperWithCartAsync(1);
        var checkout = await page.GetAsync("/checkout");
        var payUrl = PageClient.Location(await page.PostFormAsync("/checkout", "/checkout", new()
        {
            ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.test", ["Input.SlotStart"] = FirstSlot(checkout),
        }));
        var token = WebUtility.UrlDecode(payUrl[(payUrl.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

        var response = await page.PostFormAsync(payUrl, payUrl, new() { ["token"] = token, ["outcome"] = "failed" });

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Your card was declined.");
        html.ShouldNotContain("Please correct the following");
        html.ShouldContain("data-pay-button"); // the shopper can try again
    }

    [Fact]
    public async Task Forms_WithoutAnAntiforgeryToken_AreRejected_EvenFromTheSameOrigin()
    {
        var response = await PageClient.For(App).PostFormWithoutTokenAsync($"/stores/{_store.Id}?handler=Choose", [], PageClient.SameOrigin);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await App.WithDbAsync(db => Task.FromResult(db.Carts.Count()))).ShouldBe(0);
    }

    [GeneratedRegex("name=\"Input.SlotStart\" id=\"[^\"]+\" value=\"([^\"]+)\"")]
    private static partial Regex SlotRegex();

    [GeneratedRegex("class=\"pickup-code\"[^>]*>[A-Z0-9]{6}<")]
    private static partial Regex CodeRegex();

    [GeneratedRegex("id=\"name-error\" class=\"field-error\"><span class=\"field-validation-error\"[^>]*>Enter your name.<")]
    private static partial Regex NameErrorRegex();

    [GeneratedRegex("id=\"email-error\" class=\"field-error\"><span class=\"field-validation-error\"[^>]*>Enter a valid email address.<")]
    private static partial Regex EmailErrorRegex();

    [GeneratedRegex("id=\"password-error\" class=\"field-error field-validation-error\"[^>]*>[^<]+<")]
    private static partial Regex PasswordErrorRegex();
}
