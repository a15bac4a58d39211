using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using O2O.Domain.Stores;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Promotions;

/// <summary>The app with low limits on refused codes, on its own database so the other tests keep theirs raised.</summary>
public sealed class PromoAttemptsApp : IAsyncLifetime
{
    public const int PerAddress = 4;
    public const int PerAccount = 3;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public O2OApp App { get; } = new();

    public Task InitializeAsync()
    {
        App.Settings["PromoAttempts:PerAddress"] = PerAddress.ToString();
        App.Settings["PromoAttempts:PerAccount"] = PerAccount.ToString();
        App.Settings["PromoAttempts:WindowSeconds"] = ((int)Window.TotalSeconds).ToString();
        return App.InitializeAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PromoAttemptsCollection : ICollectionFixture<PromoAttemptsApp>
{
    public const string Name = "promo-attempts";
}

/// <summary>Guessing codes is limited per client address and per account, in PostgreSQL (issue 13 item 5, ADR 54).</summary>
[Collection(PromoAttemptsCollection.Name)]
public sealed class PromoAttemptTests(PromoAttemptsApp fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Tuesday = new(2030, 6, 4, 9, 0, 0, TimeSpan.Zero);

    private O2OApp App => fixture.App;
    private Store _store = null!;
    private string _tokenA = "";
    private string _tokenB = "";

    public async Task InitializeAsync()
    {
        await App.ResetAsync();
        App.Clock.Set(Tuesday);
        _store = await App.StoreAsync("GUESS");
        await App.UserAsync("till.a@o2o.test", Roles.Staff, _store);
        await App.UserAsync("till.b@o2o.test", Roles.Staff, _store);
        _tokenA = await App.CreateClient().BearerTokenAsync("till.a@o2o.test");
        _tokenB = await App.CreateClient().BearerTokenAsync("till.b@o2o.test");
        await App.TillPromotionAsync("RIGHT10");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Till(string token, string address)
    {
        var client = App.CreateClient().As(token);
        client.DefaultRequestHeaders.Add(TestPeerStartupFilter.TestPeerHeader, address);
        return client;
    }

    private static int _reference;

    private static Task<(HttpStatusCode Status, string Body)> TryAsync(HttpClient till, Store store, string code) =>
        till.RedeemAsync(store, code, 2_000, $"G-{Interlocked.Increment(ref _reference)}").ReadAsync();

    private async Task GuessAsync(HttpClient till, int times)
    {
        for (var i = 0; i < times; i++)
            (await TryAsync(till, _store, $"GUESS{i:000}")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    private static async Task ShouldBeLimitedAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var problem = await response.ProblemAsync(HttpStatusCode.TooManyRequests);
        problem["code"]!.GetValue<string>().ShouldBe("promo_attempts_exceeded");
        response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, PromoAttemptsApp.Window.TotalSeconds);
        problem["retryAfterSeconds"]!.GetValue<int>().ShouldBe((int)response.Headers.RetryAfter.Delta.Value.TotalSeconds);
    }

    [Fact]
    public async Task AnAccountsRefusedCodes_AreLimited_AndTheLimitFollowsItToAnotherAddress_UntilTheWindowEnds()
    {
        await App.TillPromotionAsync("USED-ONCE-CODE", singleUse: true);
        var first = Till(_tokenA, "10.30.0.1");
        (await first.RedeemAsync(_store, "USED-ONCE-CODE", 2_000, "G-FIRST").ReadAsync()).Status.ShouldBe(HttpStatusCode.OK);
        // Three kinds of refusal, each counted: a code that doesn't exist, one used up, a receipt number sent with another code.
        (await TryAsync(first, _store, "NOPE0000")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await TryAsync(first, _store, "USED-ONCE-CODE")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await first.RedeemAsync(_store, "RIGHT10", 2_000, "G-FIRST").ReadAsync()).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);

        await ShouldBeLimitedAsync(first.RedeemAsync(_store, "NOPE0001", 2_000, "G-X1"));
        await ShouldBeLimitedAsync(Till(_tokenA, "10.30.0.2").RedeemAsync(_store, "RIGHT10", 2_000, "G-X2"));
        (await TryAsync(Till(_tokenB, "10.30.0.2"), _store, "RIGHT10")).Status.ShouldBe(HttpStatusCode.OK);

        App.Clock.Set(Tuesday + PromoAttemptsApp.Window);
        var later = await App.CreateClient().BearerTokenAsync("till.a@o2o.test");
        (await TryAsync(Till(later, "10.30.0.2"), _store, "RIGHT10")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAddressesRefusedCodes_AreLimited_WhateverAccountSendsThem()
    {
        await GuessAsync(Till(_tokenA, "10.31.0.1"), 2);
        await GuessAsync(Till(_tokenB, "10.31.0.1"), 2);

        await ShouldBeLimitedAsync(Till(_tokenB, "10.31.0.1").RedeemAsync(_store, "NOPE0002", 2_000, "G-Y1"));
        // Account B has had two of its three: from another address it may still try.
        (await TryAsync(Till(_tokenB, "10.31.0.9"), _store, "NOPE0003")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task ARightCode_IsNotCounted()
    {
        var till = Till(_tokenA, "10.32.0.1");
        await GuessAsync(till, PromoAttemptsApp.PerAccount - 1);
        for (var i = 0; i < 5; i++) (await TryAsync(till, _store, "RIGHT10")).Status.ShouldBe(HttpStatusCode.OK);

        await GuessAsync(till, 1);
        await ShouldBeLimitedAsync(till.RedeemAsync(_store, "NOPE0004", 2_000, "G-Z1"));
    }

    [Fact]
    public async Task ABurstOfParallelGuesses_GetsNoMoreThanTheLimit()
    {
        var till = Till(_tokenA, "10.33.0.1");
        var start = new TaskCompletionSource();
        var racing = Enumerable.Range(0, 20).Select(async i =>
        {
            await start.Task;
            return await TryAsync(till, _store, $"BURST{i:000}");
        }).ToArray();
        start.SetResult();
        var answers = await Task.WhenAll(racing);

        answers.Count(a => a.Status == HttpStatusCode.UnprocessableEntity).ShouldBe(PromoAttemptsApp.PerAccount);
        answers.Count(a => a.Status == HttpStatusCode.TooManyRequests && CounterFixtures.Code(a.Body) == "promo_attempts_exceeded").ShouldBe(20 - PromoAttemptsApp.PerAccount);
        (await App.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT failures AS \"Value\" FROM promo_attempts WHERE key LIKE 'account:%'").SingleAsync()))
            .ShouldBe(PromoAttemptsApp.PerAccount);
    }

    [Fact]
    public async Task AnOrderCarryingACode_FromAnAddressOverTheLimit_IsRefusedBeforeItIsPlaced_AndOneWithoutACodeIsNot()
    {
        var product = await App.ProductAsync("KETTLE");
        await App.StockAsync(_store, product, 5);
        await GuessAsync(Till(_tokenA, "10.34.0.1"), 3);
        await GuessAsync(Till(_tokenB, "10.34.0.1"), 1);
        var shopper = App.CreateClient();
        shopper.DefaultRequestHeaders.Add(TestPeerStartupFilter.TestPeerHeader, "10.34.0.1");
        var slot = await shopper.FirstSlotAsync(_store);
        var body = TestData.OrderBody(_store, slot, (product, 1));
        var withCode = new
        {
            storeId = _store.Id, pickupSlotStart = slot, customer = new { email = "ada@example.test", name = "Ada Lovelace", phone = "+33 6 12 34 56 78" },
            lines = new[] { new { productId = product.Id, quantity = 1 } }, promoCode = "GUESSED1",
        };

        await ShouldBeLimitedAsync(shopper.PostJsonAsync("/api/v1/orders", withCode));
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(0);
        await shopper.PlaceOrderAsync(body);
    }

    [Fact]
    public async Task UnknownCodesOnOrders_AreCounted_UntilTheAddressIsLimited()
    {
        var product = await App.ProductAsync("TOASTER");
        await App.StockAsync(_store, product, 5);
        var shopper = App.CreateClient();
        shopper.DefaultRequestHeaders.Add(TestPeerStartupFilter.TestPeerHeader, "10.37.0.1");
        var slot = await shopper.FirstSlotAsync(_store);
        object Guess(int i) => new
        {
            storeId = _store.Id, pickupSlotStart = slot, customer = new { email = $"guess{i}@example.test", name = "Ada Lovelace" },
            lines = new[] { new { productId = product.Id, quantity = 1 } }, promoCode = $"GUESSED{i}",
        };

        for (var i = 0; i < PromoAttemptsApp.PerAddress; i++)
        {
            var refused = await (await shopper.PostJsonAsync("/api/v1/orders", Guess(i))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            refused["reason"]!.GetValue<string>().ShouldBe("unknown");
        }
        await ShouldBeLimitedAsync(shopper.PostJsonAsync("/api/v1/orders", Guess(99)));
        (await App.WithDbAsync(db => db.Orders.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task TheCartsApply_CountsUnknownCodes_AndSaysTheLimitBesideTheField()
    {
        var product = await App.ProductAsync("KETTLE-G");
        await App.StockAsync(_store, product, 5);
        var page = PageClient.For(App);
        page.Http.DefaultRequestHeaders.Add(TestPeerStartupFilter.TestPeerHeader, "10.38.0.1");
        PageClient.Location(await page.PostFormAsync($"/stores/{_store.Id}", $"/stores/{_store.Id}?handler=Choose", []));
        PageClient.Location(await page.PostFormWithoutTokenAsync($"/products/{product.Id}?handler=AddToCart",
            new() { ["quantity"] = "1" }, PageClient.SameOrigin));

        for (var i = 0; i < PromoAttemptsApp.PerAddress; i++)
        {
            using var refused = await page.PostFormAsync("/cart", "/cart?handler=Promo", new() { ["PromoCode"] = $"WRONG{i}" });
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("This code doesn&#x27;t exist.");
        }
        using var limited = await page.PostFormAsync("/cart", "/cart?handler=Promo", new() { ["PromoCode"] = "RIGHT10" });

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await limited.Content.ReadAsStringAsync()).ShouldContain("Too many codes were refused. Wait 60 minutes and try again.");
    }

    [Fact]
    public async Task TheLimitsRefusal_IsInTheCallersLanguage()
    {
        var till = Till(_tokenA, "10.35.0.1");
        await GuessAsync(till, PromoAttemptsApp.PerAccount);
        till.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");

        var fr = await (await till.RedeemAsync(_store, "NOPE0005", 2_000, "G-L1")).ProblemAsync(HttpStatusCode.TooManyRequests);
        fr["title"]!.GetValue<string>().ShouldBe("Trop de codes ont été refusés. Patientez 60 minutes et réessayez.");
        till.DefaultRequestHeaders.AcceptLanguage.Clear();
        till.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
        var ar = await (await till.RedeemAsync(_store, "NOPE0005", 2_000, "G-L2")).ProblemAsync(HttpStatusCode.TooManyRequests);
        ar["title"]!.GetValue<string>().ShouldBe("رُفضت رموز كثيرة جدًا. انتظر 60 دقيقة ثم حاول مرة أخرى.");
    }

    [Fact]
    public async Task OnTheDeskPage_TheLimitIsSaidBesideTheCode()
    {
        await GuessAsync(Till(_tokenA, "10.36.0.1"), PromoAttemptsApp.PerAccount);
        var desk = await PageClient.SignedInAsync(App, "till.a@o2o.test");
        desk.Http.DefaultRequestHeaders.Add(TestPeerStartupFilter.TestPeerHeader, "10.36.0.2");
        var url = $"/staff/stores/{_store.Id}/redemptions";

        using var response = await desk.PostFormAsync(url, url, new() { ["code"] = "RIGHT10", ["subtotal"] = "20.00", ["reference"] = "P-1" });

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter.ShouldNotBeNull();
        CounterDeskPageTests.Beside(await response.Content.ReadAsStringAsync(), "code").ShouldContain("Too many codes were refused. Wait 60 minutes and try again.");
    }

    [Fact]
    public async Task CountersWhoseWindowHasEnded_AreForgotten_AndTheOthersKept()
    {
        await GuessAsync(Till(_tokenA, "10.37.0.1"), 1);
        App.Clock.Set(Tuesday + PromoAttemptsApp.Window);
        await GuessAsync(Till(await App.CreateClient().BearerTokenAsync("till.b@o2o.test"), "10.37.0.2"), 1);

        (await App.SendAsync(new O2O.Application.Promotions.PurgePromoAttempts())).ShouldBe(2);

        var kept = await App.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT key AS \"Value\" FROM promo_attempts ORDER BY key").ToListAsync());
        kept.Count.ShouldBe(2);
        kept.ShouldContain("address:10.37.0.2");
        kept.ShouldNotContain("address:10.37.0.1");
    }

    [Fact]
    public async Task OrdersCarryingARightCode_AreNotCounted_AndTheirAnswerPassesThroughTheFilterUnchanged()
    {
        var product = await App.ProductAsync("TEAPOT");
        await App.StockAsync(_store, product, 20);
        var shopper = App.CreateClient();
        shopper.DefaultRequestHeaders.Add(TestPeerStartupFilter.TestPeerHeader, "10.38.0.1");
        var slot = await shopper.FirstSlotAsync(_store);

        for (var i = 0; i < PromoAttemptsApp.PerAddress + 1; i++)
        {
            using var placed = await shopper.PostJsonAsync("/api/v1/orders", new
            {
                storeId = _store.Id, pickupSlotStart = slot, customer = new { email = "ada@example.test", name = "Ada Lovelace", phone = "+33 6 12 34 56 78" },
                lines = new[] { new { productId = product.Id, quantity = 1 } }, promoCode = "RIGHT10",
            });
            var order = await placed.JsonAsync();
            placed.StatusCode.ShouldBe(HttpStatusCode.Created, order.ToJsonString());
            placed.Headers.Location!.OriginalString.ShouldBe($"/api/v1/orders/{order["id"]!.GetValue<string>()}");
        }

        (await App.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT failures AS \"Value\" FROM promo_attempts WHERE key = 'address:10.38.0.1'").SingleAsync()))
            .ShouldBe(0);
    }

    /// <summary>Another app instance on the same database, with the same limits.</summary>
    private sealed class SecondInstance(string connectionString, TimeProvider clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:O2O", connectionString);
            builder.UseSetting("Jobs:Enabled", "false");
            builder.UseSetting("Email:DispatcherEnabled", "false");
            builder.UseSetting("Payments:DispatcherEnabled", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.UseSetting("PromoAttempts:PerAddress", PromoAttemptsApp.PerAddress.ToString());
            builder.UseSetting("PromoAttempts:PerAccount", PromoAttemptsApp.PerAccount.ToString());
            builder.UseSetting("PromoAttempts:WindowSeconds", ((int)PromoAttemptsApp.Window.TotalSeconds).ToString());
            builder.ConfigureServices(s =>
            {
                s.AddSingleton(clock);
                s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestPeerStartupFilter>();
            });
        }
    }

    [Fact]
    public async Task TheLimit_HoldsAcrossAppInstances()
    {
        await using var second = new SecondInstance(App.ConnectionString, App.Clock);
        var elsewhere = second.CreateClient().As(_tokenA);
        elsewhere.DefaultRequestHeaders.Add(TestPeerStartupFilter.TestPeerHeader, "10.39.0.2");
        await GuessAsync(Till(_tokenA, "10.39.0.1"), PromoAttemptsApp.PerAccount - 1);
        await GuessAsync(elsewhere, 1);

        await ShouldBeLimitedAsync(Till(_tokenA, "10.39.0.1").RedeemAsync(_store, "RIGHT10", 2_000, "G-I1"));
        await ShouldBeLimitedAsync(elsewhere.RedeemAsync(_store, "RIGHT10", 2_000, "G-I2"));
    }
}
