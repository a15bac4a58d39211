using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using O2O.Application.Diagnostics;
using O2O.Application.Jobs;
using O2O.Domain.Catalog;
using O2O.Domain.Stores;
using O2O.Infrastructure.Data;
using O2O.Infrastructure.Identity;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Payments;

public sealed class StripePaymentTests(StripeO2OApp fixture) : StripeIntegrationTest(fixture)
{
    [Fact]
    public async Task PlaceOrder_CreatesAPaymentIntentForTheServerPricedTotal_AndReturnsItsClientSecret()
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE", 3490);
        var mug = await App.ProductAsync("MUG", 650);
        await App.StockAsync(store, kettle, 5);
        await App.StockAsync(store, mug, 10);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);

        var order = await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (kettle, 2), (mug, 3)));

        var orderId = order["id"]!.GetValue<Guid>();
        var create = Stripe.RequestsTo("/v1/payment_intents").ShouldHaveSingleItem();
        create.Method.ShouldBe("POST");
        create.Authorization.ShouldBe("Bearer sk_test_fake");
        create.Form["amount"].ShouldBe((2 * 3490 + 3 * 650).ToString());
        create.Form["currency"].ShouldBe("eur");
        create.Form["capture_method"].ShouldBe("automatic");
        create.Form["metadata[order_id]"].ShouldBe(orderId.ToString());
        create.IdempotencyKey.ShouldBe($"o2o-order-{orderId}");
        var intent = Stripe.Intent(await PaymentReferenceAsync(orderId));
        order["payment"]!["provider"]!.GetValue<string>().ShouldBe("stripe");
        order["payment"]!["testMode"]!.GetValue<bool>().ShouldBeFalse();
        order["payment"]!["clientSecret"]!.GetValue<string>().ShouldBe(intent["client_secret"]!.GetValue<string>());
        order["status"]!.GetValue<string>().ShouldBe("PendingPayment");
    }

    [Fact]
    public async Task SucceededWebhook_MarksTheOrderPaid_AndGivesItAPickupCode()
    {
        var (client, order, intentId) = await PlaceOrderAsync();
        (await GetOrderAsync(client, order))["pickupCode"].ShouldBeNull();

        var applied = await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));

        applied.ShouldBe("Applied");
        var view = await GetOrderAsync(client, order);
        view["status"]!.GetValue<string>().ShouldBe("Paid");
        view["pickupCode"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        view["payment"]!["provider"]!.GetValue<string>().ShouldBe("stripe");
        view["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()).ShouldBe(["PendingPayment", "Paid"]);
    }

    [Theory]
    [InlineData("signed with another secret")]
    [InlineData("body changed after signing")]
    [InlineData("signed too long ago")]
    [InlineData("empty signature")]
    [InlineData("no signature header")]
    public async Task Webhook_WithoutAValidSignature_Returns400_AndChangesNothing(string forgery)
    {
        var (client, order, intentId) = await PlaceOrderAsync();
        var genuine = Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId));
        var forged = forgery switch
        {
            "signed with another secret" => Sign("payment_intent.succeeded", Stripe.Intent(intentId), secret: "whsec_someone_else"),
            "body changed after signing" => genuine with { Payload = genuine.Payload.Replace("\"livemode\":false", "\"livemode\":true", StringComparison.Ordinal) },
            "signed too long ago" => StripeEvents.Sign("payment_intent.succeeded", Stripe.Intent(intentId), StripeO2OApp.WebhookSecret,
                signedAt: DateTimeOffset.UtcNow.AddMinutes(-10)),
            "empty signature" => genuine with { Signature = "" },
            "no signature header" => genuine with { Signature = null },
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        var response = await client.PostStripeEventAsync(forged);

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        (await GetOrderAsync(client, order))["status"]!.GetValue<string>().ShouldBe("PendingPayment");
        (await App.WithDbAsync(db => Task.FromResult(db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM payment_events").Single())))
            .ShouldBe(0);
        // Nothing was recorded for the forgery, so the genuine event still applies.
        (await DeliverAsync(client, genuine)).ShouldBe("Applied");
    }

    [Fact]
    public async Task Webhook_DeliveredTwice_IsAppliedOnce()
    {
        var (client, order, intentId) = await PlaceOrderAsync();
        var succeeded = Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId));

        var first = await DeliverAsync(client, succeeded);
        var codeAfterFirst = (await GetOrderAsync(client, order))["pickupCode"]!.GetValue<string>();
        var second = await DeliverAsync(client, succeeded);

        first.ShouldBe("Applied");
        second.ShouldBe("Duplicate");
        var view = await GetOrderAsync(client, order);
        view["pickupCode"]!.GetValue<string>().ShouldBe(codeAfterFirst);
        view["history"]!.AsArray().Count(h => h!["status"]!.GetValue<string>() == "Paid").ShouldBe(1);
    }

    [Fact]
    public async Task SucceededWebhook_ForAnotherAmountOrCurrency_DoesNotMarkTheOrderPaid()
    {
        var (client, order, intentId) = await PlaceOrderAsync();
        var intent = Stripe.ConfirmIntent(intentId);
        var total = intent["amount"]!.GetValue<long>();
        var tooLittle = (JsonObject)intent.DeepClone();
        tooLittle["amount"] = total - 1;
        var otherCurrency = (JsonObject)intent.DeepClone();
        otherCurrency["currency"] = "usd";

        (await DeliverAsync(client, Sign("payment_intent.succeeded", tooLittle))).ShouldBe("AmountMismatch");
        (await DeliverAsync(client, Sign("payment_intent.succeeded", otherCurrency))).ShouldBe("AmountMismatch");

        var view = await GetOrderAsync(client, order);
        view["status"]!.GetValue<string>().ShouldBe("PendingPayment");
        view["pickupCode"].ShouldBeNull();
    }

    [Fact]
    public async Task PaymentFailedWebhook_LeavesTheOrderPayable_AndALaterSuccessPaysIt()
    {
        var (client, order, intentId) = await PlaceOrderAsync();

        (await DeliverAsync(client, Sign("payment_intent.payment_failed", Stripe.DeclineIntent(intentId)))).ShouldBe("Applied");
        (await GetOrderAsync(client, order))["status"]!.GetValue<string>().ShouldBe("PendingPayment");

        (await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)))).ShouldBe("Applied");
        (await GetOrderAsync(client, order))["status"]!.GetValue<string>().ShouldBe("Paid");
    }

    [Fact]
    public async Task SimulatedPaymentRoute_WhenStripeIsActive_Returns404_AndChangesNothing()
    {
        var (client, order, _) = await PlaceOrderAsync();

        var response = await client.PostJsonAsync($"/api/v1/payments/simulated/{order["id"]!.GetValue<Guid>()}", new { outcome = "succeeded" });

        await response.ProblemAsync(HttpStatusCode.NotFound);
        (await GetOrderAsync(client, order))["status"]!.GetValue<string>().ShouldBe("PendingPayment");
    }

    [Fact]
    public async Task CancellingAPaidOrder_RefundsThePaymentIntent_AndReleasesStockAndSlot()
    {
        var (client, order, intentId, store, kettle) = await PlaceOrderWithStoreAsync(quantity: 2);
        await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));

        var response = await CancelAsync(client, order);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var refund = Stripe.RequestsTo("/v1/refunds").ShouldHaveSingleItem();
        refund.Status.ShouldBe(200);
        refund.Form["payment_intent"].ShouldBe(intentId);
        refund.Form["amount"].ShouldBe("2000");
        refund.IdempotencyKey.ShouldBe($"o2o-cmd-{refund.Form["metadata[o2o_command_id]"]}");
        Stripe.Intent(intentId)["amount_refunded"]!.GetValue<long>().ShouldBe(2 * 1000);
        var view = await GetOrderAsync(client, order);
        view["status"]!.GetValue<string>().ShouldBe("Cancelled");
        view["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        (await App.StockOfAsync(store, kettle)).ShouldBe((5, 0));
        await ShouldHaveAllPlacesFreeAsync(client, store);
    }

    [Fact]
    public async Task CancellingAPaidOrder_WhenStripeIsDown_CancelsAtOnce_AndSendsTheRefundOnceWhenStripeIsBack()
    {
        var (client, order, intentId, store, kettle) = await PlaceOrderWithStoreAsync(quantity: 2);
        await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));
        Stripe.FailWith(HttpStatusCode.InternalServerError);

        var response = await CancelAsync(client, order);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var view = await GetOrderAsync(client, order);
        view["status"]!.GetValue<string>().ShouldBe("Cancelled");
        view["payment"]!["refunded"]!.GetValue<bool>().ShouldBeFalse();
        view["payment"]!["refundPending"]!.GetValue<bool>().ShouldBeTrue();
        (await App.StockOfAsync(store, kettle)).ShouldBe((5, 0));
        await ShouldHaveAllPlacesFreeAsync(client, store);

        // Before its backoff has passed, the dispatcher leaves it alone; after it, the refund goes out once.
        Stripe.Recover();
        (await App.DispatchPaymentsAsync()).ShouldBe(0);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await App.DispatchPaymentsAsync()).ShouldBe(1);
        (await App.DispatchPaymentsAsync()).ShouldBe(0);

        var refunds = Stripe.RequestsTo("/v1/refunds");
        refunds.Count.ShouldBe(2); // the refused attempt and the one that went through, with the same key
        refunds.Select(r => r.IdempotencyKey).Distinct().ShouldHaveSingleItem();
        Stripe.Intent(intentId)["amount_refunded"]!.GetValue<long>().ShouldBe(2000);
        var refunded = await GetOrderAsync(client, order);
        refunded["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        refunded["payment"]!["refundPending"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task ShortPicks_OfTheSameAmountTwice_RefundTwice()
    {
        var (client, order, intentId, store, _) = await PlaceOrderWithStoreAsync(quantity: 3, capture: CaptureMode.AtOrder);
        await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));
        var lineId = (await GetOrderAsync(client, order))["lines"]![0]!["id"]!.GetValue<Guid>();
        var staff = await StaffClientAsync(store);
        var shortPath = $"/api/v1/staff/orders/{order["id"]!.GetValue<Guid>()}/lines/{lineId}/short";

        (await staff.PostJsonAsync(shortPath, new { quantity = 1, reason = "Damaged box" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.PostJsonAsync(shortPath, new { quantity = 1, reason = "Second one damaged too" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refunds = Stripe.RequestsTo("/v1/refunds");
        refunds.Count.ShouldBe(2);
        refunds.ShouldAllBe(r => r.Status == 200 && r.Form["amount"] == "1000");
        refunds.Select(r => r.IdempotencyKey).Distinct().Count().ShouldBe(2);
        Stripe.Intent(intentId)["amount_refunded"]!.GetValue<long>().ShouldBe(2000);
        (await GetOrderAsync(client, order))["total"]!["amount"]!.GetValue<long>().ShouldBe(1000);
    }

    [Fact]
    public async Task ARefundStripeRefuses_IsListedForAdmins_AndTheShopperSeesItPending_UntilAnAdminRetriesIt()
    {
        var (client, order, intentId, _, _) = await PlaceOrderWithStoreAsync(quantity: 2);
        await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));
        Stripe.FailWith(HttpStatusCode.BadRequest, "invalid_request_error", "This charge is disputed.", "charge_disputed");

        (await CancelAsync(client, order)).StatusCode.ShouldBe(HttpStatusCode.OK);

        App.Clock.Advance(TimeSpan.FromHours(2));
        (await App.DispatchPaymentsAsync()).ShouldBe(0); // refused for good: not retried by itself
        (await GetOrderAsync(client, order))["payment"]!["refundPending"]!.GetValue<bool>().ShouldBeTrue();
        var admin = await AdminClientAsync();
        var attention = await admin.GetJsonAsync("/api/v1/admin/payment-commands");
        var failed = attention["failed"]!.AsArray().ShouldHaveSingleItem()!;
        failed["orderNumber"]!.GetValue<string>().ShouldBe(order["number"]!.GetValue<string>());
        failed["kind"]!.GetValue<string>().ShouldBe("Refund");
        failed["lastError"]!.GetValue<string>().ShouldContain("disputed");
        var page = await (await PageClient.SignedInAsync(App, "boss@o2o.test", "Boss-pass-1")).GetAsync("/admin/payments");
        page.ShouldContain(order["number"]!.GetValue<string>());

        Stripe.Recover();
        var retried = await admin.PostJsonAsync($"/api/v1/admin/payment-commands/{failed["id"]}/retry", new { });

        retried.StatusCode.ShouldBe(HttpStatusCode.OK, await retried.Content.ReadAsStringAsync());
        (await retried.JsonAsync())["status"]!.GetValue<string>().ShouldBe("Succeeded");
        var refunds = Stripe.RequestsTo("/v1/refunds");
        refunds.Select(r => r.IdempotencyKey).Distinct().Count().ShouldBe(2); // a refused key replays its refusal: the retry has its own
        Stripe.Intent(intentId)["amount_refunded"]!.GetValue<long>().ShouldBe(2000);
        (await GetOrderAsync(client, order))["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        (await admin.GetJsonAsync("/api/v1/admin/payment-commands"))["failed"]!.AsArray().ShouldBeEmpty();
        (await admin.PostJsonAsync($"/api/v1/admin/payment-commands/{failed["id"]}/retry", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ChargeRefundedWebhook_SettlesARefundWhoseAnswerWasLost()
    {
        var (client, order, intentId, _, _) = await PlaceOrderWithStoreAsync(quantity: 2);
        await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));
        Stripe.FailWith(HttpStatusCode.InternalServerError);
        (await CancelAsync(client, order)).StatusCode.ShouldBe(HttpStatusCode.OK);
        Stripe.Recover();
        // Stripe did refund (its answer never arrived): it says so with charge.refunded.
        var charge = Stripe.Charge(intentId);
        charge["amount_refunded"] = 2000;
        charge["refunded"] = true;
        var e = Sign("charge.refunded", charge);

        (await DeliverAsync(client, e)).ShouldBe("Reconciled");
        (await DeliverAsync(client, e)).ShouldBe("Ignored");

        (await GetOrderAsync(client, order))["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        App.Clock.Advance(TimeSpan.FromHours(2));
        (await App.DispatchPaymentsAsync()).ShouldBe(0);
        Stripe.RequestsTo("/v1/refunds").Count.ShouldBe(1); // only the failed first attempt
    }

    [Fact]
    public async Task NoRowLockIsHeld_WhileTheRefundWaitsOnStripe()
    {
        var (client, order, intentId, _, _) = await PlaceOrderWithStoreAsync(quantity: 2);
        await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));
        using (Stripe.PauseAnswers())
        {
            var cancel = CancelAsync(client, order);
            await Stripe.WaitForRequestAsync("/v1/refunds");

            // While the app waits on Stripe: no transaction of the app's is open, and the order row is free to lock.
            var (idleInTransaction, locked) = await App.WithDbAsync(async db =>
            {
                var idle = await db.Database.SqlQueryRaw<int>(
                    "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()").SingleAsync();
                await using var tx = await db.Database.BeginTransactionAsync();
                var rows = await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM orders WHERE id = {order["id"]!.GetValue<Guid>()} FOR UPDATE NOWAIT").ToListAsync();
                await tx.RollbackAsync();
                return (idle, rows.Count);
            });
            idleInTransaction.ShouldBe(0);
            locked.ShouldBe(1);
            Stripe.ResumeAnswers();
            (await cancel).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await GetOrderAsync(client, order))["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task SucceededWebhook_ForAnOrderNotCommittedYet_IsNotRecorded_SoItsRedeliveryPaysTheOrder()
    {
        var (client, order, intentId) = await PlaceOrderAsync();
        var confirmed = Stripe.ConfirmIntent(intentId);
        var early = (JsonObject)confirmed.DeepClone();
        early["metadata"]!["order_id"] = Guid.NewGuid().ToString(); // an order this database does not hold (yet)
        var unknown = Sign("payment_intent.succeeded", early);

        var response = await client.PostStripeEventAsync(unknown);

        await response.ProblemAsync(HttpStatusCode.Conflict);
        (await App.WithDbAsync(db => db.Set<O2O.Infrastructure.Data.Configurations.PaymentEventRow>().CountAsync(e => e.EventId == unknown.Id))).ShouldBe(0);
        (await DeliverAsync(client, Sign("payment_intent.succeeded", confirmed))).ShouldBe("Applied");
    }

    [Fact]
    public async Task CaptureAtHandover_AuthorisesAtOrder_AndCapturesWhenStaffHandTheOrderOver()
    {
        var (client, order, intentId, store, kettle) = await PlaceOrderWithStoreAsync(quantity: 2, capture: CaptureMode.AtHandover);
        Stripe.RequestsTo("/v1/payment_intents").ShouldHaveSingleItem().Form["capture_method"].ShouldBe("manual");

        var authorised = Stripe.ConfirmIntent(intentId);
        authorised["status"]!.GetValue<string>().ShouldBe("requires_capture");
        (await DeliverAsync(client, Sign("payment_intent.amount_capturable_updated", authorised))).ShouldBe("Applied");
        var paid = await GetOrderAsync(client, order);
        paid["status"]!.GetValue<string>().ShouldBe("Paid");
        Stripe.Requests.ShouldNotContain(r => r.Path.EndsWith("/capture", StringComparison.Ordinal));

        var staff = await StaffClientAsync(store);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{order["id"]!.GetValue<Guid>()}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var collect = await staff.PostJsonAsync($"/api/v1/staff/orders/{order["id"]!.GetValue<Guid>()}/collect", new { pickupCode = paid["pickupCode"]!.GetValue<string>() });

        collect.StatusCode.ShouldBe(HttpStatusCode.OK, await collect.Content.ReadAsStringAsync());
        (await collect.JsonAsync())["status"]!.GetValue<string>().ShouldBe("Collected");
        var capture = Stripe.RequestsTo($"/v1/payment_intents/{intentId}/capture").ShouldHaveSingleItem();
        capture.Status.ShouldBe(200);
        capture.Form["amount_to_capture"].ShouldBe((2 * 1000).ToString());
        Stripe.Intent(intentId)["status"]!.GetValue<string>().ShouldBe("succeeded");
        (await App.StockOfAsync(store, kettle)).ShouldBe((3, 0));
    }

    [Fact]
    public async Task ShortPick_OfACapturedOrder_RefundsTheMissingUnits_AndLowersTheTotal()
    {
        var (client, order, intentId, store, kettle) = await PlaceOrderWithStoreAsync(quantity: 3, capture: CaptureMode.AtOrder);
        await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));
        var paid = await GetOrderAsync(client, order);
        var lineId = paid["lines"]![0]!["id"]!.GetValue<Guid>();
        var staff = await StaffClientAsync(store);

        var response = await staff.PostJsonAsync($"/api/v1/staff/orders/{order["id"]!.GetValue<Guid>()}/lines/{lineId}/short", new { quantity = 2, reason = "Damaged box" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var view = await response.JsonAsync();
        view["total"]!["amount"]!.GetValue<long>().ShouldBe(1000);
        view["lines"]![0]!["shortQuantity"]!.GetValue<int>().ShouldBe(2);
        var refund = Stripe.RequestsTo("/v1/refunds").ShouldHaveSingleItem();
        refund.Form["payment_intent"].ShouldBe(intentId);
        refund.Form["amount"].ShouldBe("2000");
        (await App.StockOfAsync(store, kettle)).ShouldBe((3, 1)); // two units gone from the shelf, one still held
        (await App.SendAsync(new O2O.Application.Diagnostics.CheckInvariants())).Violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task ShortPick_OfAnAuthorisedOrder_CapturesOnlyWhatIsHandedOver()
    {
        var (client, order, intentId, store, _) = await PlaceOrderWithStoreAsync(quantity: 2, capture: CaptureMode.AtHandover);
        await DeliverAsync(client, Sign("payment_intent.amount_capturable_updated", Stripe.ConfirmIntent(intentId)));
        var paid = await GetOrderAsync(client, order);
        var id = order["id"]!.GetValue<Guid>();
        var staff = await StaffClientAsync(store);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/lines/{paid["lines"]![0]!["id"]}/short", new { quantity = 1, reason = "Not found" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/ready", new { });

        var collect = await staff.PostJsonAsync($"/api/v1/staff/orders/{id}/collect", new { pickupCode = paid["pickupCode"]!.GetValue<string>() });

        collect.StatusCode.ShouldBe(HttpStatusCode.OK);
        Stripe.RequestsTo("/v1/refunds").ShouldBeEmpty();
        Stripe.RequestsTo($"/v1/payment_intents/{intentId}/capture").ShouldHaveSingleItem().Form["amount_to_capture"].ShouldBe("1000");
    }

    [Fact]
    public async Task Collect_WhenStripeIsDown_HandsTheOrderOver_AndCapturesOnceWhenStripeIsBack()
    {
        var (client, order, intentId, store, kettle) = await PlaceOrderWithStoreAsync(quantity: 2, capture: CaptureMode.AtHandover);
        await DeliverAsync(client, Sign("payment_intent.amount_capturable_updated", Stripe.ConfirmIntent(intentId)));
        var pickupCode = (await GetOrderAsync(client, order))["pickupCode"]!.GetValue<string>();
        var staff = await StaffClientAsync(store);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{order["id"]!.GetValue<Guid>()}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        Stripe.FailWith(HttpStatusCode.InternalServerError);

        var collect = await staff.PostJsonAsync($"/api/v1/staff/orders/{order["id"]!.GetValue<Guid>()}/collect", new { pickupCode });

        // The shopper is at the desk with the goods: the hand-over stands, and the capture follows.
        collect.StatusCode.ShouldBe(HttpStatusCode.OK, await collect.Content.ReadAsStringAsync());
        (await GetOrderAsync(client, order))["status"]!.GetValue<string>().ShouldBe("Collected");
        (await App.StockOfAsync(store, kettle)).ShouldBe((3, 0));
        Stripe.Intent(intentId)["status"]!.GetValue<string>().ShouldBe("requires_capture");

        Stripe.Recover();
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await App.DispatchPaymentsAsync()).ShouldBe(1);
        var captures = Stripe.RequestsTo($"/v1/payment_intents/{intentId}/capture");
        captures.Count.ShouldBe(2);
        captures[1].Status.ShouldBe(200);
        Stripe.Intent(intentId)["amount_received"]!.GetValue<long>().ShouldBe(2000);
    }

    [Fact]
    public async Task NoShow_OfACaptureAtHandoverOrder_VoidsTheAuthorisation_AndReleasesTheStock()
    {
        var (client, order, intentId, store, kettle) = await PlaceOrderWithStoreAsync(quantity: 2, capture: CaptureMode.AtHandover);
        await DeliverAsync(client, Sign("payment_intent.amount_capturable_updated", Stripe.ConfirmIntent(intentId)));
        var staff = await StaffClientAsync(store);
        (await staff.PostJsonAsync($"/api/v1/staff/orders/{order["id"]!.GetValue<Guid>()}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var slotEnd = DateTimeOffset.Parse(order["pickupSlot"]!["end"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        App.Clock.Advance(slotEnd - App.Clock.GetUtcNow() + TimeSpan.FromDays(store.Pickup.HoldDays) + TimeSpan.FromMinutes(1));
        (await App.SendAsync(new HandleNoShows())).ShouldBe(1);
        (await App.DispatchPaymentsAsync()).ShouldBe(1);

        var cancel = Stripe.RequestsTo($"/v1/payment_intents/{intentId}/cancel").ShouldHaveSingleItem();
        cancel.Status.ShouldBe(200);
        cancel.IdempotencyKey.ShouldStartWith("o2o-cmd-");
        Stripe.RequestsTo("/v1/refunds").ShouldBeEmpty();
        Stripe.Intent(intentId)["status"]!.GetValue<string>().ShouldBe("canceled");
        var view = await GetOrderAsync(client, order);
        view["status"]!.GetValue<string>().ShouldBe("NoShow");
        view["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        (await App.StockOfAsync(store, kettle)).ShouldBe((5, 0));
    }

    [Fact]
    public async Task NoShows_WhenStripeAlreadyReleasedOneAuthorisation_SettleBoth_WithoutAnAdminNeeded()
    {
        var store = await App.StoreAsync(capture: CaptureMode.AtHandover);
        var kettle = await App.ProductAsync("KETTLE", 1000);
        await App.StockAsync(store, kettle, 5);
        var client = App.CreateClient();
        var staff = await StaffClientAsync(store);
        var orders = new List<(JsonNode Order, string IntentId)>();
        foreach (var skip in new[] { 0, 1 })
        {
            var order = await client.PlaceOrderAsync(TestData.OrderBody(store, await client.FirstSlotAsync(store, skip), (kettle, 1)));
            var intentId = await PaymentReferenceAsync(order["id"]!.GetValue<Guid>());
            await DeliverAsync(client, Sign("payment_intent.amount_capturable_updated", Stripe.ConfirmIntent(intentId)));
            (await staff.PostJsonAsync($"/api/v1/staff/orders/{order["id"]!.GetValue<Guid>()}/ready", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
            orders.Add((order, intentId));
        }
        // Stripe cancels an authorisation nobody captured after about a week; voiding it again is refused, but the money is back.
        Stripe.CancelIntentOnStripesSide(orders[0].IntentId);
        var lastSlotEnd = DateTimeOffset.Parse(orders[1].Order["pickupSlot"]!["end"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        App.Clock.Advance(lastSlotEnd - App.Clock.GetUtcNow() + TimeSpan.FromDays(store.Pickup.HoldDays) + TimeSpan.FromMinutes(1));

        (await App.SendAsync(new HandleNoShows())).ShouldBe(2);
        (await App.DispatchPaymentsAsync()).ShouldBe(2);

        Stripe.RequestsTo($"/v1/payment_intents/{orders[0].IntentId}/cancel").ShouldHaveSingleItem().Status.ShouldBe(400);
        Stripe.RequestsTo($"/v1/payment_intents/{orders[1].IntentId}/cancel").ShouldHaveSingleItem().Status.ShouldBe(200);
        foreach (var (o, _) in orders)
        {
            var view = await GetOrderAsync(client, o);
            view["status"]!.GetValue<string>().ShouldBe("NoShow");
            view["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        }
        (await App.StockOfAsync(store, kettle)).ShouldBe((5, 0));
        (await (await AdminClientAsync()).GetJsonAsync("/api/v1/admin/payment-commands"))["failed"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task LatePayment_AfterTheHoldExpired_ReinstatesTheOrder_WhenStockAndSlotAreStillThere()
    {
        var (client, order, intentId, store, kettle) = await PlaceOrderWithStoreAsync(quantity: 2);
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        (await App.SendAsync(new ExpireHolds())).ShouldBe(1);
        (await App.StockOfAsync(store, kettle)).ShouldBe((5, 0));

        var applied = await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));

        applied.ShouldBe("ReinstatedAfterExpiry");
        var view = await GetOrderAsync(client, order);
        view["status"]!.GetValue<string>().ShouldBe("Paid");
        view["pickupCode"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        view["payment"]!["refunded"]!.GetValue<bool>().ShouldBeFalse();
        Stripe.RequestsTo("/v1/refunds").ShouldBeEmpty();
        (await App.StockOfAsync(store, kettle)).ShouldBe((5, 2));
        // The order's place in its slot is taken again. Read from the bookings: 16 minutes on, the slot may be
        // inside the lead time and no longer offered, depending on the instant the test starts at.
        var booked = await App.WithDbAsync(db => db.Database.SqlQuery<int>(
            $"SELECT booked AS \"Value\" FROM pickup_slot_bookings WHERE store_id = {store.Id}").ToListAsync());
        booked.ShouldBe([1]);
        (await App.SendAsync(new CheckInvariants())).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task LatePayment_AfterTheStockWasTaken_IsRefunded_AndTheOrderStaysExpired()
    {
        var (client, order, intentId, store, kettle) = await PlaceOrderWithStoreAsync(quantity: 1, onHand: 1);
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        (await App.SendAsync(new ExpireHolds())).ShouldBe(1);
        var slot = await client.FirstSlotAsync(store);
        await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (kettle, 1)));

        var applied = await DeliverAsync(client, Sign("payment_intent.succeeded", Stripe.ConfirmIntent(intentId)));

        applied.ShouldBe("RefundedAfterExpiry");
        var refund = Stripe.RequestsTo("/v1/refunds").ShouldHaveSingleItem();
        refund.Status.ShouldBe(200);
        refund.Form["payment_intent"].ShouldBe(intentId);
        refund.Form["amount"].ShouldBe(order["total"]!["amount"]!.GetValue<long>().ToString());
        var view = await GetOrderAsync(client, order);
        view["status"]!.GetValue<string>().ShouldBe("Expired");
        view["pickupCode"].ShouldBeNull();
        view["payment"]!["refunded"]!.GetValue<bool>().ShouldBeTrue();
        (await App.StockOfAsync(store, kettle)).ShouldBe((1, 1));
        (await App.SendAsync(new CheckInvariants())).Ok.ShouldBeTrue();
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "api_error")]
    [InlineData(HttpStatusCode.PaymentRequired, "card_error")]
    public async Task PlaceOrder_WhenStripeRefusesToCreateTheIntent_Returns503_AndHoldsNothing(HttpStatusCode status, string errorType)
    {
        var store = await App.StoreAsync();
        var kettle = await App.ProductAsync("KETTLE");
        await App.StockAsync(store, kettle, 5);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        Stripe.FailWith(status, errorType);

        var response = await client.PostJsonAsync("/api/v1/orders", TestData.OrderBody(store, slot, (kettle, 2)));

        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem["code"]!.GetValue<string>().ShouldBe("payment_unavailable");
        Stripe.RequestsTo("/v1/payment_intents").ShouldHaveSingleItem().Status.ShouldBe((int)status);
        (await App.StockOfAsync(store, kettle)).ShouldBe((5, 0));
        await ShouldHaveAllPlacesFreeAsync(client, store);
        (await App.WithDbAsync(db => Task.FromResult(db.Orders.Count(o => o.Status == O2O.Domain.Orders.OrderStatus.PendingPayment)))).ShouldBe(0);
        (await App.SendAsync(new CheckInvariants())).Ok.ShouldBeTrue();
    }

    private async Task<(HttpClient Client, JsonNode Order, string IntentId)> PlaceOrderAsync()
    {
        var (client, order, intentId, _, _) = await PlaceOrderWithStoreAsync();
        return (client, order, intentId);
    }

    private async Task<(HttpClient Client, JsonNode Order, string IntentId, Store Store, Product Product)> PlaceOrderWithStoreAsync(
        int quantity = 1, int onHand = 5, CaptureMode capture = CaptureMode.AtOrder)
    {
        var store = await App.StoreAsync(capture: capture);
        var kettle = await App.ProductAsync("KETTLE", 1000);
        await App.StockAsync(store, kettle, onHand);
        var client = App.CreateClient();
        var slot = await client.FirstSlotAsync(store);
        var order = await client.PlaceOrderAsync(TestData.OrderBody(store, slot, (kettle, quantity)));
        return (client, order, await PaymentReferenceAsync(order["id"]!.GetValue<Guid>()), store, kettle);
    }

    private static async Task<HttpResponseMessage> CancelAsync(HttpClient client, JsonNode order)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{order["id"]!.GetValue<Guid>()}/cancel")
        { Content = System.Net.Http.Json.JsonContent.Create(new { reason = "Changed my mind" }) };
        request.Headers.Add("X-Order-Token", order["accessToken"]!.GetValue<string>());
        return await client.SendAsync(request);
    }

    private Task<string> PaymentReferenceAsync(Guid orderId) => Task.FromResult(Stripe.IntentIdForOrder(orderId));

    private static StripeEvents.SignedEvent Sign(string type, JsonObject intent, string secret = StripeO2OApp.WebhookSecret) =>
        StripeEvents.Sign(type, intent, secret);

    /// <summary>Delivers a genuine event and returns what the app says it did with it.</summary>
    private static async Task<string> DeliverAsync(HttpClient client, StripeEvents.SignedEvent e)
    {
        var response = await client.PostStripeEventAsync(e);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["applied"]!.GetValue<string>();
    }

    private static async Task<JsonNode> GetOrderAsync(HttpClient client, JsonNode order)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{order["id"]!.GetValue<Guid>()}");
        request.Headers.Add("X-Order-Token", order["accessToken"]!.GetValue<string>());
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private static async Task ShouldHaveAllPlacesFreeAsync(HttpClient client, Store store)
    {
        var slots = (await client.GetJsonAsync($"/api/v1/stores/{store.Id}/pickup-slots?days=3")).AsArray();
        slots.ShouldAllBe(s => s!["remaining"]!.GetValue<int>() == s["capacity"]!.GetValue<int>());
    }

    /// <summary>An admin, signed in through the API (and able to sign in to the pages as boss@o2o.test).</summary>
    private async Task<HttpClient> AdminClientAsync()
    {
        const string email = "boss@o2o.test", password = "Boss-pass-1";
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Boss" };
                (await users.CreateAsync(user, password)).Succeeded.ShouldBeTrue();
                (await users.AddToRoleAsync(user, Roles.Admin)).Succeeded.ShouldBeTrue();
            }
        }
        var client = App.CreateClient();
        return client.As(await client.BearerTokenAsync(email, password));
    }

    /// <summary>A staff member assigned to <paramref name="store"/>, signed in through the API.</summary>
    private async Task<HttpClient> StaffClientAsync(Store store)
    {
        const string email = "desk@o2o.test", password = "Desk-pass-1";
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Desk" };
            (await users.CreateAsync(user, password)).Succeeded.ShouldBeTrue();
            (await users.AddToRoleAsync(user, Roles.Staff)).Succeeded.ShouldBeTrue();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.StaffAssignments.Add(new StaffAssignment(user.Id, store.Id));
            await db.SaveChangesAsync();
        }
        var client = App.CreateClient();
        return client.As(await client.BearerTokenAsync(email, password));
    }
}
