using System.Net;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Adversarial;

/// <summary>SQL in every filter, script in every field staff and admins later read, and headers smuggled into emails.</summary>
[Trait("Category", "Adversarial")]
public sealed class InjectionAttackTests(O2OApp app) : IntegrationTest(app)
{
    private const string Script = "<script>alert(1)</script>";
    private const string EncodedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private Store _store = null!;
    private Product _kettle = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await App.StoreAsync();
        _kettle = await App.ProductAsync("KETTLE", 3490);
        await App.StockAsync(_store, _kettle, 20);
        await App.UserAsync("desk@o2o.test", Roles.Staff, _store);
        await App.UserAsync("admin@o2o.test", Roles.Admin);
    }

    public static TheoryData<string> SqlPayloads() => new()
    {
        "' OR '1'='1",
        "'; DROP TABLE orders; --",
        "%",
        "_",
        "\\",
        "KETTLE' UNION SELECT password_hash FROM \"AspNetUsers\" --",
    };

    [Theory]
    [MemberData(nameof(SqlPayloads))]
    public async Task SqlInEveryFilter_IsSearchedForLiterally_AndChangesNothing(string payload)
    {
        var admin = await App.ClientForAsync("admin@o2o.test");
        var q = Uri.EscapeDataString(payload);
        var before = await App.FingerprintAsync();

        var products = await App.CreateClient().GetJsonAsync($"/api/v1/products?search={q}&category={q}");
        products["items"]!.AsArray().Count.ShouldBe(0);
        (await App.CreateClient().GetJsonAsync($"/api/v1/stores?city={q}")).AsArray().Count.ShouldBe(0);
        (await admin.GetJsonAsync($"/api/v1/admin/products?search={q}"))["items"]!.AsArray().Count.ShouldBe(0);
        (await admin.GetJsonAsync($"/api/v1/admin/users?search={q}")).AsArray().Count.ShouldBe(0);
        (await admin.GetJsonAsync($"/api/v1/admin/audit?actor={q}&action={q}&entityType={q}&entityId={q}"))["items"]!.AsArray().Count.ShouldBe(0);
        await (await App.CreateClient().GetAsync($"/products?q={q}")).ShouldBeRefusedAsync(HttpStatusCode.OK);

        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }

    [Fact]
    public async Task SqlInAStoredField_IsStoredLiterally()
    {
        var body = TestData.OrderBody(_store, await App.CreateClient().FirstSlotAsync(_store), (_kettle, 1));
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body, System.Text.Json.JsonSerializerOptions.Web))!;
        json["customer"]!["name"] = "Robert'); DROP TABLE orders; --";

        var order = await App.CreateClient().PlaceOrderAsync(json);

        var view = await App.CreateClient().GetOrderAsync(order["id"]!.GetValue<string>(), order["accessToken"]!.GetValue<string>());
        view["customer"]!["name"]!.GetValue<string>().ShouldBe("Robert'); DROP TABLE orders; --");
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count()))).ShouldBe(1);
    }

    [Fact]
    public async Task ScriptInEveryFieldStaffAndAdminsRead_IsShownAsText()
    {
        var admin = await App.ClientForAsync("admin@o2o.test");
        var product = await (await admin.PostJsonAsync("/api/v1/admin/products",
            new { sku = "XSS-1", name = $"Kettle {Script}", description = $"Boils {Script}", category = $"Cat {Script}", priceAmount = 100, currency = "EUR" })).JsonAsync();
        var productId = Guid.Parse(product["id"]!.GetValue<string>());
        await App.WithDbAsync(async db =>
        {
            db.Stock.Add(new O2O.Domain.Stock.StoreStock(_store.Id, productId, 5));
            await db.SaveChangesAsync();
        });
        var shopper = App.CreateClient();
        var order = await shopper.PlaceOrderAsync(new
        {
            storeId = _store.Id,
            pickupSlotStart = await shopper.FirstSlotAsync(_store),
            customer = new { email = "ada@example.test", name = $"Ada {Script}" },
            lines = new[] { new { productId, quantity = 2 } },
        });
        var id = order["id"]!.GetValue<string>();
        (await shopper.PostJsonAsync($"/api/v1/payments/simulated/{id}", new { outcome = "succeeded" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var lineId = (await shopper.GetOrderAsync(id, order["accessToken"]!.GetValue<string>()))["lines"]![0]!["id"]!.GetValue<string>();
        var desk = await App.ClientForAsync("desk@o2o.test");
        (await desk.PostJsonAsync($"/api/v1/staff/orders/{id}/lines/{lineId}/short", new { quantity = 1, reason = $"Broken {Script}" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var registered = PageClient.For(App);
        await registered.PostFormAsync("/Account/Register", "/Account/Register", new()
        {
            ["Input.Email"] = "mallory@example.test", ["Input.Name"] = $"Mallory {Script}", ["Input.Password"] = "Demo-pass-1", ["Input.ConfirmPassword"] = "Demo-pass-1",
        });

        var staffPages = await PageClient.SignedInAsync(App, "desk@o2o.test");
        var adminPages = await PageClient.SignedInAsync(App, "admin@o2o.test");
        var day = (await shopper.GetOrderAsync(id, order["accessToken"]!.GetValue<string>()))["pickupSlot"]!["start"]!.GetValue<string>()[..10];
        string[] pages =
        [
            await staffPages.GetAsync($"/staff/stores/{_store.Id}?date={day}"),
            await staffPages.GetAsync($"/staff/stores/{_store.Id}/picklist?date={day}"),
            await staffPages.GetAsync($"/staff/orders/{id}"),
            await adminPages.GetAsync("/admin/products"),
            await adminPages.GetAsync("/admin/users"),
            await adminPages.GetAsync("/admin/audit"),
            await App.CreateClient().GetStringAsync($"/products/{productId}"),
        ];

        pages.ShouldAllBe(html => !html.Contains(Script, StringComparison.OrdinalIgnoreCase));
        pages.Count(html => html.Contains(EncodedScript, StringComparison.Ordinal)).ShouldBe(pages.Length);
    }

    [Theory]
    [InlineData("ada@example.test\r\nBcc: mallory.example.test")]
    [InlineData("ada@example.test\nBcc:mallory")]
    [InlineData("ada@example.test\r\n\r\nInjected body")]
    [InlineData("ada@example.test, mallory")]
    [InlineData("Ada <ada@example.test>")]
    [InlineData("ada @example.test")]
    public async Task AnEmailAddressThatWouldAddHeadersOrRecipients_IsRefused(string email)
    {
        var before = await App.FingerprintAsync();

        var response = await App.CreateClient().PostJsonAsync("/api/v1/orders", new
        {
            storeId = _store.Id,
            pickupSlotStart = await App.CreateClient().FirstSlotAsync(_store),
            customer = new { email, name = "Ada" },
            lines = new[] { new { productId = _kettle.Id, quantity = 1 } },
        });

        (await response.ShouldBeRefusedAsync(HttpStatusCode.BadRequest)).ShouldContain("customer.email");
        (await App.FingerprintAsync()).ShouldBeUnchangedFrom(before);
    }
}

/// <summary>Text that reaches an email's headers (a product name in the short-pick subject) cannot start a header of its own.</summary>
[Trait("Category", "Adversarial")]
public sealed class EmailHeaderInjectionTests(O2OApp app) : IntegrationTest(app)
{
    [Fact]
    public async Task AProductNameWithLineBreaks_StaysInsideTheSubject()
    {
        var store = await App.StoreAsync();
        await App.UserAsync("desk@o2o.test", Roles.Staff, store);
        await App.UserAsync("admin@o2o.test", Roles.Admin);
        var admin = await App.ClientForAsync("admin@o2o.test");
        var created = await admin.PostJsonAsync("/api/v1/admin/products",
            new { sku = "CRLF-1", name = "Kettle\r\nBcc: mallory@evil.test\r\nX-Injected: 1", description = "", category = "Test", priceAmount = 100, currency = "EUR" });
        var productId = Guid.Parse((await created.JsonAsync())["id"]!.GetValue<string>());
        await App.WithDbAsync(async db =>
        {
            db.Stock.Add(new O2O.Domain.Stock.StoreStock(store.Id, productId, 5));
            await db.SaveChangesAsync();
        });
        var product = await App.WithDbAsync(db => Task.FromResult(db.Products.Single(p => p.Id == productId)));
        var (id, token) = await App.PaidOrderAsync(store, (product, 2));
        var lineId = (await App.CreateClient().GetOrderAsync(id, token))["lines"]![0]!["id"]!.GetValue<string>();
        var desk = await App.ClientForAsync("desk@o2o.test");
        (await desk.PostJsonAsync($"/api/v1/staff/orders/{id}/lines/{lineId}/short", new { quantity = 1, reason = "gone\r\nBcc: x@evil.test" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var folder = Path.Combine(Path.GetTempPath(), $"o2o-crlf-{Guid.NewGuid():N}");

        var sent = await new O2O.Infrastructure.Email.OutboxDispatcher(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.DependencyInjection.IServiceScopeFactory>(App.Services),
            new O2O.Infrastructure.Email.EmailTransport(Microsoft.Extensions.Options.Options.Create(new O2O.Infrastructure.Email.EmailOptions { PickupDirectory = folder })),
            App.Clock, Microsoft.Extensions.Options.Options.Create(new O2O.Infrastructure.Email.EmailOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<O2O.Infrastructure.Email.OutboxDispatcher>.Instance).DispatchOnceAsync(CancellationToken.None);

        sent.ShouldBeGreaterThan(0);
        var messages = Directory.GetFiles(folder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).ToList();
        var shortPick = messages.Single(m => m.Subject?.Contains("unavailable", StringComparison.Ordinal) == true);
        shortPick.Subject!.ShouldContain("Kettle");
        messages.ShouldAllBe(m => m.Bcc.Count == 0 && m.Cc.Count == 0 && m.To.Count == 1);
        messages.ShouldAllBe(m => !m.Headers.Contains("X-Injected"));
        Directory.Delete(folder, recursive: true);
    }
}
